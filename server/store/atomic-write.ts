import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OWNER_FILE } from './owner-only.ts';
import { writeAllAndSync } from './write-all.ts';

/** Makes a new or renamed entry in `dir` survive a power loss, not only a crash. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // Windows cannot open a directory to flush it.
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes an owner-only file so readers see the old or the new content, never a torn mix. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, 'w', OWNER_FILE);
  try {
    await writeAllAndSync(file, data, path);
  } catch (error) {
    await file.close();
    await rm(temp, { force: true });
    throw error;
  }
  await file.close();
  await rename(temp, path);
  await syncDir(dirname(path));
}
