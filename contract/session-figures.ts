import type { SessionSummary } from './sessions.ts';

/**
 * A session's figures in words, the same wherever a session is listed (list_sessions' text, the
 * GUI's list and card): "21 heaps (8 inherited) · 3 with a snapshot".
 */
export function sessionFigures({
  heaps,
  inheritedHeaps,
  heapsWithSnapshot,
}: Pick<SessionSummary, 'heaps' | 'inheritedHeaps' | 'heapsWithSnapshot'>): string {
  const inherited = inheritedHeaps > 0 ? ` (${inheritedHeaps} inherited)` : '';
  return `${heaps} heap${heaps === 1 ? '' : 's'}${inherited} · ${heapsWithSnapshot} with a snapshot`;
}
