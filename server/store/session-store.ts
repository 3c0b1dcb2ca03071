import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { isValidSessionName } from '../../contract/session-names.ts';
import { syncDir, writeFileAtomic } from './atomic-write.ts';
import { BlobHolds } from './blob-holds.ts';
import { type DataLayout, dataLayout } from './data-dir.ts';
import { EMPTY_TREE, treeTotals } from './file-tree.ts';
import { readTree, treeAt } from './heap-files.ts';
import {
  type Divergence,
  isKeptSnapshot,
  isRanUnder,
  type JournalEntry,
  type KeptSnapshot,
  ROOT_HEAP,
} from './journal-entry.ts';
import { appendJournal, JournalCorruptError, readJournal, repairJournal } from './journal-file.ts';
import { type OpenJournal, OpenJournals } from './open-journals.ts';
import { OWNER_DIR } from './owner-only.ts';
import type { PackageLock } from './package-lock.ts';
import { RunHistory } from './run-history-file.ts';
import { SessionPins } from './session-pins.ts';

export interface SessionMeta {
  name: string;
  createdAt: string;
  /** The heap this session started from, when it was forked. */
  forkedFrom?: { session?: string; heap: string };
  /** Set when replaying the journal did not come out as its runs did: the session refuses runs. */
  diverged?: Diverged;
  /** The snapshot the user chose to go on from after a divergence (see KeptSnapshot). */
  keptSnapshot?: KeptSnapshot;
}

/** A divergence as the session keeps it: where, under what, and the error a run gets. */
export interface Diverged extends Divergence {
  message: string;
}

/**
 * What the server keeps in memory of a session: a few fields, however long its journal. The
 * entries themselves stay on disk and are read when a fork, an export or a snapshot needs them.
 */
export interface SessionRecord extends SessionMeta {
  /** The newest committed heap: the parent of the next run. */
  head: string;
  /**
   * Committed entries in the journal, one per heap: a fork's start with the ones it inherited.
   * The journal holds the first `heaps` of its lines.
   */
  heaps: number;
  /** Of `heaps`, the first ones, which came with the fork (0 for a session not forked). */
  inheritedHeaps: number;
  /** The virtual clock of the newest run (ms since the epoch). */
  lastRunTime?: number;
  /** The newest heap's file tree (its manifest's hash) and its totals; absent: no files. */
  files?: { tree: string; bytes: number; count: number };
  /**
   * The heaps of this journal that have a snapshot file now, whichever session's snapshot made
   * it (by `index`, their position in the journal, oldest first). Pruning keeps the newest
   * SNAPSHOTS_KEPT_PER_SESSION of them.
   */
  snapshots: { heap: string; index: number }[];
  /** Set when the journal could not be read: the session is listed but cannot run. */
  damaged?: string;
  /**
   * What was repaired, said as it happened (and logged): a torn last entry opening the journal
   * dropped (never acknowledged), a lockfile that disagreed with the journal written again.
   */
  recovered?: string;
}

export const SNAPSHOTS_KEPT_PER_SESSION = 4;

export interface StoreOptions {
  /** Hears what opening the sessions, or a later run, repaired (each `recovered` note). */
  report?: (session: string, note: string) => void;
  /** The most journals kept open at once (see OpenJournals). */
  openJournals?: number;
}

/**
 * Sessions on disk and their index in memory. Only the server process writes here; each session
 * is a folder with its metadata and its append-only journal.
 */
export class SessionStore {
  readonly layout: DataLayout;
  private readonly sessions = new Map<string, SessionRecord>();
  /** Each journal's committed size: bytes past it are a failed append's, cut before the next. */
  private readonly journalBytes = new Map<string, number>();
  private readonly journals: OpenJournals;
  /** Each session's package pins, and its lockfile written from them. */
  private readonly pins: SessionPins;
  /** Each session's recent runs for the GUI, which its folder keeps beside the journal. */
  readonly runs: RunHistory;
  /** Forks and renames under way, which a blob sweep waits out (blob-holds.ts). */
  readonly blobHolds = new BlobHolds();
  /** Hears each `recovered` note as it is made. */
  private readonly report: (session: string, note: string) => void;

