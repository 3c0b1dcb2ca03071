import type { HeapSummary } from '../../../contract/sessions.ts';
import { formatBytes } from './format.ts';

export interface HeapRow extends HeapSummary {
  /** The session's current heap: where its next run starts. */
  current: boolean;
  /** What happens about this heap's snapshot, in words. */
  snapshot: string;
}

/**
 * A session's heaps as the table shows them, newest first. A snapshot is made of the session's
 * current heap once the session goes idle, and only the newest few are kept: an older heap
 * without one is restored by replaying it from an older snapshot, so it needs none.
 */
export function heapRows(heaps: HeapSummary[], head: string): HeapRow[] {
  return [...heaps].reverse().map((heap) => ({
    ...heap,
    current: heap.heap === head,
    snapshot:
      heap.snapshotBytes !== undefined
        ? `checkpoint made · ${formatBytes(heap.snapshotBytes)}`
        : heap.heap === head
          ? 'made when idle'
          : 'not needed',
  }));
}
