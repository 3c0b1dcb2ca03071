// Removes the blobs no session needs any more: those no session's files name (blob-marks.ts) and
// older than a grace. A run writes its blobs before its entry is committed, so a blob no journal
// names yet may be one a run is about to name: runs last at most an hour (timeoutMs) plus their
// replays, and putBlob makes a reused blob young again.
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobHolds } from './blob-holds.ts';
import { markBlobs } from './blob-marks.ts';
import type { DataLayout } from './data-dir.ts';

/** How long a blob no journal names is kept after it was last written. */
export const BLOB_GRACE_MS = 2 * 3_600_000;

/** Marking gives up after this many tries when forks or renames keep coming. */
const MARK_TRIES = 3;

const HASH = /^[0-9a-f]{64}$/;
const FOLDER = /^[0-9a-f]{2}$/;
/** A blob being removed: renamed first, so a putBlob that made it young meanwhile is seen. */
const SWEPT = '.swept';

export interface BlobSweepOptions {
  graceMs?: number;
  /** The clock (ms since the epoch) the grace is measured on. */
  now?: () => number;
  signal?: AbortSignal;
  /** Forks and renames, which carry blob names outside the journals (blob-holds.ts). */
  holds?: BlobHolds;
}

export interface BlobSweep {
  /** The sessions' files read to mark, and their bytes. */
  files: number;
  scannedBytes: number;
  /** Blobs in the store, and those of them some session names. */
  blobs: number;
  named: number;
  removed: number;
  removedBytes: number;
  /** Blobs no session names, kept within the grace; when the first of them is due. */
  young: number;
  dueAt?: number;
  /** Forks or renames kept coming while marking: nothing was removed. */
  skipped?: true;
  ms: number;
}

export async function sweepBlobs(
  layout: Pick<DataLayout, 'root' | 'sessions' | 'blob'>,
  { graceMs = BLOB_GRACE_MS, now = Date.now, signal, holds }: BlobSweepOptions = {},
): Promise<BlobSweep> {
  const started = performance.now();
  const sweep: BlobSweep = {
    files: 0,
    scannedBytes: 0,
    blobs: 0,
    named: 0,
    removed: 0,
    removedBytes: 0,
    young: 0,
    ms: 0,
  };
  let named: Set<string> | undefined;
  for (let tries = 0; tries < MARK_TRIES && !named; tries++) {
    const mark = await holds?.quiet();
    const marks = await markBlobs(layout, signal);
    sweep.files = marks.files;
    sweep.scannedBytes = marks.bytes;
    if (mark === undefined || holds?.unchanged(mark)) named = marks.hashes;
  }
  if (!named) return { ...sweep, skipped: true, ms: performance.now() - started };
  const root = join(layout.root, 'blobs');
  for (const folder of (await namesIn(root)).filter((name) => FOLDER.test(name))) {
    for (const name of await namesIn(join(root, folder))) {
      signal?.throwIfAborted();
      const path = join(root, folder, name);
      const cutoff = now() - graceMs;
      if (HASH.test(name)) {
        sweep.blobs++;
        if (named.has(name)) {
          sweep.named++;
          continue;
        }
        const mtime = await mtimeOf(path);
        if (mtime === undefined) continue;
        if (mtime >= cutoff) {
          sweep.young++;
          sweep.dueAt = Math.min(sweep.dueAt ?? Infinity, mtime + graceMs);
          continue;
        }
        const bytes = await removeOld(path, cutoff);
        if (bytes === undefined) continue;
        sweep.removed++;
        sweep.removedBytes += bytes;
      } else if (name.endsWith(SWEPT)) {
        // A removal a crash cut short: young again (a putBlob came) goes back, else it goes.
        const blob = path.slice(0, -SWEPT.length);
        if (((await mtimeOf(path)) ?? 0) >= cutoff) await rename(path, blob).catch(() => {});
        else await rm(path, { force: true });
      } else if (name.endsWith('.tmp') && ((await mtimeOf(path)) ?? Infinity) < cutoff) {
        // A write a crash cut short (writeFileAtomic's temporary file).
        await rm(path, { force: true });
      }
    }
  }
  // Empty folders stay: a putBlob may be about to write into one (256 folders at most).
  return { ...sweep, ms: performance.now() - started };
}

/**
 * Removes the blob at `path` if it is still older than `cutoff` once out of the way; its size,
 * or undefined when it was kept or gone. A putBlob that found it there makes it young before
 * relying on it (then it is put back) or, finding it gone, writes it again.
 */
async function removeOld(path: string, cutoff: number): Promise<number | undefined> {
  const swept = `${path}${SWEPT}`;
  try {
    await rename(path, swept);
  } catch {
    return undefined;
  }
  const stats = await stat(swept).catch(() => undefined);
  if (!stats || stats.mtimeMs >= cutoff) {
    await rename(swept, path);
    return undefined;
  }
  await rm(swept, { force: true });
  return stats.size;
}

async function mtimeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    (stats) => stats.mtimeMs,
    () => undefined,
  );
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
