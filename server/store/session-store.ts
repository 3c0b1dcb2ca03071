import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { syncDir, writeFileAtomic } from './atomic-write.ts';
import { type DataLayout, dataLayout } from './data-dir.ts';
import { type JournalEntry, ROOT_HEAP } from './journal-entry.ts';
import { appendJournal, readJournal, repairJournal } from './journal-file.ts';

export interface SessionMeta {
  name: string;
  createdAt: string;
  /** The heap this session started from, when it was forked. */
  forkedFrom?: { session?: string; heap: string };
}

export interface SessionRecord extends SessionMeta {
  entries: JournalEntry[];
  /** Set when the journal could not be read: the session is listed but cannot run. */
  damaged?: string;
  /** Set when opening the journal dropped a torn last entry (never acknowledged): what and where. */
  recovered?: string;
}

export const SNAPSHOTS_KEPT_PER_SESSION = 4;

// A session is a folder, so its name must mean one folder on every platform: lowercase only
// (macOS and Windows fold case), no trailing dot (Windows drops it), no reserved device name.
const SESSION_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/;

export function isValidSessionName(name: string): boolean {
  return SESSION_NAME.test(name) && !name.endsWith('.') && !WINDOWS_DEVICE.test(name);
}

export function headOf(record: SessionRecord): string {
  return record.entries.at(-1)?.heap ?? ROOT_HEAP;
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

  private constructor(dataDir: string) {
    this.layout = dataLayout(dataDir);
  }

  static async open(dataDir: string): Promise<SessionStore> {
    const store = new SessionStore(dataDir);
    await mkdir(store.layout.sessions, { recursive: true });
    await mkdir(store.layout.snapshots, { recursive: true });
    for (const dirent of await readdir(store.layout.sessions, { withFileTypes: true })) {
      if (dirent.isDirectory() && isValidSessionName(dirent.name)) {
        store.sessions.set(dirent.name, await store.load(dirent.name));
      } else if (dirent.name.startsWith('.')) {
        // Leftovers of a create or delete that a crash interrupted.
        await rm(`${store.layout.sessions}/${dirent.name}`, { recursive: true, force: true });
      }
    }
    return store;
  }

  private async load(name: string): Promise<SessionRecord> {
    let meta: SessionMeta = { name, createdAt: new Date(0).toISOString() };
    try {
      meta = { ...JSON.parse(await readFile(this.layout.sessionMeta(name), 'utf8')), name };
    } catch {
      // A session without readable metadata is still its journal.
    }
    const path = this.layout.journal(name);
    try {
      const read = await readJournal(path);
      const torn = await repairJournal(path, read);
      this.journalBytes.set(name, read.validBytes);
      return {
        ...meta,
        entries: read.entries,
        ...(torn && {
          recovered: `recovered: a torn entry of ${torn.bytes} bytes dropped at byte ${torn.start} (kept in ${torn.keptIn})`,
        }),
      };
    } catch (error) {
      return { ...meta, entries: [], damaged: (error as Error).message };
    }
  }

  list(): SessionRecord[] {
    return [...this.sessions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): SessionRecord | undefined {
    return this.sessions.get(name);
  }

  /** The entries that lead from an empty heap to `heap`, found in any session. */
  chainTo(heap: string): { session?: string; entries: JournalEntry[] } | undefined {
    if (heap === ROOT_HEAP) return { entries: [] };
    for (const record of this.sessions.values()) {
      const index = record.entries.findIndex((entry) => entry.heap === heap);
      if (index !== -1)
        return { session: record.name, entries: record.entries.slice(0, index + 1) };
    }
    return undefined;
  }

  /** Creates a session, its journal holding `entries` (a fork's ancestry), all or nothing. */
  async create(meta: SessionMeta, entries: JournalEntry[] = []): Promise<SessionRecord> {
    const temp = `${this.layout.sessions}/.new-${meta.name}`;
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    await writeFileAtomic(`${temp}/session.json`, `${JSON.stringify(meta, null, 2)}\n`);
    // The journal exists from the start, so an append never has to create a directory entry.
    const bytes = await appendJournal(`${temp}/journal.jsonl`, entries, 0);
    await syncDir(temp);
    await rename(temp, this.layout.session(meta.name));
    await syncDir(this.layout.sessions);
    const record: SessionRecord = { ...meta, entries: [...entries] };
    this.sessions.set(meta.name, record);
    this.journalBytes.set(meta.name, bytes);
    return record;
  }

  async append(name: string, entry: JournalEntry): Promise<void> {
    const record = this.sessions.get(name);
    if (!record) throw new Error(`no session ${name}`);
    const path = this.layout.journal(name);
    this.journalBytes.set(
      name,
      await appendJournal(path, [entry], this.journalBytes.get(name) ?? 0),
    );
    record.entries.push(entry);
  }

  /** Deletes a session and the snapshots no other session needs any more. */
  async delete(name: string): Promise<void> {
    if (!this.sessions.delete(name)) return;
    this.journalBytes.delete(name);
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
      let kept = 0;
      for (let i = record.entries.length - 1; i >= 0 && kept < SNAPSHOTS_KEPT_PER_SESSION; i--) {
        const heap = (record.entries[i] as JournalEntry).heap;
        if (present.has(heap)) {
          keep.add(heap);
          kept++;
        }
      }
    }
    for (const heap of present) {
      if (!keep.has(heap)) await rm(this.layout.snapshot(heap), { force: true });
    }
  }
}
