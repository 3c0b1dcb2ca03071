import { useEffect, useState } from 'react';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { formatElapsed, originLabel } from '../logic/format.ts';

/** Runs in progress with who asked, the time ticking, and Cancel. */
export function ActiveRunList({ client, runs }: { client: DesktopClient; runs: ActiveRun[] }) {
  const now = useTicking(runs.length > 0);
  const [problem, setProblem] = useState<string>();
  if (runs.length === 0) return null;
  const cancel = (run: ActiveRun) => {
    setProblem(undefined);
    client.cancelRun({ id: run.id }).then(
      ({ cancelled }) => {
        if (!cancelled) setProblem('That run had already ended.');
      },
      (error: Error) => setProblem(error.message),
    );
  };
  return (
    <section aria-label="Runs in progress" className="active-runs" data-testid="active-runs">
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      <ul>
        {runs.map((run) => (
          <li key={run.id}>
            <div className="meta">
              <span className="badge busy">Running</span> {run.session} · from{' '}
              {originLabel(run.origin)} ·{' '}
              <span data-testid="elapsed">{formatElapsed(run.startedAt, now)}</span>
            </div>
            <pre className="code">{run.code}</pre>
            <button
              type="button"
              className="danger small"
              onClick={() => cancel(run)}
              aria-label={`Cancel the run from ${originLabel(run.origin)} in ${run.session}`}
            >
              Cancel
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The time now, every tenth of a second while `on`. */
function useTicking(on: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!on) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}
