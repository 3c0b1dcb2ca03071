import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { useFocusReturn } from '../app/use-focus-return.ts';
import { shortHeap } from '../logic/format.ts';

/**
 * Asks for the name of a new session that starts from `heap`, an automatic one offered and
 * selected, so Enter takes it and typing replaces it. A name the server refuses (taken, not a
 * name) is said here, and the dialog stays open.
 */
export function NewSessionDialog({
  heap,
  offered,
  onCreate,
  onClose,
}: {
  /** The heap the new session starts from. */
  heap: string;
  offered: string;
  /** Makes the session; rejects with why it could not. */
  onCreate: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(offered);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const focusReturn = useFocusReturn();
  const create = () => {
    setBusy(true);
    setProblem(undefined);
    onCreate(name.trim())
      .catch((error: Error) => setProblem(error.message))
      .finally(() => setBusy(false));
  };
  return (
    <Dialog.Root open onOpenChange={(open) => open || onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog new-session"
          aria-describedby="new-session-about"
          onOpenAutoFocus={focusReturn.remember}
          onCloseAutoFocus={focusReturn.onCloseAutoFocus}
        >
          <Dialog.Title className="dialog-title">Run from heap {shortHeap(heap)}</Dialog.Title>
          <p id="new-session-about" className="hint">
            A new session starts from this heap, with the code in its editor; this session stays as
            it is.
          </p>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              create();
            }}
          >
            <label>
              Name of the new session
              <input
                value={name}
                onChange={(event) => setName(event.target.value)}
                onFocus={(event) => event.target.select()}
                required
              />
            </label>
            {problem && (
              <p role="alert" className="problem">
                {problem}
              </p>
            )}
            <div className="row">
              <button type="submit" disabled={busy || !name.trim()}>
                Open the new session
              </button>
              <Dialog.Close className="secondary">Cancel</Dialog.Close>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
