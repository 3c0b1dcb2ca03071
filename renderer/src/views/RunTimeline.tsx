import type { RunRecord } from '../../../contract/server-types.ts';
import { consoleText, formatMs, formatTime, shortHeap } from '../logic/format.ts';

/** A session's recent runs, newest first: code, console, and the value or the error. */
export function RunTimeline({ runs }: { runs: RunRecord[] }) {
  if (runs.length === 0) return <p className="empty">No runs recorded for this session.</p>;
  return (
    <ol className="timeline" data-testid="runs">
      {[...runs].reverse().map((run) => (
        <li key={`${run.at}-${run.heap}`} className={run.ok ? 'ok' : 'failed'}>
          <div className="meta">
            {formatTime(run.at)} · {formatMs(run.durationMs)} ·{' '}
            {run.ok ? `heap ${shortHeap(run.heap)}` : 'not committed'}
          </div>
          <pre className="code">{run.code}</pre>
          {run.console.length > 0 && <pre className="console">{consoleText(run.console)}</pre>}
          {run.ok ? (
            <pre className="value">{run.value ?? 'undefined'}</pre>
          ) : (
            <pre className="error">
              {run.error?.name}: {run.error?.message}
            </pre>
          )}
        </li>
      ))}
    </ol>
  );
}
