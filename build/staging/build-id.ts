// Which build a packaged app is. The AppImage copies its runtime and server to DATA/app/BUILD_ID
// (electron/main/stable-runtime.ts) and reuses a complete copy of the same build: keyed by the
// version alone, a rebuilt AppImage of that version ran the stale copy of the one before. The id
// is the version and a hash of every staged byte of the runtime and the server (paths, contents,
// the executable bit, symlink targets): it changes whenever anything staged does, and hashing the
// ~150 MB staged takes about a second, against the minutes staging takes.
import { createHash, type Hash } from 'node:crypto';
import { readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the id is, relative to the staged target folder and to the app's resources alike. */
export const BUILD_ID_PATH = 'server/build-id';

/** Hashes `dir` into `hash`, entries in name order, each named by its path below `name`. */
async function hashTree(hash: Hash, dir: string, name: string): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const relative = `${name}/${entry.name}`;
    if (relative === BUILD_ID_PATH) continue;
    if (entry.isDirectory()) {
      hash.update(`dir ${relative}\0`);
      await hashTree(hash, path, relative);
    } else if (entry.isSymbolicLink()) {
      hash.update(`link ${relative}\0${await readlink(path)}\0`);
    } else {
      const executable = ((await stat(path)).mode & 0o111) !== 0;
      const content = await readFile(path);
      hash.update(`file ${relative} ${executable ? 'x' : '-'} ${content.length}\0`);
      hash.update(content);
    }
  }
}

/** The build id of the runtime and server staged in `staged`: `VERSION-` and 12 hex digits. */
export async function buildId(staged: string, version: string): Promise<string> {
  const hash = createHash('sha256');
  for (const part of ['runtime', 'server']) await hashTree(hash, join(staged, part), part);
  return `${version}-${hash.digest('hex').slice(0, 12)}`;
}

/** Writes the build id into the staged server, where it reaches the app's resources. */
export async function writeBuildId(staged: string, version: string): Promise<string> {
  const id = await buildId(staged, version);
  await writeFile(join(staged, BUILD_ID_PATH), `${id}\n`);
  return id;
}
