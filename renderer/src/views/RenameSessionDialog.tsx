import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { sessionNameProblem } from '../../../contract/session-names.ts';
import { useFocusReturn } from '../app/use-focus-return.ts';

/**
 * Asks for a session's new name, the current one offered and selected. The name is checked as it
 * is typed by the rule the server applies; what the server still refuses (a name taken, a run in
 * progress) is said here, and the dialog stays open.
 */
export function RenameSessionDialog({
  session,
  onRename,
  onClose,
}: {
  session: string;
  /** Renames the session; rejects with why it could not. */
  onRename: (to: string) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(session);
  const [refused, setRefused] = useState<string>();
  const [busy, setBusy] = useState(false);
  const focusReturn = useFocusReturn();
  const to = name.trim();
  // An unchanged name is no problem to show: there is just nothing to do yet.
  const problem = to === session ? undefined : sessionNameProblem(to);
  const rename = () => {
    setBusy(true);
    setRefused(undefined);
    onRename(to)
      .catch((error: Error) => setRefused(error.message))
      .finally(() => setBusy(false));
  };
  return (
    <Dialog.Root open onOpenChange={(open) => open || onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog new-session"
          aria-describedby="rename-session-about"
          onOpenAutoFocus={focusReturn.remember}
          onCloseAutoFocus={focusReturn.onCloseAutoFocus}
        >
          <Dialog.Title className="dialog-title">Rename {session}</Dialog.Title>
          <p id="rename-session-about" className="hint">
            Its heaps keep their ids; its forks and the clients whose runs go to it without a name
            follow the new name. A run that names {session} from now on starts a new session.
          </p>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              rename();
            }}
          >
            <label>
              New name
              <input
                value={name}
                onChange={(event) => setName(event.target.value)}
                onFocus={(event) => event.target.select()}
                aria-invalid={problem !== undefined}
                aria-describedby={problem ? 'rename-session-problem' : undefined}
                required
              />
            </label>
            {problem && (
              <p id="rename-session-problem" className="problem">
                {problem}
              </p>
            )}
            {refused && (
              <p role="alert" className="problem">
                {refused}
              </p>
            )}
            <div className="row">
              <button type="submit" disabled={busy || problem !== undefined || to === session}>
                Rename
              </button>
              <Dialog.Close className="secondary">Cancel</Dialog.Close>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
