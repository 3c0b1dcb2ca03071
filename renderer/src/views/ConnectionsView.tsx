import { useState } from 'react';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { ConnectionInfo } from '../../../contract/connections.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { clientName, STATE_MEANING } from '../logic/connection-lists.ts';
import { formatTime } from '../logic/format.ts';
import { ActiveRunList } from './ActiveRunList.tsx';
import { ClosedConnections } from './ClosedConnections.tsx';

export function ConnectionsView({
  client,
  connections,
  closed,
  activeRuns,
  onShowMessages,
}: {
  client: DesktopClient;
  connections: ConnectionInfo[];
  closed: ConnectionInfo[];
  activeRuns: ActiveRun[];
  onShowMessages: (connection: string) => void;
}) {
  const [problem, setProblem] = useState<string>();
  const disconnect = (id: string) => {
    setProblem(undefined);
    client.disconnect({ id }).catch((error: Error) => setProblem(error.message));
  };
  return (
    <section aria-labelledby="connections-title">
      <header className="view-header">
        <h1 id="connections-title">Connections</h1>
      </header>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      <ActiveRunList
        client={client}
        runs={activeRuns.filter(({ origin }) => origin.kind === 'client')}
      />
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
              <th scope="col">State</th>
              <th scope="col">Session</th>
              <th scope="col">Connected</th>
              <th scope="col">Messages</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {connections.map((connection) => (
              <tr key={connection.id}>
                <td className="long">{clientName(connection)}</td>
                <td>
                  {connection.transport}
                  {connection.protocolVersion && (
                    <span className="meta below">MCP {connection.protocolVersion}</span>
                  )}
                </td>
                <td>
                  <span
                    className={`badge ${connection.state === 'streaming' ? 'ok' : 'off'}`}
                    title={STATE_MEANING[connection.state]}
                  >
                    {connection.state}
                  </span>
                </td>
                <td className="long">{connection.session ?? '—'}</td>
                <td>
                  {formatTime(connection.connectedAt)}
                  <span className="meta below">
                    last active {formatTime(connection.lastActivityAt)}
                  </span>
                </td>
                <td>{connection.messages}</td>
                <td>
                  <div className="row">
                    <button
                      type="button"
                      className="secondary small"
                      onClick={() => onShowMessages(connection.id)}
                    >
                      Messages
                    </button>
                    <button
                      type="button"
                      className="danger small"
                      aria-label={`Disconnect ${clientName(connection)} (${connection.transport})`}
                      onClick={() => disconnect(connection.id)}
                    >
                      Disconnect
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ClosedConnections closed={closed} />
    </section>
  );
}
