import { effectFields } from '../../contract/effect-kinds.ts';
import type { RunReport } from '../../contract/run-report.ts';
import type { Engine } from '../engine/engine.ts';
import { EngineError } from '../engine/engine-error.ts';
import type { FileRead, RunOptions } from '../engine/engine-types.ts';
import type { UpstreamManager } from '../upstream/upstream-manager.ts';
import { listMcpTools, type McpToolListing } from './mcp-tool-listing.ts';
import type {
  ListFilesArgs,
  ListFilesOutput,
  ListMcpToolsArgs,
  ListSessionSnapshotsOutput,
  ListSessionsOutput,
  ReadFileArgs,
  RunJsArgs,
  RunJsOutput,
} from './tool-schemas.ts';

/** A run_js answer, and the session the call made the caller's own when it had none. */
export interface RunJsCall {
  output: RunJsOutput;
  /** Set when the caller had no own session and the run named none: the first such run's. */
  ownSession?: string;
}

/**
 * The tools, once, over the engine: every transport (MCP, the JSON API) calls these. Knows
 * nothing of the wire. A request the engine refuses throws its EngineError.
 */
export class ToolDispatcher {
  readonly engine: Engine;
  private readonly upstreams: UpstreamManager;
  private offered: boolean;
  private readonly toolListeners = new Set<() => void>();

  /** `upstreams`: the user's other MCP servers, which list_mcp_tools lists (held as long). */
  constructor(engine: Engine, upstreams: UpstreamManager) {
    this.engine = engine;
    this.upstreams = upstreams;
    this.offered = offersUpstreams(upstreams);
    upstreams.subscribe(() => {
      const offered = offersUpstreams(upstreams);
      if (offered === this.offered) return;
      this.offered = offered;
      for (const listener of this.toolListeners) listener();
    });
  }

  /** Whether code may call any of the user's other MCP servers: run_js then says how. */
  get upstreamsOffered(): boolean {
    return this.offered;
  }

  /** Hears each change of the tools' definitions (upstreamsOffered); returns the unsubscribe. */
  onToolsChanged(listener: () => void): () => void {
    this.toolListeners.add(listener);
    return () => this.toolListeners.delete(listener);
  }

  /**
   * Runs `args` for a caller whose own session (where a run that names neither session nor heap
   * goes) is `ownSession`; keeping that session is the caller's owner's (connections/).
   */
  async runJs(
    args: RunJsArgs,
    ownSession: string | undefined,
    options?: RunOptions,
  ): Promise<RunJsCall> {
    // A heap without a session forks a new session there, whatever the caller's own one is at.
    const session = args.session ?? (args.heap === undefined ? ownSession : undefined);
    const result = await this.engine.run(
      { code: args.code, session, heap: args.heap, files: args.files },
      options,
    );
    const output = runOutput(result);
    // The caller's own session is the first one a run without a name made.
    const adopted = ownSession === undefined && args.session === undefined;
    return adopted ? { output, ownSession: result.session } : { output };
  }

  listSessions(): ListSessionsOutput {
    return { sessions: this.engine.listSessions() };
  }

  async listSessionSnapshots(session: string): Promise<ListSessionSnapshotsOutput> {
    return { session, heaps: await this.engine.history(session) };
  }

  /** The engine checks the path (a path the rules refuse is invalid_files). */
  listFiles(args: ListFilesArgs): Promise<ListFilesOutput> {
    return this.engine.listFiles(args);
  }

  readFile(args: ReadFileArgs): Promise<FileRead> {
    return this.engine.readFile(args);
  }

  /**
   * The bytes of a file `run` left in its heap, or undefined when the heap does not hold it (the
   * run removed it again): the run committed, so its answer goes out whatever this finds.
   */
  async runFile(run: RunJsOutput, path: string): Promise<Buffer | undefined> {
    try {
      return (await this.engine.readFile({ session: run.session, heap: run.heap, path })).bytes;
    } catch (error) {
      if (error instanceof EngineError) return undefined;
      throw error;
    }
  }

  listMcpTools(args: ListMcpToolsArgs, signal: AbortSignal): Promise<McpToolListing> {
    return listMcpTools(this.upstreams, args, signal);
  }
}

/**
 * Any server not disabled in mcpServers. A server being disabled reads as disabled once it has
 * stopped, which the manager tells too.
 */
const offersUpstreams = (upstreams: UpstreamManager): boolean =>
  upstreams.states().some((server) => server.state !== 'disabled');

/** A run's MCP result: its report, less what only the window shows, its effects by kind. */
function runOutput({
  restoredFrom: _from,
  restoreMs: _restoreMs,
  heapBytes: _heapBytes,
  effects,
  ...report
}: RunReport): RunJsOutput {
  return { ...report, ...effectFields(effects) };
}
