// Unpacks an import's package tree into a build folder, each tarball into its place
// (`node_modules/name`, nested where versions conflict). Nothing is written before its path is
// proven to lie inside the folder; the tree's bytes and files together are bounded; every write
// is awaited before this returns or throws (so a folder removed afterwards stays removed); and
// the run's deadline or cancel stops it between files.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isPackageName } from '../../../contract/package-policy.ts';
import type { RunLimits } from '../protocol.ts';
import { limitBroken, UNPACKED_FACTOR } from '../run-errors.ts';
import { PackageError } from './package-error.ts';
import { tarballFiles } from './tarball-files.ts';

/** A tarball and where it goes in the tree (`node_modules/name`, nested where versions conflict). */
export interface TreeTarball {
  path: string;
  label: string;
  bytes: Buffer;
}

/** Writes side by side: a package of 40,000 small files takes seconds one at a time. */
const PARALLEL_WRITES = 32;

/** Whether `path` is `node_modules/NAME`, nested any number of times, with valid names only. */
export function isTreeFolder(path: string): boolean {
  const parts = path.split('/');
  for (let i = 0; i < parts.length; ) {
    if (parts[i] !== 'node_modules') return false;
    const scoped = parts[i + 1]?.startsWith('@');
    const name = parts.slice(i + 1, i + (scoped ? 3 : 2)).join('/');
    if (!isPackageName(name, true)) return false;
    i += scoped ? 3 : 2;
  }
  return parts.length > 0;
}

/** `path` resolved under `root`, or a PackageError when it would lie anywhere else. */
function inside(root: string, path: string, label: string): string {
  const target = resolve(root, path);
  const rel = relative(root, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new PackageError(`${label} would be written outside its build folder: refused`);
  }
  return target;
}

/**
 * Unpacks `tree` (the tarballs of `label`'s import) under `root`. Past ten times
 * packageTarballBytes unpacked, or past packageFiles files, it ends the run naming the package;
 * a damaged tarball or a path outside `root` is a PackageError.
 */
export async function unpackTree(
  root: string,
  tree: TreeTarball[],
  label: string,
  limits: Pick<RunLimits, 'packageTarballBytes' | 'packageFiles'>,
  signal: AbortSignal,
): Promise<void> {
  let bytesLeft = limits.packageTarballBytes * UNPACKED_FACTOR;
  let filesLeft = limits.packageFiles;
  const folders = new Map<string, Promise<unknown>>();
  const folder = (path: string) => {
    let made = folders.get(path);
    if (!made) {
      made = mkdir(path, { recursive: true, mode: 0o700 });
      folders.set(path, made);
    }
    return made;
  };
  const writing = new Set<Promise<void>>();
  /**
   * The last write to each file, by a key that folds case and Unicode forms as some disks do: a
   * later entry for the same file is written after it, so it wins, as in tar, on every platform.
   */
  const lastWrite = new Map<string, Promise<void>>();
  let failedWrite: Error | undefined;
  try {
    for (const tarball of tree) {
      if (!isTreeFolder(tarball.path)) {
        throw new PackageError(
          `${tarball.label} would be placed at ${JSON.stringify(tarball.path)}, which is not a package folder: refused`,
        );
      }
      const base = inside(root, tarball.path, tarball.label);
      await folder(base).catch((error: Error) => {
        throw new PackageError(`${tarball.label} could not be unpacked: ${error.message}`);
      });
      const files = tarballFiles(tarball.bytes, tarball.label, {
        signal,
        unpacked: (bytes) => {
          bytesLeft -= bytes;
          if (bytesLeft < 0) throw limitBroken.unpackedSize(limits, label, tarball.label);
        },
        // A file is held whole until it is written: refused before it is, past what is left.
        file: (size) => {
          if (size > bytesLeft) throw limitBroken.unpackedSize(limits, label, tarball.label);
        },
      });
      for await (const file of files) {
        signal.throwIfAborted();
        if (failedWrite) throw failedWrite;
        if (--filesLeft < 0) throw limitBroken.packageFiles(limits, label, tarball.label);
        const target = inside(base, file.path, tarball.label);
        if (writing.size >= PARALLEL_WRITES) await Promise.race(writing);
        const key = target.normalize('NFC').toLowerCase();
        // Never rejects: a failure is kept and thrown by the loop or at the end.
        const write: Promise<void> = (lastWrite.get(key) ?? Promise.resolve())
          .then(() => folder(dirname(target)))
          .then(() => writeFile(target, file.bytes, { mode: 0o600 }))
          .then(
            () => undefined,
            (error: Error) => {
              failedWrite ??= new PackageError(
                `the tarball of ${tarball.label} could not be unpacked: ${error.message}`,
              );
            },
          )
          .finally(() => writing.delete(write));
        writing.add(write);
        lastWrite.set(key, write);
      }
    }
  } finally {
    // Nothing may still be writing once this returns, whatever happened.
    await Promise.all(writing);
  }
  if (failedWrite) throw failedWrite;
}
