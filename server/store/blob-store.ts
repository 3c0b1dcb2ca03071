// A content-addressed store of the bytes runs received (fetch bodies, tool results), loaded
// (package tarballs and bundles) and kept as files (contents and tree manifests): `blobs/ab/HASH`,
// each file named by the SHA-256 of its content, checked on every read, and written again
// whenever its bytes arrive and the file there does not hold them, so a damaged blob is repaired
// by the next run that brings the same bytes. Blobs no journal names are swept (blob-sweep.ts).
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import type { DataLayout } from './data-dir.ts';
import { OWNER_DIR } from './owner-only.ts';

export const blobHash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const HASH = /^[0-9a-f]{64}$/;

/**
 * Stores `bytes` under `hash` (their blobHash), synced and atomically; a file already there is
 * kept only when it holds exactly these bytes (read and hashed: blobs are bounded by the limits),
 * and then its mtime is made now: the entry that will name it is not committed yet, and the sweep
 * spares a blob no journal names only while it is young. One swept meanwhile is written anew.
 */
export async function putBlob(
  layout: Pick<DataLayout, 'blob'>,
  hash: string,
  bytes: Uint8Array,
): Promise<void> {
  if (!HASH.test(hash) || blobHash(bytes) !== hash)
    throw new Error(`blob ${hash} does not match its bytes`);
  const path = layout.blob(hash);
  if ((await holds(path, hash, bytes.byteLength)) && (await touched(path))) return;
  await mkdir(dirname(path), { recursive: true, mode: OWNER_DIR });
  await writeFileAtomic(path, bytes);
}

/** Whether the file at `path` is the blob `hash` of `size` bytes (a size differs: no read). */
async function holds(path: string, hash: string, size: number): Promise<boolean> {
  try {
    return (await stat(path)).size === size && blobHash(await readFile(path)) === hash;
  } catch {
    return false;
  }
}

/** Whether the file at `path` now has the current time as its mtime (it may have been swept). */
async function touched(path: string): Promise<boolean> {
  const now = new Date();
  return utimes(path, now, now).then(
    () => true,
    () => false,
  );
}

/** The bytes stored under `hash`; a missing or damaged blob is an error that says which. */
export async function readBlob(layout: Pick<DataLayout, 'blob'>, hash: string): Promise<Buffer> {
  if (!HASH.test(hash)) throw new Error(`"${hash}" is not a blob hash`);
  let bytes: Buffer;
  try {
    bytes = await readFile(layout.blob(hash));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`the recorded body ${hash} is missing from the blob store (${code})`);
  }
  if (blobHash(bytes) !== hash) throw new Error(`the recorded body ${hash} is damaged`);
  return bytes;
}
