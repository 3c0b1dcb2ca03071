import type { Engine } from '../engine/engine.ts';
import type { RunOptions, RunResult } from '../engine/engine-types.ts';
import type {
  ListSessionSnapshotsOutput,
  ListSessionsOutput,
  RunJsArgs,
  RunJsOutput,
} from './tool-schemas.ts';

/** What a caller knows about itself: its own session, used when a run names neither session nor heap. */
export interface CallerSession {
  session?: string;
}

/**
 * The tools, once, over the engine: every transport (MCP, the JSON API) calls these. Knows
 * nothing of the wire. A request the engine refuses throws its EngineError.
 */
export class ToolDispatcher {
  readonly engine: Engine;

  constructor(engine: Engine) {
    this.engine = engine;
  }

  async runJs(args: RunJsArgs, caller: CallerSession, options?: RunOptions): Promise<RunJsOutput> {
    // A heap without a session forks a new session there, whatever the caller's own one is at.
    const session = args.session ?? (args.heap === undefined ? caller.session : undefined);
    const result = await this.engine.run({ code: args.code, session, heap: args.heap }, options);
    // The caller's own session is the first one a run without a name made.
    if (args.session === undefined) caller.session ??= result.session;
    return runOutput(result);
  }

  listSessions(): ListSessionsOutput {
    return { sessions: this.engine.listSessions() };
  }

  async listSessionSnapshots(session: string): Promise<ListSessionSnapshotsOutput> {
    return { session, heaps: await this.engine.history(session) };
  }
}

function runOutput(result: RunResult): RunJsOutput {
  return {
    ok: result.ok,
    session: result.session,
    heap: result.heap,
    parent: result.parent,
    ...(result.value !== undefined && { value: result.value }),
    ...(result.error && { error: result.error }),
    console: result.console,
    cancelledTimers: result.cancelledTimers,
    ...(result.moreCancelledTimers && { moreCancelledTimers: result.moreCancelledTimers }),
    ...(result.requests && { requests: result.requests }),
    ...(result.packages && { packages: result.packages }),
    ...(result.startTime && { startTime: result.startTime }),
    durationMs: Math.round(result.durationMs * 1000) / 1000,
  };
}
