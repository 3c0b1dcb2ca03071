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

export interface AtomicWriteOptions {
  /** Who is to own the file (a file of another user's, written by root, stays theirs). */
  owner?: { uid: number; gid: number };
  /**
   * Runs after the new content is on the disk, just before it replaces the file: throwing there
   * (the file changed meanwhile, say) leaves the file as it is.
   */
  beforeRename?: () => Promise<void>;
}

/**
 * Writes a file so readers see the old or the new content, never a torn mix: owner-only, or with
 * `mode` exactly (an executable's r-x for others; a file of someone else's keeps the mode it had).
 * A link at `path` is replaced, never written through; no temporary file is left on a failure.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  mode = OWNER_FILE,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  // 'wx' (O_EXCL): a file or link someone put at the temporary name is never followed.
  const file = await open(temp, 'wx', mode);
  try {
    // Before the chmod: a chown may clear mode bits.
    if (options.owner) await file.chown(options.owner.uid, options.owner.gid);
    // The umask may have taken bits from the mode asked for (an executable's r-x for others).
    if (mode !== OWNER_FILE || options.owner) await file.chmod(mode);
    await writeAllAndSync(file, data, path);
  } catch (error) {
    await file.close();
    await rm(temp, { force: true });
    throw error;
  }
  await file.close();
  try {
    await options.beforeRename?.();
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dirname(path));
}
