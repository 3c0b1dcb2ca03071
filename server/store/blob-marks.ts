// Which blobs the sessions may still need: every 64-hex string in any file of any folder in
// `sessions/` (journals, torn tails, lockfiles, run histories, a fork being created), and every
// one in each file tree manifest a journal line names. Conservative by design: a heap id or a hash
// in a run's code marks a blob too, which only keeps it longer; a blob a journal names that a
// sweep removed would be lost, and its session with it. Snapshots name no blobs.
import { createReadStream } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DataLayout } from './data-dir.ts';

const HASHES = /[0-9a-f]{64}/g;
/** How every manifest starts (file-tree.ts manifestOf). */
const MANIFEST_START = Buffer.from('{"files":1,');

export interface BlobMarks {
  hashes: Set<string>;
  /** The files read in the sessions' folders, and their bytes. */
  files: number;
  bytes: number;
}

/**
 * Reads every session's folder line by line (memory bounded by the longest line) and the
 * manifests its lines name. A folder or file gone meanwhile (a session deleted) is skipped; the
 * caller sees to renames and forks (blob-holds.ts).
 */
export async function markBlobs(
  layout: Pick<DataLayout, 'sessions' | 'blob'>,
  signal?: AbortSignal,
): Promise<BlobMarks> {
  const marks: BlobMarks = { hashes: new Set(), files: 0, bytes: 0 };
  const trees = new Set<string>();
  /** Hashes in lines that did not parse (damaged, torn, not JSON lines): maybe manifests. */
  const unsure = new Set<string>();
  for (const folder of await entriesOf(layout.sessions)) {
    if (!folder.isDirectory()) continue;
    const dir = join(layout.sessions, folder.name);
    for (const file of await entriesOf(dir)) {
      if (!file.isFile()) continue;
      signal?.throwIfAborted();
      await markFile(join(dir, file.name), marks, trees, unsure);
    }
  }
  for (const hash of trees) await markManifest(layout, hash, marks.hashes);
  for (const hash of unsure) {
    if (trees.has(hash) || !(await isManifest(layout, hash))) continue;
    await markManifest(layout, hash, marks.hashes);
  }
  return marks;
}

async function markFile(
  path: string,
  marks: BlobMarks,
  trees: Set<string>,
  unsure: Set<string>,
): Promise<void> {
  const stream = createReadStream(path, 'utf8');
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      const hashes = line.match(HASHES) ?? [];
      for (const hash of hashes) marks.hashes.add(hash);
      // Only an entry with files names a manifest (its `files.tree` and `files.base`).
      if (hashes.length === 0 || !line.includes('"files"')) continue;
      const files = filesOf(line);
      if (files === undefined) for (const hash of hashes) unsure.add(hash);
      for (const tree of [files?.tree, files?.base]) if (typeof tree === 'string') trees.add(tree);
    }
    marks.files++;
    marks.bytes += stream.bytesRead;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    stream.destroy();
  }
}

/** A line's `files` (null: none), or undefined when the line is not JSON. */
function filesOf(line: string): { tree?: unknown; base?: unknown } | null | undefined {
  try {
    const files = (JSON.parse(line) as { files?: unknown } | null)?.files;
    return typeof files === 'object' ? (files as { tree?: unknown; base?: unknown }) : null;
  } catch {
    return undefined;
  }
}

/** Marks the hashes a manifest lists (read whole: a tree is bounded by the file limits). */
async function markManifest(
  layout: Pick<DataLayout, 'blob'>,
  hash: string,
  hashes: Set<string>,
): Promise<void> {
  // A manifest the store lost names nothing that can still be kept.
  const text = await readFile(layout.blob(hash), 'utf8').catch(() => '');
  for (const named of text.match(HASHES) ?? []) hashes.add(named);
}

async function isManifest(layout: Pick<DataLayout, 'blob'>, hash: string): Promise<boolean> {
  const file = await open(layout.blob(hash), 'r').catch(() => undefined);
  if (!file) return false;
  try {
    const start = Buffer.alloc(MANIFEST_START.length);
    const { bytesRead } = await file.read(start, 0, start.length, 0);
    return bytesRead === start.length && start.equals(MANIFEST_START);
  } finally {
    await file.close();
  }
}

/** A folder's entries; none when it is gone. */
async function entriesOf(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
