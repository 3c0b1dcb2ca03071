import type { DesktopClient } from '../../../contract/desktop-client.ts';
import { errorText } from '../../../contract/run-errors.ts';
import type { RunRecord } from '../../../contract/run-record.ts';
import {
  consoleText,
  formatBytes,
  formatMs,
  formatTime,
  originLabel,
  shortHeap,
} from '../logic/format.ts';
import { CopyButton } from './CopyButton.tsx';
import { RunEffects } from './RunEffects.tsx';
import { RunFileChanges } from './RunFileChanges.tsx';
import { RunShown } from './RunShown.tsx';

interface Props {
  client: DesktopClient;
  session: string;
  run: RunRecord;
  /** Puts the run's code in the editor. */
  onRerun: (code: string) => void;
  onShowMessages: (connection: string, requestId: string | number) => void;
  /** Shows one of the run's files in the session's Files panel. */
  onOpenFile: (heap: string, path: string) => void;
}

/**
 * One run as a cell of a notebook: its code, then its console, its imports and fetches, its value
 * or error, what it showed (display()) and the files it changed, and under them its figures (when,
 * how long, who asked, the heap) and what to do next.
 */
export function RunCell({ client, session, run, onRerun, onShowMessages, onOpenFile }: Props) {
  const origin = run.origin;
  return (
    <div className={`run-cell ${run.ok ? 'ok' : 'failed'}`}>
      <pre className="code">{run.code}</pre>
      {run.console.length > 0 && <pre className="console">{consoleText(run.console)}</pre>}
      <RunEffects run={run} />
      {run.ok ? (
        <pre className="value">{run.value ?? 'undefined'}</pre>
      ) : (
        <pre className="error">{run.error && errorText(run.error)}</pre>
      )}
      {run.files && (
        <>
          <RunShown client={client} session={session} heap={run.heap} shown={run.files.shown} />
          <RunFileChanges
            changed={run.files.changed}
            onOpen={(path) => onOpenFile(run.heap, path)}
          />
        </>
      )}
      <div className="meta row">
        <span>
          {formatTime(run.at)} · {formatMs(run.durationMs)} · from {originLabel(origin)} ·{' '}
          {run.ok ? `heap ${shortHeap(run.heap)}` : 'not committed'}
          {run.ok && run.heapBytes !== undefined && ` · ${formatBytes(run.heapBytes)} in use`}
        </span>
        <button type="button" className="secondary small" onClick={() => onRerun(run.code)}>
          Edit and run again
        </button>
        {run.ok && <CopyButton text={run.heap} label={`heap id ${shortHeap(run.heap)}`} />}
        {origin?.kind === 'client' && (
          <button
            type="button"
            className="secondary small"
            onClick={() => onShowMessages(origin.connection, origin.requestId)}
          >
            Messages
          </button>
        )}
      </div>
    </div>
  );
}
