import type { HeapSummary } from '../../../contract/sessions.ts';
import { formatTime, shortHeap } from './format.ts';

/** One heap the Files panel offers: '' stands for the current one, followed as runs come. */
export interface HeapChoice {
  value: string;
  label: string;
}

/** The code that made a heap, on one line and cut short. */
const codeLine = (code: string) => {
  const line = code.trim().split('\n')[0] ?? '';
  return line.length > 40 || code.trim().includes('\n') ? `${line.slice(0, 40)}…` : line;
};

/**
 * The heaps whose files the panel shows: the current one first, then the others newest first,
 * each named by its id, when it was made and the code that made it.
 */
export function heapChoices(
  heaps: readonly HeapSummary[],
  head: string,
  now = new Date(),
): HeapChoice[] {
  const older = [...heaps]
    .reverse()
    .filter((heap) => heap.heap !== head)
    .map((heap) => ({
      value: heap.heap,
      label: `${shortHeap(heap.heap)} · ${formatTime(heap.time, now)} · ${codeLine(heap.code)}`,
    }));
  return [{ value: '', label: `Current (${shortHeap(head)})` }, ...older];
}
