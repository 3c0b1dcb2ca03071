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

/**
 * Journals kept open between a session's appends, so that committing a run is one synced write:
 * opening and checking the journal is done while the run runs (`prepare`), and the file stays
 * open for the next one. The newest `max` stay open.
 *
 * An open file is only used while its path still names it. A journal deleted or replaced before
 * an append is opened again by its path (and one missing committed entries is refused, as
 * always); one deleted or replaced while the run ran is found by a check made alongside the
 * write, and the append fails: the entry went to a file that is no longer the journal.
 */
export class OpenJournals {
  /** By path, oldest use first. */
  private readonly files = new Map<string, FileHandle>();
  /** Paths with an append under way: their files are not closed under them. */
  private readonly busy = new Set<string>();
  private readonly max: number;

  constructor(max = 32) {
    this.max = max;
  }

  /**
   * Opens and checks the journal at `path` ahead of an append. Never fails: an append given
   * nothing (or a file closed since) opens and checks again, and reports what goes wrong.
   */
  async prepare(path: string): Promise<OpenJournal | undefined> {
    try {
      return await this.openJournal(path);
    } catch {
      return undefined;
    } finally {
      // A run that fails appends nothing: its file still counts against the bound.
      await this.closeOldest();
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
    this.busy.add(path);
    try {
      const journal =
        prepared && this.files.get(path) === prepared.file
          ? prepared
          : await this.openJournal(path);
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
      await this.close(path);
      throw error;
    } finally {
      this.busy.delete(path);
      await this.closeOldest();
    }
  }

  /** Closes a journal's file: before its folder is renamed or removed (Windows refuses that). */
  async close(path: string): Promise<void> {
    const file = this.files.get(path);
    this.files.delete(path);
    await file?.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.files.keys()].map((path) => this.close(path)));
  }

  /** The kept file if the path still names it, else the path opened again; and its size. */
  private async openJournal(path: string): Promise<OpenJournal> {
    const kept = this.files.get(path);
    if (kept) {
      const [own, named] = await Promise.all([
        kept.stat().catch(() => undefined),
        stat(path).catch(() => undefined),
      ]);
      if (own && isSameFile(own, named)) {
        // Newest use last.
        this.files.delete(path);
        this.files.set(path, kept);
        return { file: kept, size: own.size, ino: own.ino, dev: own.dev };
      }
      await this.close(path);
    }
    const file = await openForAppend(path);
    this.files.set(path, file);
    const { size, ino, dev } = await file.stat();
    return { file, size, ino, dev };
  }

  private async closeOldest(): Promise<void> {
    for (const path of this.files.keys()) {
      if (this.files.size <= this.max) return;
      if (!this.busy.has(path)) await this.close(path);
    }
  }
}

const isSameFile = (a: { ino: number; dev: number }, b: Stats | undefined): boolean =>
  b !== undefined && a.ino === b.ino && a.dev === b.dev;
