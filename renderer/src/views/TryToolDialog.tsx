import * as Dialog from '@radix-ui/react-dialog';
import { lazy, Suspense, useId, useState } from 'react';
import type { DesktopClient } from '../../../contract/desktop-client.ts';
import type { UpstreamTool, UpstreamTry } from '../../../contract/mcp-upstreams.ts';
import { tryArguments, tryOutcome, tryTemplate } from '../logic/tool-try.ts';
import { ModalDialog } from './ModalDialog.tsx';

// CodeMirror is loaded the first time an editor opens, as the run panel's is.
const CodeEditor = lazy(() =>
  import('./CodeEditor.tsx').then((module) => ({ default: module.CodeEditor })),
);

/**
 * Calls one upstream tool as the user, with arguments typed as JSON (offered from its required
 * properties, checked as typed): no run is made and nothing is journaled. The answer shows under
 * the editor, where the user is looking, and the dialog stays open to try again.
 */
export function TryToolDialog({
  client,
  server,
  tool,
  onClose,
}: {
  client: DesktopClient;
  server: string;
  tool: UpstreamTool;
  onClose: () => void;
}) {
  const [text, setText] = useState(() => tryTemplate(tool.inputSchema));
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<UpstreamTry>();
  const ids = useId();
  const typed = tryArguments(text);
  const call = () => {
    if ('problem' in typed || busy) return;
    setBusy(true);
    setAnswer(undefined);
    client
      .tryUpstreamTool({ name: server, tool: tool.name, arguments: typed.arguments })
      .then(setAnswer, (error: Error) => setAnswer({ error: error.message, ms: 0 }))
      .finally(() => setBusy(false));
  };
  const outcome = answer && tryOutcome(answer);
  return (
    <ModalDialog
      className="try-tool"
      title={
        <>
          Try <code>{tool.name}</code> of {server}
        </>
      }
      about={
        <>
          Calls the tool as you, outside any run: nothing is journaled, and the call shows in
          Messages. Ctrl+Enter calls it.
        </>
      }
      onClose={onClose}
    >
      <Suspense fallback={<p className="hint">Loading the editor…</p>}>
        <CodeEditor
          value={text}
          onChange={setText}
          onRun={call}
          label={`Arguments of ${tool.name} (JSON)`}
          autoFocus
        />
      </Suspense>
      {'problem' in typed && <p className="problem">{typed.problem}</p>}
      <div className="row">
        <button type="button" onClick={call} disabled={busy || 'problem' in typed}>
          {busy ? 'Calling…' : 'Call'}
        </button>
        <Dialog.Close className="secondary">Close</Dialog.Close>
      </div>
      <div role="status" className="try-answer">
        {outcome && (
          <>
            <p className={outcome.tone === 'ok' ? 'meta' : 'problem'}>{outcome.heading}</p>
            <pre className={outcome.tone === 'ok' ? 'json' : 'error'}>{outcome.text}</pre>
          </>
        )}
      </div>
    </ModalDialog>
  );
}
