import { lazy, Suspense, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { RunRecord } from '../../../contract/run-record.ts';

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
  /** A run from the editor answered: the notebook shows it as its newest cell, right above. */
  onRan: (run: RunRecord) => void;
}

/**
 * The notebook's next cell: code typed in the window, run in the session. Its run becomes the
 * newest cell, right above, where the user is looking, marked as coming from the window.
 */
export function RunPanel({ client, session, code, onCode, autoFocus, onRan }: Props) {
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string>();

  const run = () => {
    if (running || !code.trim()) return;
    setRunning(true);
    setProblem(undefined);
    client
      .runCode({ code, session })
      .then(
        (ran) => onRan(ran.run),
        (error: Error) => setProblem(error.message),
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
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </section>
  );
}
