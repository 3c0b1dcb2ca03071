import { type RefObject, useRef } from 'react';

/**
 * Gives the focus back, when a dialog closes, to what had it when the dialog opened. Radix does
 * that only for a dialog's own Trigger; these dialogs are opened from elsewhere (a button that
 * sometimes opens one, a row's button). When what the dialog did removed or disabled that element
 * (deleting the selected sessions takes their Delete button away), the focus goes to `fallback`
 * rather than to the page's start.
 */
export function useFocusReturn(fallback?: RefObject<HTMLElement | null>) {
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
      const back = opener.current;
      const gone = !back?.isConnected || back.matches(':disabled');
      (gone ? (fallback?.current ?? back) : back)?.focus();
    },
  };
}
