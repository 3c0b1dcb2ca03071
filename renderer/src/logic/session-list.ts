import { formatQuantity } from '../../../contract/human-units.ts';
import { removalTime } from '../../../contract/session-retention.ts';
import type { SessionSummary } from '../../../contract/sessions.ts';
import { formatBytes, plural } from './format.ts';

/**
 * How the Sessions list is ordered. Size is the number of heaps in a session's history (its
 * committed runs, a fork's inherited ones included): the one measure of a session's size every
 * list shows, and what its journal, replay time and snapshots grow with.
 */
export type SessionSort = 'last-used' | 'name' | 'size';

export const SESSION_SORTS: readonly { value: SessionSort; label: string }[] = [
  { value: 'last-used', label: 'Last used' },
  { value: 'name', label: 'Name' },
  { value: 'size', label: 'Size (heaps)' },
];

export const isSessionSort = (value: string): value is SessionSort =>
  SESSION_SORTS.some((sort) => sort.value === value);

// Names compare as people read them: session-9 before session-10, case aside.
const byName = (a: SessionSummary, b: SessionSummary) =>
  a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });

const ORDER: Record<SessionSort, (a: SessionSummary, b: SessionSummary) => number> = {
  // The most recently used first; ISO times of one server compare as strings.
  'last-used': (a, b) =>
    a.updatedAt === b.updatedAt ? byName(a, b) : a.updatedAt < b.updatedAt ? 1 : -1,
  name: byName,
  // The largest first: the ones worth looking at when cleaning up.
  size: (a, b) => b.heaps - a.heaps || byName(a, b),
};

/**
 * The sessions shown: those whose name holds `query` (case aside, spaces around it ignored), in
 * `sort`'s order. A new array; `sessions` stays as it is.
 */
export function shownSessions(
  sessions: readonly SessionSummary[],
  query: string,
  sort: SessionSort,
): SessionSummary[] {
  const needle = query.trim().toLowerCase();
  return sessions
    .filter((session) => session.name.toLowerCase().includes(needle))
    .sort(ORDER[sort]);
}

/** The selection with `name` added, or taken out when it was in. */
export function toggled(selection: ReadonlySet<string>, name: string): Set<string> {
  const next = new Set(selection);
  if (!next.delete(name)) next.add(name);
  return next;
}

/**
 * The selection with every shown session in it (`on`) or none of them; sessions selected but
 * hidden by the search stay as they were.
 */
export function withShown(
  selection: ReadonlySet<string>,
  shown: readonly SessionSummary[],
  on: boolean,
): Set<string> {
  const next = new Set(selection);
  for (const { name } of shown) {
    if (on) next.add(name);
    else next.delete(name);
  }
  return next;
}

/**
 * The selected names that still exist, in the order shown: what "Delete N sessions" deletes. A
 * session deleted elsewhere (a client, another window) leaves the selection by itself; one hidden
 * by the search is not deleted unseen.
 */
export const selectedShown = (selection: ReadonlySet<string>, shown: readonly SessionSummary[]) =>
  shown.filter((session) => selection.has(session.name)).map((session) => session.name);

/** The question asked before deleting `names`. */
export const deleteQuestion = (names: readonly string[]) =>
  names.length === 1
    ? `Delete ${names[0]} and its snapshots?`
    : `Delete ${names.length} sessions and their snapshots?`;

/** The button that asks it. */
export const deleteLabel = (count: number) => `Delete ${plural(count, 'session')}`;

/** A session that could not be deleted, and the server's reason. */
export interface DeleteFailure {
  session: string;
  message: string;
}

/**
 * What deleting several sessions came to, from each one's settled promise (in `names`' order):
 * the ones that failed, with why, so the window can say which are still there.
 */
export function deleteFailures(
  names: readonly string[],
  results: readonly PromiseSettledResult<unknown>[],
): DeleteFailure[] {
  return names.flatMap((session, index) => {
    const result = results[index];
    if (result?.status !== 'rejected') return [];
    const reason = result.reason;
    return [{ session, message: reason instanceof Error ? reason.message : String(reason) }];
  });
}

/** The failures in one sentence per session, for the window's alert. */
export const failureText = (failures: readonly DeleteFailure[]) =>
  failures.map((failure) => `Could not delete ${failure.session}: ${failure.message}`).join('\n');

const DAY_MS = 24 * 3_600_000;

/** A retention as people say it: "7 days", else in the unit that shows it exactly ("36 h"). */
export const retentionText = (ms: number) =>
  ms % DAY_MS === 0 ? plural(ms / DAY_MS, 'day') : formatQuantity(ms, 'ms');

/**
 * What the list says of a session the server will remove once idle (one a client never named,
 * while the retention is on), or undefined for one it keeps.
 */
export function removalMark(
  session: Pick<SessionSummary, 'name' | 'updatedAt'>,
  retentionMs: number | undefined,
): string | undefined {
  if (retentionMs === undefined || removalTime(session, retentionMs) === undefined) return;
  return `Unnamed: removed after ${retentionText(retentionMs)} idle`;
}

/** A session's files as its list entry says them: "1.5 KiB of files" (its current heap's). */
export const sessionFileFigure = ({ fileBytes }: Pick<SessionSummary, 'fileBytes'>) =>
  `${formatBytes(fileBytes)} of files`;
