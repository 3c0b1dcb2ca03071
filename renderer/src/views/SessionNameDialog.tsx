import * as Dialog from '@radix-ui/react-dialog';
import { type ReactNode, useId, useState } from 'react';
import { sessionNameProblem } from '../../../contract/session-names.ts';
import { ModalDialog } from './ModalDialog.tsx';

/**
 * Asks for a session's name (a new session's, or a new name for one), a name offered and
 * selected so Enter takes it and typing replaces it. The name is checked as it is typed by the
 * rule the server applies; what the server still refuses (a name taken, a run in progress) is
 * said here, and the dialog stays open.
 */
export function SessionNameDialog({
  title,
  about,
  label,
  action,
  offered,
  unchanged,
  onSubmit,
  onClose,
}: {
  title: string;
  /** What happens, in a sentence or two. */
  about: ReactNode;
  /** The field's label. */
  label: string;
  /** The submit button's text. */
  action: string;
  offered: string;
  /** A name that would change nothing (a session's own): not a problem, but nothing to do. */
  unchanged?: string;
  /** Rejects with why the server would not. */
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(offered);
  const [refused, setRefused] = useState<string>();
  const [busy, setBusy] = useState(false);
  const ids = useId();
  const to = name.trim();
  const problem = to === unchanged ? undefined : sessionNameProblem(to);
  const submit = () => {
    setBusy(true);
    setRefused(undefined);
    onSubmit(to)
      .catch((error: Error) => setRefused(error.message))
      .finally(() => setBusy(false));
  };
  return (
    <ModalDialog className="new-session" title={title} about={about} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (problem === undefined && to !== unchanged) submit();
        }}
      >
        <label>
          {label}
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            onFocus={(event) => event.target.select()}
            aria-invalid={problem !== undefined}
            aria-describedby={problem ? `${ids}-problem` : undefined}
            required
          />
        </label>
        {problem && (
          <p id={`${ids}-problem`} className="problem">
            {problem}
          </p>
        )}
        {refused && (
          <p role="alert" className="problem">
            {refused}
          </p>
        )}
        <div className="row">
          <button type="submit" disabled={busy || problem !== undefined || to === unchanged}>
            {action}
          </button>
          <Dialog.Close className="secondary">Cancel</Dialog.Close>
        </div>
      </form>
    </ModalDialog>
  );
}
