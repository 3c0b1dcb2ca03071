// Messages between the server and its sandbox processes (Node IPC): the worker pool and a
// sandbox worker, the snapshot scheduler and a snapshot maker.
import type { RunProgress } from '../../contract/active-runs.ts';
import type { HeapInspection } from '../../contract/heap-inspection.ts';
import type { Limits } from '../../contract/limits.ts';
import type { NetHeader } from '../../contract/net-policy.ts';
import type { SandboxReport } from '../../contract/run-report.ts';
import type { JournalEntry, KeptSnapshot, PendingEntry } from '../store/journal-entry.ts';
import type { CacheLimits } from './live-isolates.ts';

/** The limits a worker enforces (the code's size is checked before a run is sent). */
export type RunLimits = Omit<Limits, 'codeBytes'>;

/** What a run's fetch may reach, and the secret headers the host adds (the settings'). */
export interface NetPolicy {
  allowNet: string[];
  netHeaders: NetHeader[];
}

/** Whether runs may import packages, from where, and which (the settings'). */
export interface PackagePolicy {
  enabled: boolean;
  /** The registry's address, ending in `/`. */
  registry: string;
  /** Sent as a bearer token to the registry's origin only. */
  token?: string;
  /** Package names and `@scope/*`; empty allows every package. */
  allow: string[];
}

/**
 * Which of the user's other MCP servers a run may call, and which of their tools (the settings'
 * names and patterns, never a secret: those stay in the server process).
 */
export interface UpstreamPolicy {
  servers: Record<string, { allowTools: string[]; disabled: boolean }>;
}

export interface RunRequest {
  type: 'run';
  id: number;
  session: string;
  /** The run's journal entry so far; the worker completes it when the run ends well. */
  entry: PendingEntry;
  limits: RunLimits;
  net: NetPolicy;
  packages: PackagePolicy;
  upstream: UpstreamPolicy;
  /**
   * The port the server itself listens on: nothing a run makes the host fetch (its requests, a
   * registry's packuments and tarballs) may connect to it on an address of this machine, whatever
   * allowNet says, so a run cannot drive the server it runs in (its /mcp needs no token there).
   */
  ownPort?: number;
  /** The snapshot the session goes on from, whatever runtime made it (see KeptSnapshot). */
  keptSnapshot?: KeptSnapshot;
  /**
   * The parent heap's file tree (its manifest's hash), and the files given to the run (normal
   * paths, checked by the engine), written before its code runs.
   */
  files: { parentTree: string; input?: { path: string; base64: string }[] };
}

/** Lists the globals of a heap (or the properties at `path` below them) for the GUI. */
export interface InspectRequest {
  type: 'inspect';
  id: number;
  session: string;
  heap: string;
  path: string[];
  limits: RunLimits;
  /** Replaying a heap may have to build a lost bundle again. */
  packages: PackagePolicy;
  /** As a run's: a lost tarball downloaded again may not come from the server itself. */
  ownPort?: number;
  /** As a run's. */
  keptSnapshot?: KeptSnapshot;
}

export interface EvictRequest {
  type: 'evict';
  id: number;
  session: string;
}

/** Stops run request `run` (its isolate is disposed); a run already over is left as it is. */
export interface CancelRequest {
  type: 'cancel';
  id: number;
  run: number;
}

export type WorkerRequest = RunRequest | InspectRequest | EvictRequest | CancelRequest;

/** A run's answer: its report's sandbox part, and the entry the engine commits when it ended well. */
export interface RunOutcome {
  report: SandboxReport;
  /** The run's complete journal entry (ok runs only): committing it makes the run's heap. */
  entry?: JournalEntry;
}

/** What a worker answers each request with, by the request's type. */
export interface WorkerAnswers {
  run: RunOutcome;
  inspect: HeapInspection;
  evict: null;
  cancel: null;
}

export type WorkerRequestType = WorkerRequest['type'];

