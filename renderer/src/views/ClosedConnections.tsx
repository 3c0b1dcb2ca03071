import type { ConnectionInfo } from '../../../contract/connections.ts';
import { clientName } from '../logic/connection-lists.ts';
import { formatTime } from '../logic/format.ts';
import { EraLine } from './EraLine.tsx';

/** The connections that ended, newest first, with when and why. */
export function ClosedConnections({ closed }: { closed: ConnectionInfo[] }) {
  return (
    <>
      <h2 id="closed-connections-title">Closed</h2>
      {closed.length === 0 ? (
        <p className="empty">No connection has closed since the server started.</p>
      ) : (
        <table
          className="grid"
          data-testid="closed-connections"
          aria-labelledby="closed-connections-title"
        >
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Transport</th>
              <th scope="col">Connected</th>
              <th scope="col">Closed</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {closed.map((connection) => (
              <tr key={connection.id}>
                <td className="long">{clientName(connection)}</td>
                <td>
                  {connection.transport}
                  <EraLine connection={connection} />
                </td>
                <td>{formatTime(connection.connectedAt)}</td>
                <td>{connection.closedAt ? formatTime(connection.closedAt) : '—'}</td>
                <td className="long">{connection.closeReason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
