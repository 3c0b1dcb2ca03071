import { useMemo, useState } from 'react';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { ConnectionInfo } from '../../../contract/connections.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { clientActivity, runsOf } from '../logic/client-activity.ts';
import { clientName } from '../logic/connection-lists.ts';
import { formatTime } from '../logic/format.ts';
import { endAction, isClientSeen, stateMeaning } from '../logic/protocol-era.ts';
import { ActiveRunList } from './ActiveRunList.tsx';
import { ClientSeenActivity } from './ClientSeenActivity.tsx';
import { ClosedConnections } from './ClosedConnections.tsx';
import { EraLine } from './EraLine.tsx';

export function ConnectionsView({
  client,
  connections,
  closed,
  activeRuns,
  messages,
  onShowMessages,
  onShowSession,
}: {
  client: DesktopClient;
  connections: ConnectionInfo[];
  closed: ConnectionInfo[];
  activeRuns: ActiveRun[];
  /** The message log, where a 2026 client over HTTP's requests are its only traffic. */
  messages: LoggedMessage[];
  onShowMessages: (connection: string) => void;
  onShowSession?: (session: string) => void;
}) {
  const [problem, setProblem] = useState<string>();
  const seen = useMemo(() => connections.filter(isClientSeen), [connections]);
  const activity = useMemo(
    () =>
      clientActivity(
        messages,
        seen.map(({ id }) => id),
      ),
    [messages, seen],
  );
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
                  <EraLine connection={connection} />
                </td>
                <td>
                  <span
                    className={`badge ${connection.state === 'streaming' ? 'ok' : 'off'}`}
                    title={stateMeaning(connection)}
                  >
                    {connection.state}
                  </span>
                </td>
                <td className="long">
                  {connection.session ??
                    (connection.era === 'modern' ? <span className="meta">none</span> : '—')}
                </td>
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
                    <EndButton connection={connection} onEnd={() => disconnect(connection.id)} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {seen.map((entry) => (
        <ClientSeenActivity
          key={entry.id}
          entry={entry}
          activity={activity.get(entry.id)}
          runs={runsOf(activeRuns, entry.id)}
          onShowMessages={onShowMessages}
          onShowSession={onShowSession}
        />
      ))}
      <ClosedConnections closed={closed} />
    </section>
  );
}

/** Disconnect, or for a 2026 client over HTTP (nothing to disconnect) Forget. */
function EndButton({ connection, onEnd }: { connection: ConnectionInfo; onEnd: () => void }) {
  const action = endAction(connection);
  return (
    <button
      type="button"
      className="danger small"
      aria-label={action.label}
      title={action.meaning}
      onClick={onEnd}
    >
      {action.text}
    </button>
  );
}
