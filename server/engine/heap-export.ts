// A heap as a portable file: the journal from the root up to it, one JSON entry a line, then its
// files, a line each (`{"file": PATH, ..., "base64"}`), then every other blob a replay of its
// files needs (`{"blob": HASH, "base64"}`: the trees its runs started from and the contents they
// read). It holds no V8-specific bytes.
import { readBlob } from '../store/blob-store.ts';
import type { DataLayout } from '../store/data-dir.ts';
import { EMPTY_TREE } from '../store/file-tree.ts';
import { baseTreeOf, readTree, treeAt } from '../store/heap-files.ts';
import type { JournalEntry } from '../store/journal-entry.ts';
import { EngineError } from './engine-error.ts';

/** The most an export holds, so that building it cannot take the server's memory. */
export const EXPORT_MAX_BYTES = 512 * 1024 * 1024;

export async function exportText(
  layout: Pick<DataLayout, 'blob'>,
  entries: readonly JournalEntry[],
): Promise<string> {
  const lines = entries.map((entry) => JSON.stringify(entry));
  let bytes = lines.reduce((sum, line) => sum + line.length + 1, 0);
  const add = (line: string) => {
    bytes += line.length + 1;
    if (bytes > EXPORT_MAX_BYTES) {
      throw new EngineError(
        'invalid_files',
        `the heap's export would pass ${EXPORT_MAX_BYTES / 1024 / 1024} MiB with its files`,
      );
    }
    lines.push(line);
  };
  const given = new Set<string>();
  for (const node of await readTree(layout, treeAt(entries, entries.length - 1))) {
    if (!node.hash) continue;
    given.add(node.hash);
    const base64 = (await readBlob(layout, node.hash)).toString('base64');
    add(
      JSON.stringify({
        file: node.path,
        mtime: node.mtime,
        size: node.size,
        hash: node.hash,
        base64,
      }),
    );
  }
  const needed = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if (!entry.files) continue;
    for (const tree of [entry.files.tree, baseTreeOf(entries, index)]) needed.add(tree);
    for (const hash of entry.files.read ?? []) needed.add(hash);
  }
  for (const hash of needed) {
    if (hash === EMPTY_TREE || given.has(hash)) continue;
    add(JSON.stringify({ blob: hash, base64: (await readBlob(layout, hash)).toString('base64') }));
  }
  return lines.map((line) => `${line}\n`).join('');
}
