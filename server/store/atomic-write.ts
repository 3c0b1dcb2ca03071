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

/**
 * Writes a file so readers see the old or the new content, never a torn mix: owner-only, or with
 * `mode` exactly (an executable's r-x for others; a file of someone else's keeps the mode it had).
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  mode = OWNER_FILE,
): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, 'w', mode);
  try {
    // The umask may have taken bits from the mode asked for (an executable's r-x for others).
    if (mode !== OWNER_FILE) await file.chmod(mode);
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
