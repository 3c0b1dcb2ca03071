import { useState } from 'react';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { useNow } from '../app/use-now.ts';
import { formatElapsed, originLabel } from '../logic/format.ts';

/** Runs in progress with who asked, the time ticking, and Cancel. */
export function ActiveRunList({ client, runs }: { client: DesktopClient; runs: ActiveRun[] }) {
  // Ticking in tenths of a second while anything runs.
  const now = useNow(runs.length > 0 ? 100 : undefined);
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
