import { readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Every file under `dir`, as a `/`-separated path relative to it (on Windows too). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Removes `files` (relative to `dir`), then the folders that removal left empty. */
export async function removeFiles(dir: string, files: readonly string[]): Promise<void> {
  await Promise.all(files.map((file) => rm(join(dir, file))));
  const folders = new Set(files.map((file) => dirname(join(dir, file))));
  // Each folder and then its parents, up to the first that still holds something.
  for (const folder of folders) {
    for (
      let current = folder;
      current !== dir && current.startsWith(dir);
      current = dirname(current)
    ) {
      const removed = await rmdir(current).then(
        () => true,
        () => false,
      );
      if (!removed) break;
    }
  }
}
