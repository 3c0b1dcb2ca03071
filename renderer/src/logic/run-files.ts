import type { FileChange, ShownItem } from '../../../contract/session-files.ts';
import { formatBytes, plural } from './format.ts';
import { visibleText } from './visible-text.ts';

/** One file a run created, changed or deleted, as its cell lists it. */
export interface FileChangeRow {
  path: string;
  change: FileChange['change'];
  /** "12 B", or "folder". */
  size: string;
  /** Whether it can be opened in the Files panel (it is still in the run's heap). */
  openable: boolean;
}

/** How many changes a run's cell lists: it is a note under the run, the Files panel has the rest. */
export const CHANGES_LISTED = 12;

/** The cell's list of a run's changes, in the run's order, the first `max`; `more`: how many not listed. */
export function fileChangeRows(
  changed: readonly FileChange[],
  max = CHANGES_LISTED,
): { rows: FileChangeRow[]; more: number } {
  const rows = changed.slice(0, max).map(({ path, change, kind, size }) => ({
    path,
    change,
    size: kind === 'dir' ? 'folder' : formatBytes(size),
    openable: change !== 'deleted',
  }));
  return { rows, more: changed.length - rows.length };
}

/** The heading over them: "2 files created · 1 changed · 1 deleted". */
export function fileChangesHeading(changed: readonly FileChange[]): string {
  const count = (change: FileChange['change']) =>
    changed.filter((file) => file.change === change).length;
  const [created, changedCount, deleted] = [count('created'), count('changed'), count('deleted')];
  const parts = [
    created > 0 && `${created} created`,
    changedCount > 0 && `${changedCount} changed`,
    deleted > 0 && `${deleted} deleted`,
  ].filter((part) => part !== false);
  return `${plural(changed.length, 'file')}: ${parts.join(' · ')}`;
}

/** The words of one item shown, for its caption and a screen reader: "Shown 1: chart (image/png, 2.1 KiB)". */
export const shownLabel = (item: ShownItem, index: number) =>
  `Shown ${index + 1}: ${visibleText(item.path.slice(item.path.lastIndexOf('/') + 1))} (${visibleText(item.mimeType)}, ${formatBytes(item.size)})`;
