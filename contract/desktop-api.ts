import { z } from 'zod';
import type { RunStats } from './run-stats.ts';
import type {
  ActiveRun,
  ConnectionInfo,
  HeapInspection,
  HeapSummary,
  LoggedMessage,
  Refusal,
  RunRecord,
  SessionPackage,
  SessionSummary,
  SettingProblem,
} from './server-types.ts';
import type { Settings } from './settings-registry.ts';
import { settingsSchema } from './settings-schema.ts';

// The one contract between the GUI and the server: every operation with its input schema
// (checked where a request comes in) and its output type, and the events the server pushes. The
// server implements it once (admin-service.ts); HTTP (browser mode) and Electron IPC carry it;
// the renderer knows nothing else. Output types are the owners' own, imported, not copied.

export interface Status {
  /** Whether the MCP listeners answer (the admin API always does). */
  running: boolean;
  version: string;
  dataDir: string;
  endpoints: { streamableHttp?: string; sse?: string; stdioCommand: string[] };
  counts: { connections: number; sessions: number; messages: number };
  /** A problem the user should see, in plain words. */
  error?: string;
  /** The runs since the server started, over every session. */
  runStats: RunStats;
  /** The memory limit of every isolate (the memoryMb setting), in bytes; unknown without a server. */
  memoryLimitBytes?: number;
}

const none = z.object({}).strict();
const session = z.object({ session: z.string() }).strict();

/** Every operation's input. */
export const DESKTOP_INPUTS = {
  getStatus: none,
  setServerRunning: z.object({ running: z.boolean() }).strict(),
  getSettings: none,
  updateSettings: z.object({ settings: settingsSchema.partial() }).strict(),
  listConnections: none,
  /** Ends an open connection from the server's side. */
  disconnect: z.object({ id: z.string() }).strict(),
  /** Browser mode: a new admin token; the old one stops working at once. */
  renewAdminToken: none,
  listSessions: none,
  listRuns: session,
  listHeaps: session,
  /** The packages the session pinned (its lockfile). */
  listPackages: session,
  forkSession: z.object({ heap: z.string(), session: z.string().optional() }).strict(),
  deleteSession: session,
  /** A session whose replay differs goes on from the snapshot its divergence offers. */
  keepSessionSnapshot: session,
  inspectHeap: z.object({ heap: z.string(), path: z.array(z.string()).optional() }).strict(),
  exportHeap: z.object({ heap: z.string() }).strict(),
  listMessages: z
    .object({
      after: z.number().optional(),
      before: z.number().optional(),
      limit: z.number().int().positive().optional(),
    })
    .strict(),
  clearMessages: none,
  listRefusals: none,
  listActiveRuns: none,
  cancelRun: z.object({ id: z.string() }).strict(),
  /** Runs code from the window: in `session`, or (with `heap`) in a new session forked there. */
  runCode: z
    .object({ code: z.string(), session: z.string().optional(), heap: z.string().optional() })
    .strict(),
} as const;

/** Every operation's output. */
export interface DesktopOutputs {
  getStatus: Status;
  setServerRunning: Status;
  getSettings: Settings;
  /**
   * `url`: where the server now listens (it moves when host or port changed); `notices`: what
   * saving changed beyond what was asked (a kept secret dropped because its host moved).
   */
  updateSettings: {
    settings?: Settings;
    problems: SettingProblem[];
    notices?: string[];
    url?: string;
  };
  /** The open connections, and the newest closed ones (newest first). */
  listConnections: { connections: ConnectionInfo[]; closed: ConnectionInfo[] };
  /** `disconnected`: false when the connection was no longer open. */
  disconnect: { disconnected: boolean };
  /** The new token: the page goes on with it. */
  renewAdminToken: { token: string };
  listSessions: { sessions: SessionSummary[] };
  listRuns: { runs: RunRecord[] };
  listHeaps: { heaps: HeapSummary[] };
  listPackages: { packages: SessionPackage[] };
  forkSession: SessionSummary;
  deleteSession: Record<string, never>;
  keepSessionSnapshot: SessionSummary;
  inspectHeap: HeapInspection;
  /** The heap's journal as JSON lines, and a file name for it. */
  exportHeap: { fileName: string; journal: string };
  /** The newest `limit` messages between `after` and `before`; `more`: older ones remain. */
  listMessages: { messages: LoggedMessage[]; more: boolean };
  clearMessages: Record<string, never>;
  /** The newest requests the server refused, oldest first, with their reasons. */
  listRefusals: { refusals: Refusal[] };
  listActiveRuns: { runs: ActiveRun[] };
  /** `cancelled`: false when the run had already ended. */
  cancelRun: { cancelled: boolean };
  /** The run shows in the session's timeline like any other; this says where it went. */
  runCode: { session: string; ok: boolean; heap: string; error?: string };
}

export type DesktopOperation = keyof typeof DESKTOP_INPUTS;
export type OperationInput<K extends DesktopOperation> = z.input<(typeof DESKTOP_INPUTS)[K]>;

/** What the GUI may read and do: one function per operation. */
export type DesktopApi = {
  [K in DesktopOperation]: (input: OperationInput<K>) => Promise<DesktopOutputs[K]>;
};

/** What the server pushes as it happens; the GUI appends or refetches. */
export type DesktopEvent =
  | { type: 'status'; status: Status }
  | { type: 'connection'; connection: ConnectionInfo }
  /** `connection`: the closed one, with when and why, for the history. */
  | { type: 'connection-closed'; id: string; connection: ConnectionInfo }
  | { type: 'message'; message: LoggedMessage }
  | { type: 'messages-cleared' }
  | { type: 'refusal'; refusal: Refusal }
  | { type: 'run-started'; run: ActiveRun }
  /** A run refused before it ran: it is no longer in progress, and not in the history. */
  | { type: 'run-refused'; id: string }
  /** A run ended (`run.id` is the ActiveRun's), committed or not. */
  | { type: 'run'; session: string; run: RunRecord }
  | { type: 'sessions-changed' };
