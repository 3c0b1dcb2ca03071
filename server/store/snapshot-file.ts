import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { OWNER_DIR } from './owner-only.ts';

const MAGIC = Buffer.from('MCPISNAP', 'latin1');
const SNAPSHOT_FORMAT = 1;

interface SnapshotHeader {
  heap: string;
  /** V8, isolated-vm and prelude versions: a snapshot only loads into the runtime that made it. */
  runtime: string;
  size: number;
  sha256: string;
  /** Journal entries replayed to make it. */
  entries: number;
  createdAt: string;
}

export type SnapshotCheck =
  | { ok: true; blob: Buffer; header: SnapshotHeader }
  | { ok: false; reason: 'missing' | 'corrupt'; detail: string }
  /** `runtime`: the one that made it, when its header says. */
  | { ok: false; reason: 'stale'; detail: string; runtime?: string };

/** Layout: magic (8) | format u32 | header length u32 | header JSON | V8 snapshot blob. */
export function encodeSnapshot(
  blob: Uint8Array,
  meta: { heap: string; runtime: string; entries: number },
): Buffer {
  const header: SnapshotHeader = {
    ...meta,
    size: blob.byteLength,
    sha256: sha256(blob),
    createdAt: new Date().toISOString(),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.alloc(16);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt32LE(SNAPSHOT_FORMAT, 8);
  fixed.writeUInt32LE(headerBytes.length, 12);
  return Buffer.concat([fixed, headerBytes, blob]);
}

export function decodeSnapshot(
  file: Buffer,
  expect: { heap: string; runtime: string },
): SnapshotCheck {
  const corrupt = (detail: string): SnapshotCheck => ({ ok: false, reason: 'corrupt', detail });
  if (file.length < 16 || !file.subarray(0, 8).equals(MAGIC)) return corrupt('bad magic');
  const format = file.readUInt32LE(8);
  if (format !== SNAPSHOT_FORMAT) {
    return { ok: false, reason: 'stale', detail: `format ${format}, expected ${SNAPSHOT_FORMAT}` };
  }
  const headerLength = file.readUInt32LE(12);
  let header: SnapshotHeader;
  try {
    header = JSON.parse(file.subarray(16, 16 + headerLength).toString('utf8')) as SnapshotHeader;
  } catch {
    return corrupt('unreadable header');
  }
  if (header.heap !== expect.heap) return corrupt(`holds heap ${header.heap}`);
  if (header.runtime !== expect.runtime) {
    return {
      ok: false,
      reason: 'stale',
      detail: `made by ${header.runtime}`,
      runtime: header.runtime,
    };
  }
  const blob = file.subarray(16 + headerLength);
  if (blob.length !== header.size) return corrupt(`size ${blob.length}, expected ${header.size}`);
  if (sha256(blob) !== header.sha256) return corrupt('checksum mismatch');
  return { ok: true, blob, header };
}

export async function readSnapshot(
  path: string,
  expect: { heap: string; runtime: string },
): Promise<SnapshotCheck> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ok: false, reason: 'missing', detail: path };
    }
    throw error;
  }
  return decodeSnapshot(file, expect);
}

export async function writeSnapshot(
  path: string,
  blob: Uint8Array,
  meta: { heap: string; runtime: string; entries: number },
): Promise<number> {
  const file = encodeSnapshot(blob, meta);
  // The folder may have been deleted while the server runs: made again when it is needed.
  await mkdir(dirname(path), { recursive: true, mode: OWNER_DIR });
  await writeFileAtomic(path, file);
  return file.length;
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
