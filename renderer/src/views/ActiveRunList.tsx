import { useState } from 'react';
import type { ActiveRun, RunProgress } from '../../../contract/active-runs.ts';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { useNow } from '../app/use-now.ts';
import { formatElapsed, originLabel, progressText } from '../logic/format.ts';

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
            {run.progress && <RunProgressBar run={run} progress={run.progress} />}
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

/** What the run's code last reported with progress(): a bar when it gave a total, and the text. */
function RunProgressBar({ run, progress }: { run: ActiveRun; progress: RunProgress }) {
  const text = progressText(progress);
  const { done, total } = progress;
  return (
    <div className="run-progress">
      {total !== undefined && total > 0 && (
        <progress
          value={Math.min(done, total)}
          max={total}
          aria-label={`Progress of the run in ${run.session}`}
          aria-valuetext={text}
        />
      )}
      <span data-testid="progress">{text}</span>
    </div>
  );
}
