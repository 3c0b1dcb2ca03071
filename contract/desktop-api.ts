import { z } from 'zod';
import { type ActiveRun, activeRunSchema, type RunProgress } from './active-runs.ts';
import { type ConnectionInfo, connectionInfoSchema } from './connections.ts';
import { heapInspectionSchema } from './heap-inspection.ts';
import { type LoggedMessage, loggedMessageSchema } from './logged-message.ts';
import { clientChangeSchema, mcpClientIdSchema, mcpClientSchema } from './mcp-clients.ts';
import {
  importableClientSchema,
  upstreamServerSchema,
  upstreamTrySchema,
} from './mcp-upstreams.ts';
import { type Refusal, refusalSchema } from './refusals.ts';
import { runActivitySchema } from './run-activity.ts';
import { type RunRecord, runRecordSchema } from './run-record.ts';
import { runStatsSchema } from './run-stats.ts';
import { fileInfoSchema, fileListingSchema, inputFilesSchema } from './session-files.ts';
import { heapSummarySchema, sessionPackageSchema, sessionSummarySchema } from './sessions.ts';
import { settingsSchema } from './settings-schema.ts';

// The one contract between the GUI and the server: every operation with its input schema
// (checked where a request comes in) and its output schema, and the events the server pushes.
// The server implements it once (admin-service.ts), mapping its own objects to these shapes;
// HTTP (browser mode) and Electron IPC carry it; the renderer knows nothing else.

export const statusSchema = z.strictObject({
  /** Whether the MCP listeners answer (the admin API always does). */
  running: z.boolean(),
  version: z.string(),
  dataDir: z.string(),
  endpoints: z.strictObject({
    streamableHttp: z.string().optional(),
    sse: z.string().optional(),
    stdioCommand: z.array(z.string()),
  }),
  counts: z.strictObject({ connections: z.number(), sessions: z.number(), messages: z.number() }),
  /** A problem the user should see, in plain words. */
  error: z.string().optional(),
  /** The runs since the server started, over every session. */
  runStats: runStatsSchema,
  /** The runs of the last minutes, per interval, as of this status. */
  runActivity: runActivitySchema,
  /** The memory limit of every isolate (the memoryMb setting), in bytes; unknown without a server. */
  memoryLimitBytes: z.number().optional(),
  /**
   * How long a session a client never named may stay idle before the server removes it (the
   * unnamedRetentionMs setting; 0: never); unknown without a server.
   */
  unnamedRetentionMs: z.number().optional(),
});

export type Status = z.infer<typeof statusSchema>;

/** A setting the server would not take, and why. */
export const settingProblemSchema = z.strictObject({
  key: settingsSchema.keyof(),
  message: z.string(),
});

export type SettingProblem = z.infer<typeof settingProblemSchema>;

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
  /**
   * The session goes on under the name `to` (same rules as a new session's): its heaps, runs and
   * packages, and the forks that came from it, follow; refused while a run is in progress in it.
   */
  renameSession: z.object({ session: z.string(), to: z.string() }).strict(),
  /** A session whose replay differs goes on from the snapshot its divergence offers. */
  keepSessionSnapshot: session,
  inspectHeap: z.object({ heap: z.string(), path: z.array(z.string()).optional() }).strict(),
  exportHeap: z.object({ heap: z.string() }).strict(),
  /** The files of the session's newest heap (or of `heap`), below `path` (default `/`). */
  listFiles: z
    .object({ session: z.string(), heap: z.string().optional(), path: z.string().optional() })
    .strict(),
  /** One file of the session's newest heap (or of `heap`), its bytes in base64. */
  readFile: z
    .object({ session: z.string(), path: z.string(), heap: z.string().optional() })
    .strict(),
  /**
   * Writes files into the session (paths from /work unless absolute) as a run of its own, which
   * its timeline shows; a new session of that name is made when there is none.
   */
  uploadFiles: z.object({ session: z.string(), files: inputFilesSchema }).strict(),
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
  /** The MCP clients this user has, each with its config file and whether it names MCP Isolate. */
  listClients: none,
  /**
   * Merges MCP Isolate's entry (the status's stdio command) into the client's own config file,
   * or repairs an outdated one; every other server and key is kept, the old file backed up. A
   * file that cannot be merged safely (comments, invalid JSON) is refused, never rewritten.
   */
  connectClient: z.object({ client: mcpClientIdSchema }).strict(),
  /** Removes MCP Isolate's entry, and only it, from the client's config file. */
  disconnectClient: z.object({ client: mcpClientIdSchema }).strict(),
  /**
   * The mcpServers the server holds, each with its state; with `start`, each enabled one is
   * started (if need be, within its start bound) so that its tools are listed.
   */
  listUpstreams: z.object({ start: z.boolean().optional() }).strict(),
  /** Stops the server (its calls in flight fail); it starts again at its next use. */
  restartUpstream: z.object({ name: z.string() }).strict(),
  /**
   * Calls one tool as the user, outside any run: nothing is journaled, the call shows in the
   * message log. Any tool of an enabled server may be tried (allowTools governs code).
   */
  tryUpstreamTool: z
    .object({ name: z.string(), tool: z.string(), arguments: z.record(z.string(), z.unknown()) })
    .strict(),
  /** The MCP servers each installed client's config file names, to import into mcpServers. */
  listImportableServers: none,
  /**
   * Copies the named servers of the client's config file into mcpServers, read again on the
   * server (so secrets never pass through the window); a taken name gets a suffix.
   */
  importMcpServers: z
    .object({ client: mcpClientIdSchema, names: z.array(z.string()).min(1).max(100) })
    .strict(),
} as const;

