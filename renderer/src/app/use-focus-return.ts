import { useRef } from 'react';

/**
 * Gives the focus back, when a dialog closes, to what had it when the dialog opened. Radix does
 * that only for a dialog's own Trigger; these dialogs are opened from elsewhere (a button that
 * sometimes opens one, a row's button).
 */
export function useFocusReturn() {
  const opener = useRef<HTMLElement>(null);
  return {
    /** Call as the dialog opens (its onOpenAutoFocus), before the focus moves into it. */
    remember: () => {
      opener.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    /** The dialog's onCloseAutoFocus. */
    onCloseAutoFocus: (event: Event) => {
      event.preventDefault();
      opener.current?.focus();
    },
  };
}
