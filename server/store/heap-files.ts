// Which tree each heap of a journal has, and reading it: a heap's files are the tree of its
// nearest entry that touched files, so listing them reads a manifest, never replays a run.
import { readBlob } from './blob-store.ts';
import type { DataLayout } from './data-dir.ts';
import { EMPTY_TREE, nodesOfManifest, type TreeNode } from './file-tree.ts';
import type { JournalEntry } from './journal-entry.ts';

/** The tree of the heap `chain[index]` made (index -1: the root's, empty). */
export function treeAt(chain: readonly JournalEntry[], index: number): string {
  for (let i = index; i >= 0; i--) {
    const files = chain[i]?.files;
    if (files) return files.tree;
  }
  return EMPTY_TREE;
}

/** The tree `chain[index]`'s run started from: the one given with it, else its parent's. */
export const baseTreeOf = (chain: readonly JournalEntry[], index: number): string =>
  chain[index]?.files?.base ?? treeAt(chain, index - 1);

/** The nodes of the stored tree `hash` (the empty tree needs no blob). */
export async function readTree(
  layout: Pick<DataLayout, 'blob'>,
  hash: string,
): Promise<TreeNode[]> {
  if (hash === EMPTY_TREE) return [];
  try {
    return nodesOfManifest(await readBlob(layout, hash));
  } catch (error) {
    throw new Error(`the file tree ${hash} cannot be read: ${(error as Error).message}`);
  }
}
