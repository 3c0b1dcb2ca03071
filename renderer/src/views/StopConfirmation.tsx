import { useEffect, useRef } from 'react';
import { stopQuestion } from '../logic/connection-lists.ts';

/** Asks before stopping a server that clients are connected to (Escape cancels). */
export function StopConfirmation({
  connected,
  onStop,
  onCancel,
}: {
  connected: number;
  onStop: () => void;
  onCancel: () => void;
}) {
  const stop = useRef<HTMLButtonElement>(null);
  // The question has the focus, so Enter answers it and Escape takes it back.
  useEffect(() => stop.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-labelledby="stop-question"
      className="confirm dialog"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <p id="stop-question">{stopQuestion(connected)}</p>
      <button ref={stop} type="button" className="danger" onClick={onStop}>
        Stop
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
