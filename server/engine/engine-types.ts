// What the engine takes and gives: its options, a run's input and result, its events, and the
// summaries of sessions and heaps. Knows nothing of MCP or HTTP.
import type { EffectFields } from '../../contract/effect-kinds.ts';
import type { Limits } from '../../contract/limits.ts';
import type { CacheLimits } from '../sandbox/live-isolates.ts';
import type {
  CancelledTimer,
  ConsoleLine,
  NetPolicy,
  PackagePolicy,
  RunOutcome,
} from '../sandbox/protocol.ts';
import type { RunErrorInfo } from '../sandbox/run-errors.ts';
import type { KeptSnapshot } from '../store/journal-entry.ts';
import type { SessionRecord } from '../store/session-store.ts';

export interface EngineOptions {
  dataDir?: string;
  limits?: Partial<Limits>;
  /** What runs may fetch, and the secret headers added (default: no network). */
  net?: NetPolicy;
  /** Where packages come from (default: on, the public npm registry, any package). */
  packages?: PackagePolicy;
  /** Sandbox worker processes (default: cores, at least 1, at most 4). */
  workers?: number;
  cache?: Partial<CacheLimits>;
  /** How long a sandbox worker without work lives on (default WORKER_IDLE_MS). */
  workerIdleMs?: number;
  /** Journals kept open between runs (default 32): a bound on the server's open files. */
  openJournals?: number;
  /** How long a session stays quiet before its newest heap is snapshotted. */
  snapshotIdleMs?: number;
  /** Where background problems (a failed snapshot) are reported. */
  log?: (message: string) => void;
  /**
   * Code run after the sandbox prelude: a runtime other than this build's, as an update that
   * changes the prelude brings. Tests use it to prove replays are verified across runtimes.
   */
  preludeAppendix?: string;
}

export interface RunInput {
  code: string;
  /** The session to run in; created on first use. Without one, a new session is made. */
  session?: string;
  /** Start the session from this heap id (a fork when the session is new). */
  heap?: string;
}

/**
 * Who asked for a run, as the GUI names it: a client's request on a connection (whose id and
 * request id find its messages), the window, or the JSON API. The engine only passes it on.
 */
export type RunOrigin =
  | { kind: 'client'; connection: string; requestId: string | number; client?: string }
  | { kind: 'window' }
  | { kind: 'api' };

export interface RunOptions {
  origin?: RunOrigin;
  /** Aborting it cancels the run: queued, it never starts; running, its isolate is disposed. */
  signal?: AbortSignal;
}

/** A run queued or under way. */
export interface ActiveRun {
  /** Unique while the server runs; the run's record in the history carries it too. */
  id: string;
  session: string;
  code: string;
  origin: RunOrigin;
  /** When the engine took it (ISO time); it may still wait behind the session's other runs. */
  startedAt: string;
}

/** A run's outcome; its effects, committed or not, under each kind's field (`requests`...). */
export interface RunResult extends EffectFields {
  ok: boolean;
  session: string;
  /** The session's heap after the run: the new heap, or the unchanged one after a failure. */
  heap: string;
  parent: string;
  value?: string;
  error?: RunErrorInfo;
  console: ConsoleLine[];
  cancelledTimers: CancelledTimer[];
  /** Pending timers not listed in cancelledTimers, which would have passed the output limit. */
  moreCancelledTimers?: number;
  /**
   * The run's start on the session's virtual clock (ISO 8601): the wall-clock time, or where the
   * run its heap came from left the clock if that is later. Absent when the run never began.
   */
  startTime?: string;
  durationMs: number;
  /** Where the session's heap came from: its live isolate, a snapshot, or a journal replay. */
  restoredFrom?: RunOutcome['restoredFrom'];
  /** Time spent restoring the heap before the code ran (part of durationMs). */
  restoreMs?: number;
  /** The heap's size in use after a committed run. */
  heapBytes?: number;
}

/** A package a session's journal pinned, as the GUI lists it. */
export interface SessionPackage {
  name: string;
  version: string;
  /** The registry's `dist.integrity` of its tarball. */
  integrity: string;
  tarballBytes: number;
  /** Packages bundled with it (its dependencies, resolved as npm would). */
  dependencies: number;
  /** Each entry the session imported (`.` is the main one) and its bundle's size. */
  bundles: { subpath: string; bytes: number }[];
}

export type EngineEvent =
  | { type: 'run-started'; run: ActiveRun }
  /** A run refused before it ran (it throws an EngineError): not in the history. */
  | { type: 'run-refused'; run: ActiveRun }
  /** Every run, committed or not, in the order the runs ended. */
  | { type: 'run'; run: ActiveRun; result: RunResult }
  | { type: 'session-forked'; session: string; heap: string }
  | { type: 'session-deleted'; session: string }
  /** A diverged session goes on from a snapshot another runtime made (Engine.keepSnapshot). */
  | { type: 'snapshot-kept'; session: string; heap: string }
  | { type: 'snapshot-made'; session: string; heap: string; bytes: number };

/**
 * A session in a list: every transport (list_sessions, the admin API, the GUI) shows these
 * figures as they are, so that each means one thing everywhere.
 */
export interface SessionSummary {
  name: string;
  head: string;
  /**
   * The heaps in the session's journal: the ones its history (list_session_snapshots) lists,
   * a fork's inherited ones included. Each is a committed run's.
   */
  heaps: number;
  /** Of `heaps`, the ones it inherited when it was forked (0 when it was not forked). */
  inheritedHeaps: number;
  /** Of `heaps`, the ones that have a snapshot file now (their history shows its size). */
  heapsWithSnapshot: number;
  createdAt: string;
  updatedAt: string;
  forkedFrom?: SessionRecord['forkedFrom'];
  damaged?: string;
  recovered?: string;
  /**
   * Set when replaying the session came out differently from its runs (replay_diverged): it
   * refuses runs; a fork from `forkFrom` goes on.
   */
  diverged?: {
    message: string;
    heap: string;
    forkFrom: string;
    /** A snapshot it can go on from instead (Engine.keepSnapshot). */
    snapshot?: KeptSnapshot;
  };
  /** The snapshot it goes on from since a divergence, made by another runtime. */
  keptSnapshot?: KeptSnapshot;
}

export interface HeapSummary {
  heap: string;
  parent: string;
  code: string;
  time: string;
  durationMs: number;
  /** Size of the heap snapshot file, when one has been made. */
  snapshotBytes?: number;
}