  private constructor(dataDir: string, options: StoreOptions) {
    this.layout = dataLayout(dataDir);
    this.report = options.report ?? (() => undefined);
    this.journals = new OpenJournals(options.openJournals);
    this.pins = new SessionPins(this.layout);
    this.runs = new RunHistory(this.layout);
  }

  /** Opens the sessions in `dataDir` (see StoreOptions). */
  static async open(dataDir: string, options: StoreOptions = {}): Promise<SessionStore> {
    const store = new SessionStore(dataDir, options);
    await mkdir(store.layout.sessions, { recursive: true, mode: OWNER_DIR });
    await mkdir(store.layout.snapshots, { recursive: true, mode: OWNER_DIR });
    const present = await store.snapshotHeaps();
    for (const dirent of await readdir(store.layout.sessions, { withFileTypes: true })) {
      if (dirent.isDirectory() && isValidSessionName(dirent.name)) {
        store.sessions.set(dirent.name, await store.load(dirent.name, present));
      } else if (dirent.name.startsWith('.')) {
        // Leftovers of a create or delete that a crash interrupted.
        await rm(`${store.layout.sessions}/${dirent.name}`, { recursive: true, force: true });
      }
    }
    return store;
  }

  private async load(name: string, present: Set<string>): Promise<SessionRecord> {
    let meta: SessionMeta = { name, createdAt: new Date(0).toISOString() };
    try {
      const { diverged, keptSnapshot, ...read } = JSON.parse(
        await readFile(this.layout.sessionMeta(name), 'utf8'),
      );
      meta = {
        ...read,
        name,
        ...(isDiverged(diverged) && { diverged }),
        ...(isKeptSnapshot(keptSnapshot) && { keptSnapshot }),
      };
    } catch {
      // A session without readable metadata is still its journal.
    }
    const path = this.layout.journal(name);
    try {
      const read = await readJournal(path);
      const torn = await repairJournal(path, read);
      this.journalBytes.set(name, read.validBytes);
      const { files, problem } = await this.filesAt(read.entries);
      const notes = [
        torn &&
          `recovered: a torn entry of ${torn.bytes} bytes dropped at byte ${torn.start} (kept in ${torn.keptIn})`,
        await this.pins.opened(name, read.entries),
        problem,
      ].filter((note) => note !== undefined);
      for (const note of notes) this.report(name, note);
      return {
        ...meta,
        ...summaryOf(read.entries, present, meta.forkedFrom),
        ...(files && { files }),
        ...(notes.length > 0 && { recovered: notes.join('; ') }),
      };
    } catch (error) {
      return { ...meta, ...summaryOf([], present), damaged: (error as Error).message };
    }
  }

