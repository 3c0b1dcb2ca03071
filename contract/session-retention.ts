import { isUnnamedSession } from './session-names.ts';
import type { SessionSummary } from './sessions.ts';

/**
 * When the server removes a session a client never named, idle `retentionMs` since its last run
 * (its `updatedAt`), as ms since the epoch; undefined for one it never removes: a named one, or
 * any when the retention is 0. The server sweeps by it and the window marks by it.
 */
export function removalTime(
  session: Pick<SessionSummary, 'name' | 'updatedAt'>,
  retentionMs: number,
): number | undefined {
  if (retentionMs <= 0 || !isUnnamedSession(session.name)) return undefined;
  return Date.parse(session.updatedAt) + retentionMs;
}

/** Whether the session is due for removal at `now` (ms since the epoch). */
export function isExpired(
  session: Pick<SessionSummary, 'name' | 'updatedAt'>,
  retentionMs: number,
  now: number,
): boolean {
  const at = removalTime(session, retentionMs);
  return at !== undefined && at <= now;
}
