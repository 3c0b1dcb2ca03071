import { useState } from 'react';

/** Copies `text` to the clipboard and says so for a moment, or says that it could not. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed'>();
  const show = (shown: 'copied' | 'failed') => {
    setOutcome(shown);
    setTimeout(() => setOutcome(undefined), 1500);
  };
  return (
    <button
      type="button"
      className="secondary small"
      aria-label={`Copy ${label}`}
      title={outcome === 'failed' ? 'The clipboard refused the text' : undefined}
      onClick={() => {
        const clipboard = navigator.clipboard;
        if (!clipboard) return show('failed');
        clipboard.writeText(text).then(
          () => show('copied'),
          () => show('failed'),
        );
      }}
    >
      {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}
