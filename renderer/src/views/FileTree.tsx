import { useEffect, useRef } from 'react';
import { type FileRow, FOLDER_ROWS, INDENT_LEVELS, type MoreRow } from '../logic/file-tree.ts';
import { formatBytes, formatTime } from '../logic/format.ts';
import { visibleText } from '../logic/visible-text.ts';

interface Props {
  rows: readonly (FileRow | MoreRow)[];
  /** The path chosen (a file previewed, or the folder uploads go to). */
  chosen?: string | undefined;
  /** Moves the focus to this row's button once it shows (a file opened from a run cell). */
  focusPath?: string | undefined;
  onChoose: (row: FileRow) => void;
  /** Shows more of a folder's entries. */
  onMore: (folder: string) => void;
  onFocused: () => void;
}

const indent = (depth: number) => ({
  paddingLeft: `${0.5 + Math.min(depth, INDENT_LEVELS) * 1.25}rem`,
});

/**
 * A heap's files as a table whose first column is a tree: a folder's button opens and closes it
 * (and makes it where uploads go), a file's button previews it. Each is a button, so Tab and
 * Enter reach and choose every row.
 */
export function FileTree({ rows, chosen, focusPath, onChoose, onMore, onFocused }: Props) {
  const body = useRef<HTMLTableSectionElement>(null);
  // Run again as rows come: the file asked for may be listed a moment after it is asked for.
  // biome-ignore lint/correctness/useExhaustiveDependencies: rows say when to look again
  useEffect(() => {
    if (focusPath === undefined) return;
    const button = [
      ...(body.current?.querySelectorAll<HTMLButtonElement>('button[data-path]') ?? []),
    ].find((candidate) => candidate.dataset.path === focusPath);
    if (!button) return;
    button.focus({ preventScroll: true });
    button.scrollIntoView({ block: 'nearest' });
    onFocused();
  }, [focusPath, rows, onFocused]);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is scrolled by keyboard
    <section className="table-scroll file-tree" aria-label="Files" tabIndex={0}>
      <table className="files" data-testid="file-tree">
        <colgroup>
          <col />
          <col className="size" />
          <col className="mtime" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Size</th>
            <th scope="col">Written</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.map((row) =>
            row.kind === 'more' ? (
              <tr key={`${row.path}/ more`}>
                <td colSpan={3}>
                  <button
                    type="button"
                    className="link file-more"
                    style={indent(row.depth)}
                    onClick={() => onMore(row.path)}
                  >
                    Show {Math.min(row.hidden, FOLDER_ROWS).toLocaleString('en')} more:{' '}
                    {row.hidden.toLocaleString('en')} in {visibleText(row.path)} not shown yet
                  </button>
                </td>
              </tr>
            ) : (
              <tr key={row.path} aria-current={row.path === chosen ? 'true' : undefined}>
                <td>
                  <button
                    type="button"
                    className="file-name"
                    style={indent(row.depth)}
                    data-path={row.path}
                    title={visibleText(row.path)}
                    {...(row.kind === 'dir' && { 'aria-expanded': row.open })}
                    onClick={() => onChoose(row)}
                  >
                    <span aria-hidden="true" className="file-mark">
                      {row.kind === 'dir' ? (row.open ? '▾' : '▸') : '·'}
                    </span>
                    <span className="name">{visibleText(row.name)}</span>
                    {row.kind === 'dir' && <span className="visually-hidden"> folder</span>}
                  </button>
                </td>
                <td>
                  {formatBytes(row.size)}
                  {row.kind === 'dir' && (
                    <span className="meta below">
                      {row.entries} {row.entries === 1 ? 'entry' : 'entries'}
                    </span>
                  )}
                </td>
                <td>{row.mtime ? formatTime(row.mtime) : <span className="meta">—</span>}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </section>
  );
}
