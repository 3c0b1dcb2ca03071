import { z } from 'zod';

// Every way a run can fail, in one table: its code (in run results, the run_js tool's output and
// the GUI's run history), the name its error carries, and the message where it is always the
// same; and the shape a failed run's error has wherever it crosses. The sandbox, the engine, the
// tool schema and the GUI all take them from here.

const TABLE = {
  /** The code does not parse. */
  syntax_error: { name: 'SyntaxError' },
  /** The code threw (the guest's own error name replaces this one). */
  thrown: { name: 'Error' },
  timeout: { name: 'Timeout' },
  memory_limit: { name: 'MemoryLimit' },
  output_limit: { name: 'OutputLimit' },
  code_size: { name: 'CodeSize' },
  net_requests: { name: 'NetRequests' },
  response_size: { name: 'ResponseSize' },
  /** The run's fetch responses together passed netTotalBytes. */
  net_bytes: { name: 'NetBytes' },
  tarball_size: { name: 'TarballSize' },
  bundle_size: { name: 'BundleSize' },
  /** An import's tree unpacked to more files than packageFiles. */
  package_files: { name: 'PackageFiles' },
  /** The run made more MCP tool calls (listings included) than mcpCalls. */
  mcp_calls: { name: 'McpCalls' },
  /** One MCP tool call's arguments or result passed mcpResultBytes. */
  mcp_result_size: { name: 'McpResultSize' },
  /** The run's MCP results together passed mcpTotalBytes. */
  mcp_bytes: { name: 'McpBytes' },
  never_settles: {
    name: 'NeverSettles',
    message:
      'The run awaited a promise that can never settle: no timer is pending and the sandbox has no I/O',
  },
  /** Rendering the value or the error ran guest code (a proxy, a getter) that threw. */
  render_failed: { name: 'RenderFailed' },
  worker_crashed: { name: 'WorkerCrashed' },
  /** The session's heap could not be brought back from its snapshot or journal. */
  restore_failed: { name: 'RestoreFailed' },
  /**
   * Replaying the session's journal came out differently from the live runs (another runtime,
   * a smaller memory limit): the session refuses runs past that entry (see RunErrorInfo.divergence).
   */
  replay_diverged: { name: 'ReplayDiverged' },
  /** The sandbox failed in a way none of the others names (a bug: the message says what). */
  internal_error: { name: 'InternalError' },
  /** The run succeeded but its journal entry could not be written. */
  commit_failed: { name: 'CommitFailed' },
  /** Stopped on request (the window's Cancel, a client's notifications/cancelled). */
  cancelled: {
    name: 'Cancelled',
    message: 'The run was cancelled; the session stays at its last committed heap',
  },
} as const;

export type RunErrorCode = keyof typeof TABLE;

export const RUN_ERRORS: Record<RunErrorCode, { name: string; message?: string }> = TABLE;

export const RUN_ERROR_CODES = Object.keys(RUN_ERRORS) as [RunErrorCode, ...RunErrorCode[]];

/** The runtime (SandboxRuntime's id) and the memory limit a run ran, or replayed, under. */
const ranUnderSchema = z.strictObject({ runtime: z.string(), memoryMb: z.number() });

/** A snapshot made by another runtime that a session goes on from (see Engine.keepSnapshot). */
export const keptSnapshotSchema = z.strictObject({
  heap: z.string(),
  /** The runtime that made it, the one its heap carries. */
  runtime: z.string(),
});

/** Where a replay came out differently from its live run, and the ways on. */
export const divergenceSchema = z.strictObject({
  heap: z.string().describe('The run whose replay differs'),
  forkFrom: z.string().describe('The newest heap that replays: fork from it to go on'),
  ranUnder: ranUnderSchema.optional(),
  replayedUnder: ranUnderSchema,
  snapshot: keptSnapshotSchema
    .optional()
    .describe('A snapshot the session can go on from instead, made by the runtime that ran it'),
});

/** A failed run's error, as results, the run history and the GUI carry it. */
export const runErrorSchema = z.strictObject({
  code: z.enum(RUN_ERROR_CODES),
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
  /** For an error a timer's callback threw: the kind of timer. */
  where: z.string().optional(),
  divergence: divergenceSchema.optional().describe('For replay_diverged'),
});

export type RunErrorInfo = z.infer<typeof runErrorSchema>;

/** An error as a reader takes it in: its stack when it has one (and the message, if the stack lacks it). */
export function errorText(error: RunErrorInfo): string {
  if (!error.stack) return `${error.name}: ${error.message}`;
  return error.stack.includes(error.message) ? error.stack : `${error.stack}\n${error.message}`;
}
