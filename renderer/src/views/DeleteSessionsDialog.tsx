import * as AlertDialog from '@radix-ui/react-alert-dialog';
import type { RefObject } from 'react';
import { useFocusReturn } from '../app/use-focus-return.ts';
import { deleteLabel, deleteQuestion } from '../logic/session-list.ts';

/**
 * Asks before deleting the selected sessions: a modal question (Radix's alert dialog, whose
 * first focus is Cancel, the answer that loses nothing) naming them. It stays open, saying so,
 * while they are deleted, and gives the focus back to what opened it, or to `fallback` once the
 * deletion took that away.
 */
export function DeleteSessionsDialog({
  names,
  deleting,
  fallback,
  onDelete,
  onCancel,
}: {
  names: readonly string[];
  deleting: boolean;
  fallback: RefObject<HTMLElement | null>;
  onDelete: () => void;
  onCancel: () => void;
}) {
  const focusReturn = useFocusReturn(fallback);
  return (
    <AlertDialog.Root open onOpenChange={(open) => open || deleting || onCancel()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content
          className="confirm dialog"
          onOpenAutoFocus={focusReturn.remember}
          onCloseAutoFocus={focusReturn.onCloseAutoFocus}
        >
          <AlertDialog.Title className="dialog-title">{deleteQuestion(names)}</AlertDialog.Title>
          <AlertDialog.Description className="hint dialog-names">
            {names.join(', ')}
          </AlertDialog.Description>
          <AlertDialog.Action
            className="danger"
            disabled={deleting}
            onClick={(event) => {
              // Open until every deletion is answered: the list behind changes once, then the focus
              // goes back to it.
              event.preventDefault();
              onDelete();
            }}
          >
            {deleting ? 'Deleting…' : deleteLabel(names.length)}
          </AlertDialog.Action>
          <AlertDialog.Cancel className="secondary" disabled={deleting}>
            Cancel
          </AlertDialog.Cancel>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
