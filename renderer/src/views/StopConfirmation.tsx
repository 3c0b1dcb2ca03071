import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useRef } from 'react';
import { useFocusReturn } from '../app/use-focus-return.ts';
import { stopQuestion } from '../logic/connection-lists.ts';

/**
 * Asks before stopping a server that clients are connected to: a modal question (Radix's alert
 * dialog) that keeps the focus inside while open, answers Escape with Cancel, and gives the focus
 * back to what opened it.
 */
export function StopConfirmation({
  open,
  connected,
  onStop,
  onCancel,
}: {
  open: boolean;
  connected: number;
  onStop: () => void;
  onCancel: () => void;
}) {
  const stop = useRef<HTMLButtonElement>(null);
  const focusReturn = useFocusReturn();
  return (
    <AlertDialog.Root open={open} onOpenChange={(opened) => opened || onCancel()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content
          className="confirm dialog"
          // The title is the whole question: nothing else describes it.
          aria-describedby={undefined}
          // The question's answer has the focus, so Enter stops, as it did before it was modal.
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            focusReturn.remember();
            stop.current?.focus();
          }}
          onCloseAutoFocus={focusReturn.onCloseAutoFocus}
        >
          <AlertDialog.Title className="dialog-title">{stopQuestion(connected)}</AlertDialog.Title>
          <AlertDialog.Action ref={stop} className="danger" onClick={onStop}>
            Stop
          </AlertDialog.Action>
          <AlertDialog.Cancel className="secondary">Cancel</AlertDialog.Cancel>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
