import type { ConnectionInfo } from '../../../contract/server-types.ts';
import { formatTime } from '../logic/format.ts';

export function ConnectionsView({
  connections,
  onShowMessages,
}: {
  connections: ConnectionInfo[];
  onShowMessages: (connection: string) => void;
}) {
  return (
    <section aria-labelledby="connections-title">
      <header className="view-header">
        <h1 id="connections-title">Connections</h1>
      </header>
      {connections.length === 0 ? (
        <p className="empty">
          No client is connected. Point an MCP client at one of the endpoints (see Connect a
          client).
        </p>
      ) : (
        <table className="grid" data-testid="connections">
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Transport</th>
              <th scope="col">Protocol</th>
              <th scope="col">Connected</th>
              <th scope="col">Last activity</th>
              <th scope="col">Messages</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {connections.map((connection) => (
              <tr key={connection.id}>
                <td>
                  {connection.client
                    ? `${connection.client.name} ${connection.client.version}`
                    : 'not initialized'}
                </td>
                <td>{connection.transport}</td>
                <td>{connection.protocolVersion ?? '—'}</td>
                <td>{formatTime(connection.connectedAt)}</td>
                <td>{formatTime(connection.lastActivityAt)}</td>
                <td>{connection.messages}</td>
                <td>
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => onShowMessages(connection.id)}
                  >
                    Messages
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
