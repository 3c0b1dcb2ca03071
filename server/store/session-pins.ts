// The one owner of a session's package pins and of its lockfile, `packages.lock.json`: the pins a
// run follows are read here from the journal chain (pinsAt, which the sandbox worker calls), and
// only here is the lockfile, their readable copy, checked and written (SessionPins, which the
// session store keeps).

import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import type { DataLayout } from './data-dir.ts';
import { batchesOf } from './effect-record.ts';
import type { JournalEntry } from './journal-entry.ts';
import { readChain } from './journal-file.ts';
import {
  emptyLock,
  lockfileBehind,
  lockfileMismatch,
  lockOf,
  lockWith,
  type PackageLock,
} from './package-lock.ts';

/**
 * The pins a run of `session` over `heap` follows: those of the journal chain that leads to it,
 * never the lockfile (a copy anyone can edit). A heap the journal lacks pins nothing.
 */
export async function pinsAt(
  layout: Pick<DataLayout, 'journal'>,
  session: string,
  heap: string,
): Promise<PackageLock> {
  return lockOf((await readChain(layout.journal(session), heap)) ?? []);
}

/**
 * Each session's pins, derived from its journal (small: one record per package version, however
 * many runs), and its lockfile written from them and checked against them. Writing never fails:
 * the journal is committed, and the lockfile is only its copy. What it found wrong, or a write
 * that failed, comes back as a note for the session's `recovered`.
 */
export class SessionPins {
  private readonly locks = new Map<string, PackageLock>();
  private readonly layout: Pick<DataLayout, 'packageLock'>;

  constructor(layout: Pick<DataLayout, 'packageLock'>) {
    this.layout = layout;
  }

  /** A session opened with `entries` in its journal: its lockfile is checked, and written again if it disagrees. */
  opened(name: string, entries: readonly JournalEntry[]): Promise<string | undefined> {
    const lock = lockOf(entries);
    this.locks.set(name, lock);
    return this.writeLockfile(name, lock, lock);
  }

  /**
   * A session made with `entries` (a fork's ancestry) in `folder`, the folder that takes its name
   * once complete: it keeps the versions they pinned, its lockfile among its first files.
   */
  async created(name: string, entries: readonly JournalEntry[], folder: string): Promise<void> {
    const lock = lockOf(entries);
    if (Object.keys(lock.packages).length > 0) {
      await writeLock(join(folder, basename(this.layout.packageLock(name))), lock);
    }
    this.locks.set(name, lock);
  }

  /** A committed entry's pins join the session's, and go to its lockfile, whose copy of the earlier ones is checked. */
  appended(name: string, entry: JournalEntry): Promise<string | undefined> {
    const imports = batchesOf(entry.effects, 'import');
    if (imports.length === 0) return Promise.resolve(undefined);
    const pinned = this.of(name);
    const lock = lockWith(pinned, imports);
    this.locks.set(name, lock);
    return this.writeLockfile(name, pinned, lock);
  }

  /** The package versions the session's journal pinned. */
  of(name: string): PackageLock {
    return this.locks.get(name) ?? emptyLock();
  }

  forget(name: string): void {
    this.locks.delete(name);
  }

  /** The session `from` is called `to` now; its lockfile went with its folder. */
  renamed(from: string, to: string): void {
    this.locks.set(to, this.of(from));
    this.locks.delete(from);
  }

  /** Writes `lock` to the lockfile where it says other than `said` (its last pins) or `lock` is new. */
  private async writeLockfile(
    name: string,
    said: PackageLock,
    lock: PackageLock,
  ): Promise<string | undefined> {
    const path = this.layout.packageLock(name);
    const file = basename(path);
    try {
      const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      const mismatch = lockfileMismatch(text, said);
      if (mismatch !== undefined || lock !== said) await writeLock(path, lock);
      const how = lockfileBehind(text, said)
        ? 'was behind the journal, as a crash between a commit and its write leaves it'
        : 'disagreed with the journal';
      return (
        mismatch &&
        `recovered: ${file} ${how} (${mismatch}): imports follow the journal, and the file was written again from it`
      );
    } catch (error) {
      return `${file} could not be written (${(error as Error).message}): imports follow the journal, and the next start writes the file from it`;
    }
  }
}

async function writeLock(path: string, lock: PackageLock): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(lock, null, 2)}\n`);
}
