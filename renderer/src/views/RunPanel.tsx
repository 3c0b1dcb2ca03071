import { lazy, Suspense, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { RunRecord } from '../../../contract/run-record.ts';
import { RunCell } from './RunCell.tsx';

// The editor is most of the GUI's code: it loads when a session is first opened, not with the
// window.
const CodeEditor = lazy(() =>
  import('./CodeEditor.tsx').then((module) => ({ default: module.CodeEditor })),
);

interface Props {
  client: DesktopClient;
  session: string;
  code: string;
  onCode: (code: string) => void;
  /** The editor takes the focus as it appears (a session just opened to run code in). */
  autoFocus?: boolean;
  onShowMessages: (connection: string, requestId: string | number) => void;
}

/**
 * Code typed in the window, run in the session: the run shows right under the editor, where the
 * user is looking (and in the timeline like any client's, marked as coming from the window).
 */
export function RunPanel({ client, session, code, onCode, autoFocus, onShowMessages }: Props) {
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<RunRecord | { problem: string }>();

  const run = () => {
    if (running || !code.trim()) return;
    setRunning(true);
    setOutcome(undefined);
    client
      .runCode({ code, session })
      .then(
        (ran) => setOutcome(ran.run),
        (error: Error) => setOutcome({ problem: error.message }),
      )
      .finally(() => setRunning(false));
  };

  return (
    <section aria-label="Run code" className="run-panel">
      <Suspense fallback={<p className="hint">Loading the editor…</p>}>
        <CodeEditor
          value={code}
          onChange={onCode}
          onRun={run}
          label="Code to run"
          {...(autoFocus && { autoFocus })}
        />
      </Suspense>
      <div className="row">
        <button type="button" onClick={run} disabled={running || !code.trim()}>
          {running ? 'Running…' : 'Run'}
        </button>
        <span className="hint">In {session}, from its current heap · Ctrl/Cmd+Enter runs</span>
      </div>
      <div role="status" aria-label="The run from the editor">
        {outcome &&
          ('problem' in outcome ? (
            <p className="problem">{outcome.problem}</p>
          ) : (
            <RunCell run={outcome} onRerun={onCode} onShowMessages={onShowMessages} />
          ))}
      </div>
    </section>
  );
}
