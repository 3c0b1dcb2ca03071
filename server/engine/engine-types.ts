// What the engine takes and gives: its options, a run's input, and its events. A run's report,
// an active run and the summaries of sessions and heaps are the contract's shapes. Knows nothing
// of MCP or HTTP.
import type { ActiveRun, RunOrigin, RunProgress } from '../../contract/active-runs.ts';
import type { Limits } from '../../contract/limits.ts';
import type { RunReport } from '../../contract/run-report.ts';
import type { FileInfo, InputFiles } from '../../contract/session-files.ts';
import type { CacheLimits } from '../sandbox/live-isolates.ts';
import type {
  HostAnswers,
  HostAsk,
  HostAskType,
  NetPolicy,
  PackagePolicy,
  UpstreamPolicy,
} from '../sandbox/protocol.ts';

export interface EngineOptions {
  dataDir?: string;
  limits?: Partial<Limits>;
  /** What runs may fetch, and the secret headers added (default: no network). */
  net?: NetPolicy;
  /** Where packages come from (default: on, the public npm registry, any package). */
  packages?: PackagePolicy;
  /** What runs' MCP tool calls go to (the server's upstream layer); without it each is refused. */
  host?: HostServices;
  /** Which of the host's servers, and which of their tools, runs may call (default: none). */
  upstream?: UpstreamPolicy;
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
   * How long a blob no session names is kept after it was last written (default BLOB_GRACE_MS):
   * a run's blobs are written before its entry names them. Tests make it 0.
   */
  blobGraceMs?: number;
  /**
   * Code run after the sandbox prelude: a runtime other than this build's, as an update that
   * changes the prelude brings. Tests use it to prove replays are verified across runtimes.
   */
  preludeAppendix?: string;
}

/**
 * What only the server process can do for a run's effects: a worker asks over IPC, the pool
 * passes the ask through, the server's upstream layer implements it.
 */
export interface HostServices {
  ask<T extends HostAskType>(
    request: Extract<HostAsk, { type: T }>,
    context: { session: string; signal: AbortSignal },
  ): Promise<HostAnswers[T]>;
}

export interface RunInput {
  code: string;
  /** The session to run in; created on first use. Without one, a new session is made. */
  session?: string;
  /** Start the session from this heap id (a fork when the session is new). */
  heap?: string;
  /**
   * Files written into the session's tree before the code runs (paths from /work unless
   * absolute), recorded with the run's entry; a path or size the rules refuse is `invalid_files`.
   */
  files?: InputFiles;
}

/** Which files to list: a session's newest heap's, or `heap`'s (any heap of its history). */
export interface FilesQuery {
  session: string;
  heap?: string;
  /** The folder to list, from / (default: the whole tree). */
  path?: string;
}

/** One file of a heap, read: its listing and its bytes. */
export interface FileRead {
  heap: string;
  info: FileInfo;
  bytes: Buffer;
}

export interface RunOptions {
  origin?: RunOrigin;
  /** Aborting it cancels the run: queued, it never starts; running, its isolate is disposed. */
  signal?: AbortSignal;
  /**
   * Each progress its code reports (`progress()`), in order, at most one per 100 ms and the last
   * before the run answers; never from a replay.
   */
  onProgress?: (progress: RunProgress) => void;
}

export type EngineEvent =
  | { type: 'run-started'; run: ActiveRun }
  /** An active run's newest progress (`run.progress`). */
  | { type: 'run-progress'; run: ActiveRun }
  /** A run refused before it ran (it throws an EngineError): not in the history. */
  | { type: 'run-refused'; run: ActiveRun }
  /** Every run, committed or not, in the order the runs ended. */
  | { type: 'run'; run: ActiveRun; result: RunReport }
  | { type: 'session-forked'; session: string; heap: string }
  | { type: 'session-deleted'; session: string }
  /** The same session, heaps and all, under another name (Engine.renameSession). */
  | { type: 'session-renamed'; from: string; to: string }
  /** A diverged session goes on from a snapshot another runtime made (Engine.keepSnapshot). */
  | { type: 'snapshot-kept'; session: string; heap: string }
  | { type: 'snapshot-made'; session: string; heap: string; bytes: number };
