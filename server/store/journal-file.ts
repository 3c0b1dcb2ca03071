import { type FileHandle, open, readFile, truncate, writeFile } from 'node:fs/promises';
import { effectsOfLegacy, type LegacyEffects } from './effect-record.ts';
import { heapIdOf, isRanUnder, type JournalEntry, ROOT_HEAP } from './journal-entry.ts';
import { OWNER_FILE } from './owner-only.ts';
import { SYNCED_APPEND, writeAllAndSync } from './write-all.ts';

export class JournalCorruptError extends Error {
  override name = 'JournalCorruptError';
}

export interface JournalRead {
  entries: JournalEntry[];
  /** Bytes that hold whole, valid lines; anything after is a torn write from a crash. */
  validBytes: number;
  tornTail: boolean;
}

/**
 * Reads and verifies a journal: each line must parse, hash to its heap id and name the previous
 * line as its parent. Only the last line may be torn (a crash mid-append, never acknowledged);
 * a bad line anywhere else means the file was damaged and is reported, never guessed around.
 */
export async function readJournal(path: string): Promise<JournalRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { entries: [], validBytes: 0, tornTail: false };
    }
    throw error;
  }
  const entries: JournalEntry[] = [];
  let offset = 0;
  let parent = ROOT_HEAP;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const line = end === -1 ? text.slice(offset) : text.slice(offset, end);
    const entry = parseLine(line);
    const isLast = end === -1 || end === text.length - 1;
    if (!entry || entry.parent !== parent || heapIdOf(entry) !== entry.heap) {
      if (isLast) {
        return { entries, validBytes: Buffer.byteLength(text.slice(0, offset)), tornTail: true };
      }
      throw new JournalCorruptError(`${path}: line ${entries.length + 1} is damaged`);
    }
    if (end === -1) {
      // A complete entry whose newline never reached the disk: not acknowledged either.
      return { entries, validBytes: Buffer.byteLength(text.slice(0, offset)), tornTail: true };
    }
    entries.push(entry);
    parent = entry.heap;
    offset = end + 1;
  }
  return { entries, validBytes: Buffer.byteLength(text), tornTail: false };
}

function parseLine(line: string): JournalEntry | undefined {
  try {
    const value = normalized(JSON.parse(line));
    const ok =
      typeof value.heap === 'string' &&
      typeof value.parent === 'string' &&
      typeof value.code === 'string' &&
      typeof value.script === 'string' &&
      typeof value.time === 'number' &&
      typeof value.seed === 'number' &&
      typeof value.ticks === 'number' &&
      typeof value.output === 'number' &&
      typeof value.check === 'number' &&
      typeof value.ms === 'number' &&
      (value.effects === undefined || Array.isArray(value.effects)) &&
      (value.ranUnder === undefined || isRanUnder(value.ranUnder));
    return ok ? (value as JournalEntry) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An entry as this version keeps it: one written before `effects` existed has its `net` and
 * `packages` turned into effects (which hash the same). The one place old entries are read.
 */
function normalized(value: Partial<JournalEntry> & LegacyEffects): Partial<JournalEntry> {
  if (value === null || typeof value !== 'object') return {};
  const { net, packages, ...entry } = value;
  if (net === undefined && packages === undefined) return entry;
  if (
    !(net === undefined || Array.isArray(net)) ||
    !(packages === undefined || Array.isArray(packages))
  )
    return {};
  const effects = effectsOfLegacy({ net, packages });
  return { ...entry, ...(effects.length > 0 && { effects }) };
}

/**
 * The entries of the journal at `path` from the root up to and including `heap` (none for the
 * root), or undefined when the journal does not hold it: how a sandbox process gets a heap's
 * history, read from the file the server committed it to.
 */
export async function readChain(path: string, heap: string): Promise<JournalEntry[] | undefined> {
  if (heap === ROOT_HEAP) return [];
  const { entries } = await readJournal(path);
  const index = entries.findIndex((entry) => entry.heap === heap);
  return index === -1 ? undefined : entries.slice(0, index + 1);
}

export interface TornTail {
  /** Where the dropped bytes started: the size of the journal's whole lines. */
  start: number;
  bytes: number;
  /** The file beside the journal that keeps them, for a post-mortem. */
  keptIn: string;
}

/**
 * Cuts a torn tail off so the next append starts on a clean line. The bytes it drops (a crash
 * mid-append: never acknowledged) are kept beside the journal first, and said.
 */
export async function repairJournal(
  path: string,
  read: JournalRead,
): Promise<TornTail | undefined> {
  if (!read.tornTail) return undefined;
  const file = await readFile(path);
  const dropped = file.subarray(read.validBytes);
  const keptIn = `${path}.torn-${read.validBytes}`;
  await writeFile(keptIn, dropped, { mode: OWNER_FILE });
  await truncate(path, read.validBytes);
  return { start: read.validBytes, bytes: dropped.length, keptIn };
}

/**
 * Appends entries and returns only once every byte is on disk, with the journal's new size.
 * `committedBytes`, the size of what was acknowledged so far, is restored first: bytes past it
 * are a failed append's (a full disk), which must never sit before the next entry. This opens
 * the journal for this append alone; a session's runs append through OpenJournals.
 */
export async function appendJournal(
  path: string,
  entries: JournalEntry[],
  committedBytes: number,
): Promise<number> {
  const file = await openForAppend(path);
  try {
    return await appendOpen(file, (await file.stat()).size, path, entries, committedBytes);
  } finally {
    await file.close();
  }
}

/** Opens a journal for appends (each write synced where the platform can, see SYNCED_APPEND). */
export const openForAppend = (path: string): Promise<FileHandle> =>
  open(path, SYNCED_APPEND ?? 'a', OWNER_FILE);

/** appendJournal on a journal open as `file`, whose size on disk is `size`. */
export async function appendOpen(
  file: FileHandle,
  size: number,
  path: string,
  entries: JournalEntry[],
  committedBytes: number,
): Promise<number> {
  if (size < committedBytes) {
    throw new JournalCorruptError(
      `${path}: ${committedBytes - size} bytes of committed entries are missing`,
    );
  }
  if (size > committedBytes) await file.truncate(committedBytes);
  const data = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
  try {
    await writeAllAndSync(file, data, path, SYNCED_APPEND !== undefined);
  } catch (error) {
    // Cut at once when possible; the next append cuts them otherwise.
    await file.truncate(committedBytes).catch(() => undefined);
    throw error;
  }
  return committedBytes + Buffer.byteLength(data);
}
