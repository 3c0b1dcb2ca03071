import * as Dialog from '@radix-ui/react-dialog';
import { type ReactNode, useId } from 'react';
import { useFocusReturn } from '../app/use-focus-return.ts';

/**
 * A modal dialog as each of the window's is: over an overlay, its title and a sentence saying
 * what it does (which screen readers read with the title), the focus back where it was once
 * closed. `children` may close it with Radix's `Dialog.Close`.
 */
export function ModalDialog({
  className,
  title,
  about,
  onClose,
  children,
}: {
  className: string;
  title: ReactNode;
  about: ReactNode;
  onClose: () => void;
  children: ReactNode;
}) {
  const focusReturn = useFocusReturn();
  const id = `${useId()}-about`;
  return (
    <Dialog.Root open onOpenChange={(open) => open || onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className={`dialog ${className}`}
          aria-describedby={id}
          onOpenAutoFocus={focusReturn.remember}
          onCloseAutoFocus={focusReturn.onCloseAutoFocus}
        >
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <p id={id} className="hint">
            {about}
          </p>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
