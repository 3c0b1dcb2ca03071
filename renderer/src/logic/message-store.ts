import type { LoggedMessage } from '../../../contract/logged-message.ts';

/** The newest messages the GUI keeps: enough for any session, bounded for memory. */
const MESSAGE_CAPACITY = 100_000;

/**
 * Appends messages in arrival order and drops the oldest beyond the capacity. Returns a new
 * array only when something changed, so views re-render only then.
 */
export function appendMessages(
  current: LoggedMessage[],
  incoming: LoggedMessage[],
  capacity = MESSAGE_CAPACITY,
): LoggedMessage[] {
  if (incoming.length === 0) return current;
  const lastSeq = current.at(-1)?.seq ?? 0;
  const fresh = incoming.filter((message) => message.seq > lastSeq);
  if (fresh.length === 0) return current;
  const merged = current.concat(fresh);
  return merged.length > capacity ? merged.slice(merged.length - capacity) : merged;
}

/** Puts older messages (a page loaded later) before the current ones, within the capacity. */
export function prependMessages(
  current: LoggedMessage[],
  older: LoggedMessage[],
  capacity = MESSAGE_CAPACITY,
): LoggedMessage[] {
  const firstSeq = current[0]?.seq ?? Number.POSITIVE_INFINITY;
  const fresh = older.filter((message) => message.seq < firstSeq);
  if (fresh.length === 0) return current;
  const room = capacity - current.length;
  return room <= 0 ? current : fresh.slice(Math.max(0, fresh.length - room)).concat(current);
}
