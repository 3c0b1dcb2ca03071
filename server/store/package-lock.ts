// A session's lockfile, `sessions/NAME/packages.lock.json`: every package version its runs
// loaded, with its tree and the bundle of each entry imported. A later import of the same
// package takes its pinned version (and tree) instead of asking the registry for the newest.
// The journal's records are the truth: a run's pins are derived from its journal chain (lockOf),
// and the lockfile is a readable copy of them (session-pins.ts reads the one and writes the
// other). A lockfile that says anything else (edited, or a write a crash cut short) is never
// followed: it is written again and reported.
import { isDeepStrictEqual } from 'node:util';
import { batchesOf } from './effect-record.ts';
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

/** The lock a chain of entries makes: the pins a run follows, a session's, a fork's. */
export const lockOf = (entries: readonly JournalEntry[]): PackageLock =>
  entries.reduce((lock, entry) => lockWith(lock, batchesOf(entry.effects, 'import')), emptyLock());

/** How many of a mismatch's packages its description names. */
const NAMED = 3;

/**
 * How the lockfile's `text` (undefined: there is none) disagrees with `lock`, the journal's pins,
 * in a few words; undefined when it says the same.
 */
export function lockfileMismatch(text: string | undefined, lock: PackageLock): string | undefined {
  const pinned = lock.packages;
  if (text === undefined) return Object.keys(pinned).length > 0 ? 'there is none' : undefined;
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  const said = file as Partial<PackageLock> | null;
  const packages = said?.packages;
  if (said?.lockfileVersion !== LOCKFILE_VERSION || typeof packages !== 'object' || !packages) {
    return `it is not a version ${LOCKFILE_VERSION} lockfile`;
  }
  // Compared as JSON, as the file holds it.
  const expected = JSON.parse(JSON.stringify(pinned)) as Record<string, unknown>;
  const wrong = [...new Set([...Object.keys(packages), ...Object.keys(pinned)])].flatMap((key) => {
    const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
    if (!Object.hasOwn(pinned, key)) return [`${shown} was never pinned`];
    if (!Object.hasOwn(packages, key)) return [`${shown} is missing`];
    return isDeepStrictEqual(packages[key], expected[key]) ? [] : [`${shown} differs`];
  });
  if (wrong.length === 0) return undefined;
  const more = wrong.length > NAMED ? ` and ${wrong.length - NAMED} more` : '';
  return `${wrong.slice(0, NAMED).join(', ')}${more}`;
}

/**
 * Whether the lockfile's `text` only lacks pins of `lock` (or there is none), every pin it has
 * being the journal's: what a crash between a run's commit and the lockfile's write leaves.
 */
export function lockfileBehind(text: string | undefined, lock: PackageLock): boolean {
  if (text === undefined) return true;
  const trimmed = { ...lock, packages: { ...lock.packages } };
  try {
    const said = JSON.parse(text) as Partial<PackageLock> | null;
    for (const key of Object.keys(lock.packages)) {
      if (!Object.hasOwn(said?.packages ?? {}, key)) delete trimmed.packages[key];
    }
  } catch {
    return false;
  }
  return lockfileMismatch(text, trimmed) === undefined;
}
