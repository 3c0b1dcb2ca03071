import { completeEntry, type JournalEntry, ROOT_HEAP } from '../store/journal-entry.ts';

/** `count` valid journal entries, each the child of the one before; `code` makes entry i's code. */
export function journalChain(
  count: number,
  code: (i: number) => string = (i) => `x = ${i}`,
): JournalEntry[] {
  const entries: JournalEntry[] = [];
  let parent = ROOT_HEAP;
  for (let i = 0; i < count; i++) {
    const text = code(i);
    const entry = completeEntry(
      { parent, code: text, script: text, time: 1000 + i, seed: i, output: 1024 },
      { ticks: 0, check: 0, ms: 1 },
    );
    entries.push(entry);
    parent = entry.heap;
  }
  return entries;
}
