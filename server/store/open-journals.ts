import type { Stats } from 'node:fs';
import { type FileHandle, stat } from 'node:fs/promises';
import type { JournalEntry } from './journal-entry.ts';
import { appendOpen, JournalCorruptError, openForAppend } from './journal-file.ts';

/** A journal open for appends, and its size and identity on disk when it was checked. */
export interface OpenJournal {
  file: FileHandle;
  size: number;
  ino: number;
  dev: number;
}

/** One open file and the operations using it now (its leases). */
interface Kept {
  path: string;
  file: Promise<FileHandle>;
  users: number;
  /** No longer the path's file: it closes once its last user is done. */
  dropped: boolean;
  closing: boolean;
  closed: PromiseWithResolvers<void>;
}

/**
 * Journals kept open between a session's appends, so that committing a run is one synced write:
 * opening and checking the journal is done while the run runs (`prepare`), and the file stays
 * open for the next one. At most `max` files are open, however many sessions run.
 *
 * Each use of a file (a check, an append) holds a lease on it, and only a file nobody holds is
 * closed: the least recently used one when another path needs room (a use that finds every file
 * held waits for one), or one whose path no longer names it. A prepared journal whose file was
 * closed since is opened and checked again by the append.
 *
 * An open file is only used while its path still names it. A journal deleted or replaced before
 * an append is opened again by its path (and one missing committed entries is refused, as
 * always); one deleted or replaced while the run ran is found by a check made alongside the
 * write, and the append fails: the entry went to a file that is no longer the journal.
 */
export class OpenJournals {
  /** The file each path uses, by path, least recently used first. */
  private readonly kept = new Map<string, Kept>();
  /** Every file open, being opened or being closed, dropped ones included: at most `max`. */
  private readonly files = new Set<Kept>();
  private closing = 0;
  /** Uses waiting for room: woken when a file closes or nobody holds it any more. */
  private waiting: (() => void)[] = [];
  private readonly max: number;

  constructor(max = 32) {
    if (!(max >= 1)) throw new RangeError(`at least one journal must stay open, got ${max}`);
    this.max = max;
  }

  /**
   * Opens and checks the journal at `path` ahead of an append. Never fails: an append given
   * nothing (or a file closed since) opens and checks again, and reports what goes wrong.
   */
  async prepare(path: string): Promise<OpenJournal | undefined> {
    try {
      const { kept, journal } = await this.checked(path);
      this.release(kept);
      return journal;
    } catch {
      return undefined;
    }
  }

  /**
   * appendJournal through the journal's kept file, `prepared` when it still is. Appends to one
   * path must not overlap (a session's runs commit in turn).
   */
  async append(
    path: string,
    entries: JournalEntry[],
    committedBytes: number,
    prepared?: OpenJournal,
  ): Promise<number> {
    const { kept, journal } = await this.checked(path, prepared);
    try {
      const [bytes, named] = await Promise.all([
        appendOpen(journal.file, journal.size, path, entries, committedBytes),
        stat(path).catch(() => undefined),
      ]);
      if (!isSameFile(journal, named)) {
        throw new JournalCorruptError(
          `${path} was deleted or replaced while the run ran; the run is not saved`,
        );
      }
      return bytes;
    } catch (error) {
      // Whatever went wrong, the next append starts from the path again.
      this.drop(kept);
      throw error;
    } finally {
      this.release(kept);
    }
  }

  /** Closes a journal's file: before its folder is renamed or removed (Windows refuses that). */
  async close(path: string): Promise<void> {
    const kept = this.kept.get(path);
    if (!kept) return;
    this.drop(kept);
    await kept.closed.promise;
  }

  async closeAll(): Promise<void> {
    const files = [...this.files];
    for (const kept of files) this.drop(kept);
    await Promise.all(files.map((kept) => kept.closed.promise));
  }

  /**
   * The path's file, leased, and its size: `prepared` if that is still the path's open file,
   * else the kept file if the path still names it, else the path opened again.
   */
  private async checked(
    path: string,
    prepared?: OpenJournal,
  ): Promise<{ kept: Kept; journal: OpenJournal }> {
    for (;;) {
      const { kept, opened } = await this.lease(path);
      try {
        const file = await kept.file;
        if (prepared?.file === file) return { kept, journal: prepared };
        if (opened) {
          const { size, ino, dev } = await file.stat();
          return { kept, journal: { file, size, ino, dev } };
        }
        const [own, named] = await Promise.all([file.stat(), stat(path).catch(() => undefined)]);
        if (isSameFile(own, named)) {
          return { kept, journal: { file, size: own.size, ino: own.ino, dev: own.dev } };
        }
      } catch (error) {
        this.drop(kept);
        this.release(kept);
        throw error;
      }
      // The path names another file now: the next lease opens it.
      this.drop(kept);
      this.release(kept);
    }
  }

  /** The path's kept file, or the path opened once there is room; held until released. */
  private async lease(path: string): Promise<{ kept: Kept; opened: boolean }> {
    for (;;) {
      const kept = this.kept.get(path);
      if (kept) {
        kept.users++;
        this.kept.delete(path);
        this.kept.set(path, kept);
        return { kept, opened: false };
      }
      if (this.files.size < this.max) break;
      // Room is made one file at a time: each waiter that still finds none closes the next.
      if (this.files.size - this.closing >= this.max) {
        const idle = [...this.kept.values()].find((each) => each.users === 0);
        if (idle) this.drop(idle);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    const file = openForAppend(path);
    // A failed open is reported to the use that awaits it: no rejection goes unhandled meanwhile.
    file.catch(() => undefined);
    const kept: Kept = {
      path,
      file,
      users: 1,
      dropped: false,
      closing: false,
      closed: Promise.withResolvers(),
    };
    this.kept.set(path, kept);
    this.files.add(kept);
    return { kept, opened: true };
  }

  private release(kept: Kept): void {
    kept.users--;
    if (kept.users > 0) return;
    if (kept.dropped) this.closeFile(kept);
    else this.wake();
  }

  /** The file is no longer the path's: it closes now, or when its last user is done. */
  private drop(kept: Kept): void {
    if (this.kept.get(kept.path) === kept) this.kept.delete(kept.path);
    kept.dropped = true;
    if (kept.users === 0) this.closeFile(kept);
  }

  private closeFile(kept: Kept): void {
    if (kept.closing) return;
    kept.closing = true;
    this.closing++;
    kept.file
      .then((file) => file.close())
      .catch(() => undefined)
      .finally(() => {
        this.closing--;
        this.files.delete(kept);
        kept.closed.resolve();
        this.wake();
      });
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

const isSameFile = (a: { ino: number; dev: number }, b: Stats | undefined): boolean =>
  b !== undefined && a.ino === b.ino && a.dev === b.dev;
