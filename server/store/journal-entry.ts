import { createHash } from 'node:crypto';
import { type EffectBatch, hashedEffects } from './effect-record.ts';
import type { FileLimits } from './file-tree.ts';

/** The heap id of an empty session: the sandbox prelude and nothing else. */
export const ROOT_HEAP = 'root';

/** One committed run: everything replay needs to rebuild the heap it produced, exactly. */
export interface JournalEntry {
  /** Content hash of `parent` and the replayed fields: the id of the heap this run produced. */
  heap: string;
  parent: string;
  /** The code as the client sent it. */
  code: string;
  /** What ran: the code after TypeScript stripping and the REPL rewrite. */
  script: string;
  /** Virtual clock at the start of the run (ms since the epoch). */
  time: number;
  /** Seed of the run's `Math.random` (uint32). */
  seed: number;
  /** How many timer callbacks the event loop fired; replay fires exactly these. */
  ticks: number;
  /**
   * The run's output limit in bytes. Rendering stops at it, and rendering can run guest code
   * (proxies, getters), so replay uses the same limit.
   */
  output: number;
  /**
   * Fingerprint of the run's outcome (value, console, cancelled timers). Derived, so not part of
   * the heap id: a snapshot's replay must reproduce it.
   */
  check: number;
  /**
   * What the run's effects (fetches, imports) received, one batch per step that asked, in the
   * order the guest received them (absent when it asked for none); bodies and bundles are in the
   * blob store by hash. Replay serves these and never performs an effect again. Entries written
   * before it hold `net` and `packages` instead, which reading turns into this (journal-file.ts).
   */
  effects?: EffectBatch[];
  /**
   * The session's files, when the run touched them (read, wrote or was given any): the tree it
   * left. The heap's files are its nearest entry's with `files` (none before: empty). Replay
   * hands the run its base tree and the contents it read as data, never reading the host's.
   */
  files?: FilesRecord;
  /** Wall-clock duration of the live run in ms (informative, not hashed). */
  ms: number;
  /**
   * What the run ran under (absent in entries written before it was recorded). Not hashed: a
   * heap id names what went in; this says why a replay that comes out differently does.
   */
  ranUnder?: RanUnder;
}

/** What a run did with the session's files: manifests and contents are blobs (file-tree.ts). */
export interface FilesRecord {
  /** The manifest of the tree after the run. */
  tree: string;
  /** The tree the run started from, when files given to it made it differ from its parent's. */
  base?: string;
  /** The contents the run read from its base tree (sorted): what its replay is handed. */
  read?: string[];
  /** The limits its file calls ran under: a replay refuses where the live run did. */
  limits: FileLimits;
}

/** The runtime (SandboxRuntime's id) and the memory limit a run ran under. */
export interface RanUnder {
  runtime: string;
  memoryMb: number;
}

export const isRanUnder = (value: unknown): value is RanUnder =>
  typeof (value as RanUnder | undefined)?.runtime === 'string' &&
  typeof (value as RanUnder).memoryMb === 'number';

/** A journal entry whose replay did not come out as its live run did. */
export interface Divergence {
  /** The heap the entry made, which this server cannot rebuild. */
  heap: string;
  /** The entry's parent, the newest heap that still replays: a fork from it goes on. */
  forkFrom: string;
  /** What the entry ran under (absent for entries written before it was recorded). */
  ranUnder?: RanUnder;
  /** What its replay ran under: the session refuses runs while this is what a replay gets. */
  replayedUnder: RanUnder;
  /**
   * The newest snapshot, at or past the entry, made under the runtime that ran it, that still
   * loads here: the session can go on from it instead (see KeptSnapshot).
   */
  snapshot?: KeptSnapshot;
}

/**
 * A snapshot a session goes on from although this runtime would not make it: the heap exactly
 * as the runtime that ran its entries made it. Its heaps up to `heap` restore from it, never by
 * replay, and it is never pruned.
 */
export interface KeptSnapshot {
  heap: string;
  /** The runtime that made it, the one its heap carries (SandboxRuntime's id). */
  runtime: string;
}

export const isKeptSnapshot = (value: unknown): value is KeptSnapshot =>
  typeof (value as KeptSnapshot | undefined)?.heap === 'string' &&
  isHeapId((value as KeptSnapshot).heap) &&
  typeof (value as KeptSnapshot).runtime === 'string';

/** A run's entry before it runs: everything but what the run itself decides. */
export type PendingEntry = Omit<
  JournalEntry,
  'heap' | 'ticks' | 'check' | 'ms' | 'effects' | 'ranUnder' | 'files'
>;
type HashedFields = Omit<JournalEntry, 'heap' | 'check' | 'ms' | 'ranUnder'>;

const HEAP_ID_FORMAT = 2;

const hashedFiles = ({ tree, base, limits }: FilesRecord) => [
  'files',
  tree,
  base ?? null,
  [limits.fileBytes, limits.sessionFileBytes, limits.sessionFiles, limits.displayBytes],
];

export function heapIdOf(fields: HashedFields): string {
  const hashed = [
    HEAP_ID_FORMAT,
    fields.parent,
    fields.code,
    fields.script,
    fields.time,
    fields.seed,
    fields.ticks,
    fields.output,
    // Entries without effects hash as they did before any existed.
    ...hashedEffects(fields.effects),
    // And entries without files as before files existed; `read` follows from the rest.
    ...(fields.files ? [hashedFiles(fields.files)] : []),
  ];
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex').slice(0, 32);
}

/** The entry of a run that ended well: its pending entry and what the run decided, with its heap id. */
export function completeEntry(
  pending: PendingEntry,
  ran: Pick<JournalEntry, 'ticks' | 'check' | 'ms' | 'effects' | 'ranUnder' | 'files'>,
): JournalEntry {
  const fields = {
    ...pending,
    ticks: ran.ticks,
    ...(ran.effects && ran.effects.length > 0 && { effects: ran.effects }),
    ...(ran.files && { files: ran.files }),
    check: ran.check,
  };
  return {
    heap: heapIdOf(fields),
    ...fields,
    ms: ran.ms,
    ...(ran.ranUnder && { ranUnder: ran.ranUnder }),
  };
}

const FIRST_LINE_CHARS = 120;

/** An entry's code by its first non-empty line, shortened: enough for a person to know the run. */
export function firstLine(code: string): string {
  const line = (code.split('\n').find((each) => each.trim() !== '') ?? '').trim();
  return line.length > FIRST_LINE_CHARS ? `${line.slice(0, FIRST_LINE_CHARS - 1)}…` : line;
}

const HEAP_ID_PATTERN = /^(root|[0-9a-f]{32})$/;

export function isHeapId(value: string): boolean {
  return HEAP_ID_PATTERN.test(value);
}
