import type { RunRecord } from '../../../contract/run-record.ts';
import { RunCell } from './RunCell.tsx';

interface Props {
  runs: RunRecord[];
  /** Puts a run's code in the editor. */
  onRerun: (code: string) => void;
  onShowMessages: (connection: string, requestId: string | number) => void;
}

/** A session's recent runs, newest first, each a cell (RunCell.tsx). */
export function RunTimeline({ runs, onRerun, onShowMessages }: Props) {
  if (runs.length === 0) return <p className="empty">No runs recorded for this session.</p>;
  return (
    <ol className="timeline" data-testid="runs">
      {[...runs].reverse().map((run) => (
        <li key={run.id ?? `${run.at}-${run.heap}`}>
          <RunCell run={run} onRerun={onRerun} onShowMessages={onShowMessages} />
        </li>
      ))}
    </ol>
  );
}
