// A content-addressed store of the bytes runs received (fetch bodies): `blobs/ab/HASH`, each
// file named by the SHA-256 of its content, written once and checked on every read.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import type { DataLayout } from './data-dir.ts';
import { OWNER_DIR } from './owner-only.ts';

export const blobHash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const HASH = /^[0-9a-f]{64}$/;

/** Stores `bytes` under `hash` (their blobHash), synced; a blob already there is kept. */
export async function putBlob(
  layout: Pick<DataLayout, 'blob'>,
  hash: string,
  bytes: Uint8Array,
): Promise<void> {
  if (!HASH.test(hash) || blobHash(bytes) !== hash)
    throw new Error(`blob ${hash} does not match its bytes`);
  const path = layout.blob(hash);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.size === bytes.byteLength) return;
  await mkdir(dirname(path), { recursive: true, mode: OWNER_DIR });
  await writeFileAtomic(path, bytes);
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
