import { useCallback, useEffect, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import {
  CLIENT_STATE_WORDS,
  type McpClient,
  type McpClientId,
} from '../../../contract/mcp-clients.ts';
import { changeText, clientAction } from '../logic/client-rows.ts';

type Outcome = { text: string; failed: boolean };

/**
 * The MCP clients installed for this user, each with its config file and state, and the button
 * that connects, repairs or disconnects it; what an action did shows in its row.
 * `stdioCommand`: the server's, on which the states depend, so a new one reads them again; so
 * does a new `version` (a change made from the tray).
 */
export function ClientList({
  client,
  stdioCommand,
  version,
}: {
  client: DesktopClient;
  stdioCommand: string[];
  version: number;
}) {
  const [clients, setClients] = useState<McpClient[]>();
  const [problem, setProblem] = useState<string>();
  const [outcomes, setOutcomes] = useState<Partial<Record<McpClientId, Outcome>>>({});
  const [busy, setBusy] = useState<McpClientId>();
  const refresh = useCallback(
    () =>
      client.listClients({}).then(
        (listed) => {
          setClients(listed.clients);
          setProblem(undefined);
        },
        (error: Error) => setProblem(error.message),
      ),
    [client],
  );
  const command = stdioCommand.join('\0');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the states depend on the command, and a change from elsewhere is news.
  useEffect(() => {
    void refresh();
  }, [refresh, command, version]);

  const act = async (target: McpClient) => {
    const action = clientAction(target);
    // One change at a time; the buttons stay enabled, so the focus stays where it was.
    if (!action || busy) return;
    setBusy(target.id);
    let outcome: Outcome;
    try {
      outcome = {
        text: changeText(await client[action.operation]({ client: target.id })),
        failed: false,
      };
    } catch (error) {
      outcome = { text: (error as Error).message, failed: true };
    }
    setOutcomes((shown) => ({ ...shown, [target.id]: outcome }));
    await refresh();
    setBusy(undefined);
  };

  return (
    <section aria-labelledby="clients-title" className="clients">
      <header className="row">
        <h2 id="clients-title">Your MCP clients</h2>
        <button type="button" className="secondary small" onClick={() => void refresh()}>
          Check again
        </button>
      </header>
      <p className="hint">
        Connect adds an entry named mcp-isolate to the client's own config file and keeps everything
        else in it; the file as it was is kept beside it.
      </p>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      {clients && (
        <table className="grid" data-testid="clients">
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clients.map((each) => {
              const action = clientAction(each);
              const outcome = outcomes[each.id];
              return (
                <tr key={each.id} data-client={each.id}>
                  <td className="long">
                    {each.name}
                    <span className="meta below">{each.configPath}</span>
                  </td>
                  <td className="long">
                    <span className={`badge ${each.state === 'connected' ? 'ok' : 'off'}`}>
                      {CLIENT_STATE_WORDS[each.state]}
                    </span>
                    {/* Said once: a refusal in the action's cell already says it. */}
                    {each.problem && each.problem !== outcome?.text && (
                      <span className="problem below">{each.problem}</span>
                    )}
                  </td>
                  <td className="long">
                    {action && (
                      <button
                        type="button"
                        className={action.label === 'Disconnect' ? 'secondary small' : 'small'}
                        aria-label={`${action.label} ${each.name}`}
                        aria-disabled={busy !== undefined}
                        onClick={() => void act(each)}
                      >
                        {action.label}
                      </button>
                    )}
                    {outcome?.failed ? (
                      <span role="alert" className="problem below">
                        {outcome.text}
                      </span>
                    ) : (
                      <span role="status" className="meta below">
                        {outcome?.text}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