const nothing = z.strictObject({});

/** Every operation's output, checked in the tests against what the server answers. */
export const DESKTOP_OUTPUTS = {
  getStatus: statusSchema,
  setServerRunning: statusSchema,
  getSettings: settingsSchema,
  /**
   * `url`: where the server now listens (it moves when host or port changed); `notices`: what
   * saving changed beyond what was asked (a kept secret dropped because its host moved).
   */
  updateSettings: z.strictObject({
    settings: settingsSchema.optional(),
    problems: z.array(settingProblemSchema),
    notices: z.array(z.string()).optional(),
    url: z.string().optional(),
  }),
  /** The open connections, and the newest closed ones (newest first). */
  listConnections: z.strictObject({
    connections: z.array(connectionInfoSchema),
    closed: z.array(connectionInfoSchema),
  }),
  /** `disconnected`: false when the connection was no longer open. */
  disconnect: z.strictObject({ disconnected: z.boolean() }),
  /** The new token: the page goes on with it. */
  renewAdminToken: z.strictObject({ token: z.string() }),
  listSessions: z.strictObject({ sessions: z.array(sessionSummarySchema) }),
  listRuns: z.strictObject({ runs: z.array(runRecordSchema) }),
  listHeaps: z.strictObject({ heaps: z.array(heapSummarySchema) }),
  listPackages: z.strictObject({ packages: z.array(sessionPackageSchema) }),
  forkSession: sessionSummarySchema,
  deleteSession: nothing,
  renameSession: sessionSummarySchema,
  keepSessionSnapshot: sessionSummarySchema,
  inspectHeap: heapInspectionSchema,
  /** The heap's journal as JSON lines, and a file name for it. */
  exportHeap: z.strictObject({ fileName: z.string(), journal: z.string() }),
  listFiles: fileListingSchema,
  readFile: z.strictObject({ heap: z.string(), file: fileInfoSchema, base64: z.string() }),
  /** The upload's run, as the session's history keeps it. */
  uploadFiles: z.strictObject({ session: z.string(), run: runRecordSchema }),
  /** The newest `limit` messages between `after` and `before`; `more`: older ones remain. */
  listMessages: z.strictObject({ messages: z.array(loggedMessageSchema), more: z.boolean() }),
  clearMessages: nothing,
  /** The newest requests the server refused, oldest first, with their reasons. */
  listRefusals: z.strictObject({ refusals: z.array(refusalSchema) }),
  listActiveRuns: z.strictObject({ runs: z.array(activeRunSchema) }),
  /** `cancelled`: false when the run had already ended. */
  cancelRun: z.strictObject({ cancelled: z.boolean() }),
  /**
   * The run shows in the session's timeline like any other (with its error's stack); this says
   * where it went, and its error in one line.
   */
  /** The session the run went to (a new one when it ran from a heap), and the run as its
   * history keeps it: the window shows it where the code was typed. */
  runCode: z.strictObject({ session: z.string(), run: runRecordSchema }),
  listClients: z.strictObject({ clients: z.array(mcpClientSchema) }),
  connectClient: clientChangeSchema,
  disconnectClient: clientChangeSchema,
  listUpstreams: z.strictObject({ servers: z.array(upstreamServerSchema) }),
  /** `restarted`: false when mcpServers has no such server. */
  restartUpstream: z.strictObject({ restarted: z.boolean() }),
  tryUpstreamTool: upstreamTrySchema,
  listImportableServers: z.strictObject({ clients: z.array(importableClientSchema) }),
  /**
   * `imported`: each server's name in the client and in mcpServers; `settings`: the settings as
   * saved; `problems` as updateSettings's, when the result would not be taken (nothing saved).
   */
  importMcpServers: z.strictObject({
    imported: z.array(z.strictObject({ from: z.string(), as: z.string() })),
    settings: settingsSchema.optional(),
    problems: z.array(settingProblemSchema),
    notices: z.array(z.string()).optional(),
  }),
} as const satisfies Record<keyof typeof DESKTOP_INPUTS, z.ZodType>;

export type DesktopOutputs = {
  [K in keyof typeof DESKTOP_OUTPUTS]: z.output<(typeof DESKTOP_OUTPUTS)[K]>;
};

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
  /** The newest progress of an active run (`id` is the ActiveRun's): its `progress` from now on. */
  | { type: 'run-progress'; id: string; progress: RunProgress }
  /** A run refused before it ran: it is no longer in progress, and not in the history. */
  | { type: 'run-refused'; id: string }
  /** A run ended (`run.id` is the ActiveRun's), committed or not. */
  | { type: 'run'; session: string; run: RunRecord }
  | { type: 'sessions-changed' }
  /** A client's config file was changed through connectClient or disconnectClient (the window or the tray). */
  | { type: 'clients-changed' }
  /** An upstream MCP server's state, calls or tools changed: listUpstreams again. */
  | { type: 'upstreams-changed' };