/** A run's call of a tool of one of the user's other MCP servers. */
export interface ToolCallAsk {
  type: 'tool-call';
  server: string;
  tool: string;
  /** JSON text of an object, as the guest serialised it. */
  arguments: string;
  /** The run's mcpResultBytes: a larger result is answered { tooLarge }, never shipped. */
  maxBytes: number;
  /** To the run's deadline (the SDK's 60 s default must not cut a long run). */
  timeoutMs: number;
}

/** A run's listing of the servers it may call and their tools (`mcp.servers()`). */
export interface ToolListAsk {
  type: 'tool-list';
  maxBytes: number;
  timeoutMs: number;
}

/** What a run asks the server process for: only it holds the upstream servers. */
export type HostAsk = ToolCallAsk | ToolListAsk;

export type HostAskType = HostAsk['type'];

export type ToolCallAnswer =
  /** The CallToolResult as JSON text, secrets masked. */
  | { result: string; bytes: number }
  /** TypeError text: the setting that refuses the call, or a tool not in tools/list. */
  | { refused: string }
  /** The server exited, answered a JSON-RPC error, or answered the wrong shape. */
  | { failed: { message: string; code?: number } }
  | { tooLarge: number };

export type ToolListAnswer = { listing: string; bytes: number } | { tooLarge: number };

/** What the server answers each ask with, by type: askHost and the pool's forwarding share it. */
export interface HostAnswers {
  'tool-call': ToolCallAnswer;
  'tool-list': ToolListAnswer;
}

/** Worker -> server: `ask` is numbered by the worker, `run` is the run request asking. */
export type WorkerAsk =
  | { type: 'ask'; ask: number; run: number; request: HostAsk }
  | { type: 'ask-cancel'; ask: number };

/** Server -> worker: the answer to an ask. */
export type HostReply =
  | { type: 'reply'; ask: number; ok: true; result: HostAnswers[HostAskType] }
  | { type: 'reply'; ask: number; ok: false; error: { name: string; message: string } };

export interface SnapshotOutcome {
  heap: string;
  bytes: number;
  ms: number;
  /** False when a valid snapshot already existed. */
  created: boolean;
}

export type WorkerResponse =
  | { type: 'result'; id: number; ok: true; result: WorkerAnswers[WorkerRequestType] }
  | { type: 'result'; id: number; ok: false; error: { name: string; message: string } };

/** Unprompted news from a worker. */
export type WorkerEvent =
  | { type: 'evicted'; session: string; heap: string }
  /**
   * Request `id` starts a step the worker bounds to `ms` (restoring, one replayed entry, the
   * run): the pool's backstop moves to a few seconds past that.
   */
  | { type: 'deadline'; id: number; ms: number }
  /** The newest progress run request `id` reported (at most one per PROGRESS_INTERVAL_MS). */
  | { type: 'progress'; id: number; progress: RunProgress };

/** What a sandbox worker process is started with (in MCP_ISOLATE_WORKER, as JSON). */
export interface WorkerConfig {
  dataDir: string;
  cache: CacheLimits;
  /**
   * The worker's own folder for package builds (in the data directory's `builds/`): the pool
   * removes it when the worker exits, whatever killed it.
   */
  buildDir: string;
  /** Code run after the prelude: a runtime other than this build's (see sandboxRuntime). */
  preludeAppendix?: string;
}

/** The one job a snapshot maker process is sent. */
export interface SnapshotTask {
  dataDir: string;
  /** The session whose journal holds `heap`: the maker reads it from there, as a worker does. */
  session: string;
  heap: string;
  /** The process kills itself after this long, even when the server that asked is gone. */
  deadlineMs: number;
  /** As WorkerConfig's: the maker replays under the runtime the workers run. */
  preludeAppendix?: string;
}

export type SnapshotReply =
  | { ok: true; outcome: SnapshotOutcome }
  | { ok: false; error: { name: string; message: string } };
