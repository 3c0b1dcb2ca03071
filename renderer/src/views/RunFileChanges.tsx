import type { FileChange } from '../../../contract/session-files.ts';
import { fileChangeRows, fileChangesHeading } from '../logic/run-files.ts';
import { visibleText } from '../logic/visible-text.ts';

interface Props {
  changed: readonly FileChange[];
  /** Shows a file in the session's Files panel, at the run's heap. */
  onOpen: (path: string) => void;
}

/** The files a run created, changed or deleted, briefly, each (but the deleted) to open in the Files panel. */
export function RunFileChanges({ changed, onOpen }: Props) {
  if (changed.length === 0) return null;
  const { rows, more } = fileChangeRows(changed);
  return (
    <section className="file-changes" aria-label={fileChangesHeading(changed)}>
      <p className="meta">{fileChangesHeading(changed)}</p>
      <ul>
        {rows.map((row) => (
          <li key={row.path} className={row.change}>
            <span className="change">{row.change}</span>{' '}
            {row.openable ? (
              <button
                type="button"
                className="link name"
                onClick={() => onOpen(row.path)}
                aria-label={`Open ${visibleText(row.path)} in Files`}
              >
                {visibleText(row.path)}
              </button>
            ) : (
              <code className="name">{visibleText(row.path)}</code>
            )}{' '}
            <span className="meta">{row.size}</span>
          </li>
        ))}
        {more > 0 && <li className="meta">and {more} more: see Files</li>}
      </ul>
    </section>
  );
}
