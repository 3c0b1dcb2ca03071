// What a replayed run is handed of the session's files (guest/files.js's replay data): the tree
// it started from, the limits it ran under and the contents it read, all from the store.
import { readBlob } from '../../store/blob-store.ts';
import type { DataLayout } from '../../store/data-dir.ts';
import type { FileLimits, TreeNode } from '../../store/file-tree.ts';
import { baseTreeOf, readTree } from '../../store/heap-files.ts';
import type { JournalEntry } from '../../store/journal-entry.ts';

export interface ReplayFiles {
  limits: FileLimits;
  nodes: TreeNode[];
  /** Each content the live run read, base64, by hash. */
  contents: Record<string, string>;
}

/** The files data of `chain[index]`'s replay; none when its run never touched files. */
export async function replayFilesOf(
  layout: Pick<DataLayout, 'blob'>,
  chain: readonly JournalEntry[],
  index: number,
): Promise<ReplayFiles | undefined> {
  const files = chain[index]?.files;
  if (!files) return undefined;
  const nodes = await readTree(layout, baseTreeOf(chain, index));
  const contents: Record<string, string> = {};
  for (const hash of files.read ?? []) {
    contents[hash] = (await readBlob(layout, hash)).toString('base64');
  }
  return { limits: files.limits, nodes, contents };
}
