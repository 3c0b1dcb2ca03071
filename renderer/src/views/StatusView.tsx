import { useState } from 'react';
import { shellQuote } from '../../../contract/client-configs.ts';
import type { Status } from '../../../contract/desktop-api.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { ActivityPlot } from './ActivityPlot.tsx';
import { AdminTokenButton } from './AdminTokenButton.tsx';
import { ConnectionProblems } from './ConnectionProblems.tsx';
import { CopyButton } from './CopyButton.tsx';
import { RunFigures } from './RunFigures.tsx';
import { StopConfirmation } from './StopConfirmation.tsx';

export function StatusView({
  client,
  status,
  onAdminTokenRenewed,
}: {
  client: DesktopClient;
  status?: Status;
  /** Browser mode only: a New token button, and where the new token goes. */
  onAdminTokenRenewed?: (token: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string>();
  if (!status) return <p className="empty">Connecting to the server…</p>;
  const toggle = () => {
    // Stopping disconnects every client: asked first when there are any.
    if (status.running && status.counts.connections > 0 && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    setBusy(true);
    setProblem(undefined);
    client
      .setServerRunning({ running: !status.running })
      .catch((error: Error) => setProblem(error.message))
      .finally(() => setBusy(false));
  };
  const endpoints: [string, string | undefined][] = [
    ['Streamable HTTP', status.endpoints.streamableHttp],
    ['SSE', status.endpoints.sse],
    ['stdio command', status.endpoints.stdioCommand.map(shellQuote).join(' ')],
  ];
  return (
    <section aria-labelledby="status-title">
      <header className="view-header">
        <h1 id="status-title">Server</h1>
        <span className={`badge ${status.running ? 'ok' : 'off'}`} data-testid="server-state">
          {status.running ? 'Running' : 'Stopped'}
        </span>
        <button type="button" onClick={toggle} disabled={busy}>
          {status.running ? 'Stop server' : 'Start server'}
        </button>
      </header>
      <StopConfirmation
        open={confirming}
        connected={status.counts.connections}
        onStop={toggle}
        onCancel={() => setConfirming(false)}
      />
      {(status.error || problem) && (
        <p role="alert" className="problem">
          {status.error ?? problem}
        </p>
      )}
      {!status.running && (
        <p className="hint">
          MCP clients cannot connect while the server is stopped. Sessions stay browsable.
        </p>
      )}
      <dl className="counts">
        <div>
          <dt>Connections</dt>
          <dd data-testid="count-connections">{status.counts.connections}</dd>
        </div>
        <div>
          <dt>Sessions</dt>
          <dd data-testid="count-sessions">{status.counts.sessions}</dd>
        </div>
        <div>
          <dt>Messages</dt>
          <dd data-testid="count-messages">{status.counts.messages}</dd>
        </div>
      </dl>
      {/* The limit is each isolate's: the server's figure sums every session's heap. */}
      <RunFigures stats={status.runStats} label="Figures of every run since the server started" />
      <ActivityPlot activity={status.runActivity} />
      <h2>Endpoints</h2>
      <table className="endpoints">
        <tbody>
          {endpoints.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                <code>{value ?? 'not listening'}</code>
              </td>
              <td>{value && <CopyButton text={value} label={name} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConnectionProblems client={client} />
      <p className="hint">
        Version {status.version} · data in <code>{status.dataDir}</code>
      </p>
      {onAdminTokenRenewed && <AdminTokenButton client={client} onRenewed={onAdminTokenRenewed} />}
    </section>
  );
}
