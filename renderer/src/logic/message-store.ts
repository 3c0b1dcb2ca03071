import type { LoggedMessage } from '../../../server/messages/message-log.ts';

/** The newest messages the GUI keeps: enough for any session, bounded for memory. */
export const MESSAGE_CAPACITY = 100_000;

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