  list(): SessionRecord[] {
    return [...this.sessions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): SessionRecord | undefined {
    return this.sessions.get(name);
  }

  /** A session's committed entries, read from its journal. */
  async entries(name: string): Promise<JournalEntry[]> {
    const record = this.sessions.get(name);
    if (!record) throw new Error(`no session ${name}`);
    // Read what is committed now: an append in progress may add a line that is not yet.
    const committed = record.heaps;
    const path = this.layout.journal(name);
    const { entries } = await readJournal(path);
    if (entries.length < committed) {
      throw new JournalCorruptError(
        `${path}: ${committed - entries.length} committed entries are missing`,
      );
    }
    return entries.slice(0, committed);
  }

  /**
   * The entries that lead from an empty heap to `heap`, found in any session: the ones whose head
   * it is first (the common case), then every journal on disk.
   */
  async chainTo(heap: string): Promise<{ session?: string; entries: JournalEntry[] } | undefined> {
    if (heap === ROOT_HEAP) return { entries: [] };
    const sessions = this.list().filter((record) => !record.damaged);
    const heads = sessions.filter((record) => record.head === heap);
    for (const record of [...heads, ...sessions.filter((record) => record.head !== heap)]) {
      // A journal damaged or a session deleted since the list was taken cannot hold the chain;
      // the others still may.
      const entries = await this.entries(record.name).catch((error: Error) => {
        if (error instanceof JournalCorruptError || !this.sessions.has(record.name)) return [];
        throw error;
      });
      const index = entries.findIndex((entry) => entry.heap === heap);
      if (index !== -1) return { session: record.name, entries: entries.slice(0, index + 1) };
    }
    return undefined;
  }

  /**
   * The session that holds `heap`: one whose head it is, known without reading anything, else the
   * first whose journal has it.
   */
  async sessionWith(heap: string): Promise<string | undefined> {
    for (const record of this.sessions.values()) {
      if (!record.damaged && record.head === heap) return record.name;
    }
    return (await this.chainTo(heap))?.session;
  }

  /**
   * Creates a session, its journal holding `entries` (a fork's ancestry), all or nothing. Its runs
   * are its own: a fork's history starts empty.
   */
  async create(meta: SessionMeta, entries: JournalEntry[] = []): Promise<SessionRecord> {
    const temp = `${this.layout.sessions}/.new-${meta.name}`;
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true, mode: OWNER_DIR });
    await writeFileAtomic(`${temp}/session.json`, `${JSON.stringify(meta, null, 2)}\n`);
    // The journal exists from the start, so an append never has to create a directory entry.
    const bytes = await appendJournal(`${temp}/journal.jsonl`, entries, 0);
    // A fork keeps the package versions its ancestry pinned.
    await this.pins.created(meta.name, entries, temp);
    await syncDir(temp);
    await rename(temp, this.layout.session(meta.name));
    await syncDir(this.layout.sessions);
    const { files } = await this.filesAt(entries);
    const record: SessionRecord = {
      ...meta,
      ...summaryOf(entries, await this.snapshotHeaps(), meta.forkedFrom),
      ...(files && { files }),
    };
    this.sessions.set(meta.name, record);
    this.journalBytes.set(meta.name, bytes);
    return record;
  }

  /**
   * Opens and checks a session's journal for its next append: a run has this done while it runs,
   * so that committing it is one synced write. Never fails (`append` reports what went wrong).
   */
  prepareAppend(name: string): Promise<OpenJournal | undefined> {
    return this.journals.prepare(this.layout.journal(name));
  }

  /** Commits a run's entry: on disk when this returns. */
  async append(name: string, entry: JournalEntry, prepared?: OpenJournal): Promise<void> {
    const record = this.sessions.get(name);
    if (!record) throw new Error(`no session ${name}`);
    const path = this.layout.journal(name);
    const committed = this.journalBytes.get(name) ?? 0;
    this.journalBytes.set(name, await this.journals.append(path, [entry], committed, prepared));
    record.head = entry.heap;
    record.heaps++;
    record.lastRunTime = entry.time;
    if (entry.files) record.files = (await this.filesAt([entry])).files;
    const note = await this.pins.appended(name, entry);
    if (note === undefined) return;
    record.recovered = record.recovered ? `${record.recovered}; ${note}` : note;
    this.report(name, note);
  }

  /**
   * The file tree of the heap `entries` end at and its totals (none: no files). A tree the store
   * lost counts nothing, and `problem` says so: listing that heap's files names what is missing.
   */
  private async filesAt(
    entries: readonly JournalEntry[],
  ): Promise<{ files?: SessionRecord['files']; problem?: string }> {
    const tree = treeAt(entries, entries.length - 1);
    if (tree === EMPTY_TREE) return {};
    try {
      return { files: { tree, ...treeTotals(await readTree(this.layout, tree)) } };
    } catch (error) {
      const problem = `${(error as Error).message}; its files are not counted`;
      return { files: { tree, bytes: 0, count: 0 }, problem };
    }
  }

  /** The package versions the session's journal pinned. */
  packageLock(name: string): PackageLock {
    if (!this.sessions.has(name)) throw new Error(`no session ${name}`);
    return this.pins.of(name);
  }

  /**
   * Records that replaying the session diverged, or that it no longer does: at once in memory,
   * then in its metadata to be kept across restarts (a failed write throws after the first).
   */
  async setDiverged(name: string, diverged: Diverged | undefined): Promise<void> {
    const record = this.require(name);
    if (diverged) record.diverged = diverged;
    else delete record.diverged;
    await this.writeMeta(record);
  }

  /** The session goes on from `kept` (a diverged session's offer) and no longer refuses runs. */
  async keepSnapshot(name: string, kept: KeptSnapshot): Promise<void> {
    const record = this.require(name);
    record.keptSnapshot = kept;
    delete record.diverged;
    await this.writeMeta(record);
  }

  private require(name: string): SessionRecord {
    const record = this.sessions.get(name);
    if (!record) throw new Error(`no session ${name}`);
    return record;
  }

  private async writeMeta(record: SessionRecord): Promise<void> {
    const meta: SessionMeta = {
      name: record.name,
      createdAt: record.createdAt,
      ...(record.forkedFrom && { forkedFrom: record.forkedFrom }),
      ...(record.diverged && { diverged: record.diverged }),
      ...(record.keptSnapshot && { keptSnapshot: record.keptSnapshot }),
    };
    await writeFileAtomic(
      this.layout.sessionMeta(record.name),
      `${JSON.stringify(meta, null, 2)}\n`,
    );
  }

  /** Closes the journals kept open for appends. */
  async close(): Promise<void> {
    await this.journals.closeAll();
  }

  /**
   * Notes that the heap at `index` of a session's journal has a snapshot file now: in that
   * session, and in every other whose journal holds the same heap. Only forks share heaps, in
   * their inherited part: the others' journals are read only when one of the two inherited it.
   */
  async snapshotMade(name: string, heap: string, index: number): Promise<void> {
    const maker = this.sessions.get(name);
    if (!maker) return;
    addSnapshot(maker, heap, index);
    const inherited = (record: SessionRecord) => index < record.inheritedHeaps;
    for (const record of this.list()) {
      if (record === maker || record.damaged || record.heaps <= index) continue;
      if (!inherited(record) && !inherited(maker)) continue;
      // A journal damaged or a session deleted meanwhile holds nothing to count.
      const entries = await this.entries(record.name).catch(() => []);
      if (entries[index]?.heap === heap) addSnapshot(record, heap, index);
    }
  }

  /**
   * Gives the session `from` the name `to`: its folder (journal, metadata, runs, lockfile) moves
   * as one rename, and its heaps keep their ids, so their snapshots stay as they are. The forks
   * that started from it name it by `to` from then on: `forkedFrom.session` says which session a
   * fork came from, and it is still that one. The caller sees that nothing runs in either name
   * meanwhile and that `to` is a valid name no session has (every such folder is one).
   */
  rename(from: string, to: string): Promise<SessionRecord> {
    // Its journal is in neither name's folder for a moment: a blob sweep must not mark meanwhile.
    return this.blobHolds.hold(() => this.move(from, to));
  }

  private async move(from: string, to: string): Promise<SessionRecord> {
    const record = this.require(from);
    if (this.sessions.has(to)) throw new Error(`session ${to} already exists`);
    // Nothing may write into the folder as it moves: runs recorded late, an open journal.
    await this.runs.settled(from);
    await this.journals.close(this.layout.journal(from));
    await rename(this.layout.session(from), this.layout.session(to));
    await syncDir(this.layout.sessions);
    this.sessions.delete(from);
    record.name = to;
    this.sessions.set(to, record);
    this.journalBytes.set(to, this.journalBytes.get(from) ?? 0);
    this.journalBytes.delete(from);
    this.pins.renamed(from, to);
    this.runs.renamed(from, to);
    // Its metadata names it too (though a folder's name wins when it is read: a crash between
    // the rename and here loses nothing).
    await this.writeMeta(record);
    for (const fork of this.sessions.values()) {
      if (fork.forkedFrom?.session !== from) continue;
      fork.forkedFrom = { ...fork.forkedFrom, session: to };
      await this.writeMeta(fork);
    }
    return record;
  }

  /** Deletes a session (its journal, lockfile and runs) and the snapshots no other needs any more. */
  async delete(name: string): Promise<void> {
    if (!this.sessions.delete(name)) return;
    this.journalBytes.delete(name);
    this.pins.forget(name);
    this.runs.forget(name);
    await this.journals.close(this.layout.journal(name));
    const trash = `${this.layout.sessions}/.deleted-${name}-${Date.now()}`;
    await rename(this.layout.session(name), trash);
    await rm(trash, { recursive: true, force: true });
    await this.pruneSnapshots();
  }

  /** The heaps that have a snapshot file, from one read of the folder. */
  async snapshotHeaps(): Promise<Set<string>> {
    // A snapshots folder deleted while the server runs holds nothing; the next snapshot makes it.
    const all = await readdir(this.layout.snapshots).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const files = all.filter((file) => file.endsWith('.snap'));
    return new Set(files.map((file) => file.slice(0, -'.snap'.length)));
  }

  /**
   * Keeps the newest snapshots of each session and removes the rest: older heaps restore from
   * a kept ancestor plus a short replay, and disk use stays bounded however long a session runs.
   */
  async pruneSnapshots(): Promise<void> {
    const present = await this.snapshotHeaps();
    const keep = new Set<string>();
    for (const record of this.sessions.values()) {
      // A snapshot file deleted by hand is gone from the session's count too.
      record.snapshots = record.snapshots.filter(({ heap }) => present.has(heap));
      for (const { heap } of record.snapshots.slice(-SNAPSHOTS_KEPT_PER_SESSION)) keep.add(heap);
      // No replay here makes a kept snapshot again.
      if (record.keptSnapshot) keep.add(record.keptSnapshot.heap);
    }
    for (const heap of present) {
      if (!keep.has(heap)) await rm(this.layout.snapshot(heap), { force: true });
    }
    for (const record of this.sessions.values()) {
      record.snapshots = record.snapshots.filter(({ heap }) => keep.has(heap));
    }
  }
}

