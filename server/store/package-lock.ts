// A session's lockfile, `sessions/NAME/packages.lock.json`: every package version its runs
// loaded, with its tree and the bundle of each entry imported. A later import of the same
// package takes its pinned version (and tree) instead of asking the registry for the newest.
// The journal's records are the truth; the engine writes the lockfile from them before it
// commits an entry, a fork's from its ancestry, and a worker that cannot read it rebuilds it
// from the journal.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.ts';
import type { JournalEntry } from './journal-entry.ts';
import type { PackageBatches, PinnedDependency, PinnedTarball } from './package-record.ts';

export const LOCKFILE_VERSION = 1;

/** A pinned package version and the bundles made of it. */
export interface LockedPackage extends PinnedTarball {
  dependencies: PinnedDependency[];
  /** By entry: `.` for the main one, else the subpath. */
  bundles: Record<string, { hash: string; bytes: number }>;
}

export interface PackageLock {
  lockfileVersion: typeof LOCKFILE_VERSION;
  /** By `name@version`. */
  packages: Record<string, LockedPackage>;
}

export const emptyLock = (): PackageLock => ({ lockfileVersion: LOCKFILE_VERSION, packages: {} });

export const lockKey = (name: string, version: string) => `${name}@${version}`;

/** `lock` with the packages `batches` loaded added; the same object when nothing is new. */
export function lockWith(lock: PackageLock, batches: PackageBatches): PackageLock {
  let next = lock;
  for (const { package: loaded } of batches.flat()) {
    if (!loaded) continue;
    const key = lockKey(loaded.name, loaded.version);
    const entry = loaded.subpath ?? '.';
    const known = next.packages[key];
    if (known?.bundles[entry]?.hash === loaded.bundle) continue;
    const { subpath: _subpath, bundle, bundleBytes, dependencies, ...tarball } = loaded;
    next = {
      ...next,
      packages: {
        ...next.packages,
        [key]: {
          ...tarball,
          dependencies: known?.dependencies ?? dependencies,
          bundles: { ...known?.bundles, [entry]: { hash: bundle, bytes: bundleBytes } },
        },
      },
    };
  }
  return next;
}

/** The lock a chain of entries makes: a fork's, or one rebuilt from a journal. */
export const lockOf = (entries: readonly JournalEntry[]): PackageLock =>
  entries.reduce((lock, entry) => lockWith(lock, entry.packages ?? []), emptyLock());

/** The lockfile at `path`: empty when there is none, an error when it is damaged. */
export async function readLock(path: string): Promise<PackageLock> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLock();
    throw error;
  }
  const lock = JSON.parse(text) as Partial<PackageLock>;
  if (
    lock.lockfileVersion !== LOCKFILE_VERSION ||
    typeof lock.packages !== 'object' ||
    !lock.packages
  ) {
    throw new Error(`${path} is not a version ${LOCKFILE_VERSION} lockfile`);
  }
  return lock as PackageLock;
}

export async function writeLock(path: string, lock: PackageLock): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(lock, null, 2)}\n`);
}