/** A session.json's divergence, checked: the file may have been edited. */
function isDiverged(value: unknown): value is Diverged {
  const diverged = value as Diverged | undefined;
  return (
    typeof diverged?.message === 'string' &&
    typeof diverged.heap === 'string' &&
    typeof diverged.forkFrom === 'string' &&
    (diverged.ranUnder === undefined || isRanUnder(diverged.ranUnder)) &&
    isRanUnder(diverged.replayedUnder) &&
    (diverged.snapshot === undefined || isKeptSnapshot(diverged.snapshot))
  );
}

/**
 * The in-memory part of a session whose journal holds `entries`, when the heaps in `present`
 * have a snapshot file. A fork's journal starts with the chain to the heap it was forked at.
 */
function summaryOf(
  entries: JournalEntry[],
  present: Set<string>,
  forkedFrom?: SessionMeta['forkedFrom'],
): Pick<SessionRecord, 'head' | 'heaps' | 'inheritedHeaps' | 'lastRunTime' | 'snapshots'> {
  const snapshots = entries.flatMap(({ heap }, index) =>
    present.has(heap) ? [{ heap, index }] : [],
  );
  const last = entries.at(-1);
  return {
    head: last?.heap ?? ROOT_HEAP,
    heaps: entries.length,
    inheritedHeaps: forkedFrom
      ? entries.findIndex((entry) => entry.heap === forkedFrom.heap) + 1
      : 0,
    ...(last && { lastRunTime: last.time }),
    snapshots,
  };
}

function addSnapshot(record: SessionRecord, heap: string, index: number): void {
  if (record.snapshots.some((known) => known.heap === heap)) return;
  record.snapshots.push({ heap, index });
  record.snapshots.sort((a, b) => a.index - b.index);
}
