// The user's other MCP servers, held by the server process for runs (a worker asks, the pool
// passes the ask on): each server by its name in mcpServers, refused again here as the settings
// say (an ask may be forged by a worker that escaped), results with the servers' secrets masked.
// The secrets themselves never leave this layer.

import type { McpServers } from '../../contract/mcp-servers.ts';
import { toolAllowed } from '../../contract/mcp-servers.ts';
import type { UpstreamServerInfo, UpstreamTry } from '../../contract/mcp-upstreams.ts';
import type { HostServices } from '../engine/engine-types.ts';
import type { MessageLog } from '../messages/message-log.ts';
import type {
  HostAnswers,
  HostAsk,
  HostAskType,
  ToolCallAnswer,
  ToolCallAsk,
  ToolListAnswer,
  ToolListAsk,
  UpstreamPolicy,
} from '../sandbox/protocol.ts';
import { upstreamRefusal } from '../sandbox/tools/upstream-refusal.ts';
import {
  sameLaunch,
  secretMask,
  type UpstreamEntry,
  upstreamEntries,
  upstreamPolicy,
} from './upstream-config.ts';
import {
  shownTool,
  UPSTREAM_START_MS,
  type UpstreamBounds,
  UpstreamFailure,
  UpstreamServer,
} from './upstream-server.ts';

/** The mcpResultBytes default: a stdio line may hold twice that (JSON escapes) and the envelope. */
const DEFAULT_RESULT_BYTES = 10 * 1024 * 1024;
const maxMessageBytes = (resultBytes: number) => 2 * resultBytes + 1024 * 1024;
/** How long the window's Try of a tool may wait for its answer, once the server has started. */
const TRY_CALL_MS = 60_000;

export interface UpstreamManagerOptions {
  messages: MessageLog;
  /** A line for the server's log. */
  logLine: (line: string) => void;
  /** This server's own HTTP port, which no HTTP upstream may be. */
  ownPort?: number;
  /** The run limit mcpResultBytes, which bounds what an upstream may send. */
  maxResultBytes?: number;
  /** For tests: how soon an idle server stops, and how long a start may take. */
  idleMs?: number;
  startMs?: number;
}

export class UpstreamManager implements HostServices {
  private readonly servers = new Map<string, UpstreamServer>();
  private readonly listeners = new Set<() => void>();
  /** What code may call, from the same settings as the servers: the sandbox checks it too. */
  private policy: UpstreamPolicy = { servers: {} };
  private options: UpstreamManagerOptions;

  constructor(options: UpstreamManagerOptions) {
    this.options = options;
  }

  /**
   * Takes the mcpServers setting: a server started another way (or gone) is stopped, its calls
   * failing with "its settings changed"; one whose allowTools or disabled changed keeps running.
   */
  async configure(servers: McpServers): Promise<void> {
    this.policy = upstreamPolicy(servers);
    const entries = new Map(upstreamEntries(servers).map((entry) => [entry.name, entry]));
    const stopping: Promise<void>[] = [];
    for (const [name, server] of this.servers) {
      const entry = entries.get(name);
      if (entry && sameLaunch(entry.launch, server.launch)) {
        stopping.push(server.setEntry(entry));
        continue;
      }
      this.servers.delete(name);
      stopping.push(server.stop('its settings changed'));
    }
    for (const [name, entry] of entries) {
      if (!this.servers.has(name)) this.servers.set(name, this.serverOf(entry));
    }
    this.changed();
    await Promise.all(stopping);
  }

  /**
   * This server's own HTTP port, known once it listens (and changed when it moves): no HTTP
   * upstream connected from now on may be it.
   */
  setOwnPort(ownPort: number): void {
    this.options = { ...this.options, ownPort };
    this.setBounds();
  }

  /** The run limit mcpResultBytes, which bounds what an upstream connected from now on may send. */
  setMaxResultBytes(maxResultBytes: number): void {
    this.options = { ...this.options, maxResultBytes };
    this.setBounds();
  }

  ask<T extends HostAskType>(
    request: Extract<HostAsk, { type: T }>,
    context: { session: string; signal: AbortSignal },
  ): Promise<HostAnswers[T]> {
    const answer =
      request.type === 'tool-call'
        ? this.call(request as ToolCallAsk, context.signal)
        : this.listing(request as ToolListAsk, context.signal);
    return answer as Promise<HostAnswers[T]>;
  }

  /** A run's call of a tool: refused as the settings say (the sandbox's own check), else made. */
  async call(ask: ToolCallAsk, signal: AbortSignal): Promise<ToolCallAnswer> {
    const refusal = upstreamRefusal(this.policy, ask.server, ask.tool);
    const server = this.servers.get(ask.server);
    if (refusal !== undefined || !server) return { refused: refusal ?? '' };
    const args = argumentsOf(ask.arguments);
    if (!args) return { refused: `the arguments of ${ask.server}.${ask.tool} must be an object` };
    const when = { signal, deadline: performance.now() + ask.timeoutMs };
    return this.made(server, ask.tool, args, when, ask.maxBytes);
  }

  /**
   * One call of a listed tool, its result masked and bounded: what a run's call and the window's
   * Try share. Anything but the server's own failure (an abort) is thrown.
   */
  private async made(
    server: UpstreamServer,
    tool: string,
    args: Record<string, unknown>,
    when: { signal: AbortSignal; deadline: number },
    maxBytes: number,
  ): Promise<ToolCallAnswer> {
    try {
      if (!(await server.hasTool(tool, when))) {
        return {
          refused: `MCP server '${server.name}' has no tool '${tool}' (list_mcp_tools lists its tools)`,
        };
      }
      const result = await server.call(tool, args, when);
      const text = secretMask(server.launch, 'result')(JSON.stringify(result));
      const bytes = Buffer.byteLength(text);
      return bytes > maxBytes ? { tooLarge: bytes } : { result: text, bytes };
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      return {
        failed: { message: error.message, ...(error.code !== undefined && { code: error.code }) },
      };
    }
  }

  /**
   * The enabled servers and the tools code may call of each, as JSON: `[{name, tools, error?}]`,
   * each started if need be (in parallel, each within the start bound and the ask's time); with
   * `only`, that one server alone.
   */
  async listing(ask: ToolListAsk, signal: AbortSignal, only?: string): Promise<ToolListAnswer> {
    const startMs = this.options.startMs ?? UPSTREAM_START_MS;
    const deadline = performance.now() + Math.min(ask.timeoutMs, startMs);
    const enabled = [...this.servers.values()].filter(
      (server) => !server.disabled && (only === undefined || server.name === only),
    );
    const listed = await Promise.all(
      enabled.map(async (server) => {
        try {
          const tools = await server.listTools({ signal, deadline });
          const allowed = tools.filter((tool) => toolAllowed(server.allowTools, tool.name));
          const mask = secretMask(server.launch, 'result');
          return {
            name: server.name,
            tools: JSON.parse(mask(JSON.stringify(allowed.map(shownTool)))),
          };
        } catch (error) {
          if (!(error instanceof UpstreamFailure)) throw error;
          return { name: server.name, tools: [], error: error.message };
        }
      }),
    );
    const text = JSON.stringify(listed);
    const bytes = Buffer.byteLength(text);
    return bytes > ask.maxBytes ? { tooLarge: bytes } : { listing: text, bytes };
  }

  /** Each server as the window shows it. */
  states(): UpstreamServerInfo[] {
    return [...this.servers.values()].map((server) => server.status());
  }

  /**
   * Each server as the window shows it, each enabled one started first (in parallel, each within
   * the start bound) so that its tools are listed; one that does not start shows why.
   */
  async startedStates(): Promise<UpstreamServerInfo[]> {
    const startMs = this.options.startMs ?? UPSTREAM_START_MS;
    const when = { signal: AbortSignal.timeout(startMs), deadline: performance.now() + startMs };
    const servers = [...this.servers.values()];
    const failures = await Promise.all(
      servers.map(async (server) => {
        if (server.disabled) return undefined;
        try {
          await server.listTools(when);
          return undefined;
        } catch (error) {
          if (error instanceof UpstreamFailure) return error.message;
          if (when.signal.aborted)
            return `MCP server "${server.name}" did not start in ${startMs} ms`;
          throw error;
        }
      }),
    );
    return servers.map((server, at) => {
      const status = server.status();
      const failure = failures[at];
      // The server keeps why its start failed; a wait that gave up first is said here.
      return failure === undefined || status.error !== undefined
        ? status
        : { ...status, error: failure };
    });
  }

  /**
   * The window's Try of a tool, outside any run: nothing is journaled (its traffic is logged as
   * every upstream's is), any tool of an enabled server may be tried, and the result is masked
   * and bounded as a run's is.
   */
  async tryTool(name: string, tool: string, args: Record<string, unknown>): Promise<UpstreamTry> {
    const started = performance.now();
    const server = this.servers.get(name);
    if (!server) return { error: `mcpServers has no server '${name}'`, ms: 0 };
    if (server.disabled) return { error: `MCP server '${name}' is disabled in mcpServers`, ms: 0 };
    const ms = (this.options.startMs ?? UPSTREAM_START_MS) + TRY_CALL_MS;
    const when = { signal: AbortSignal.timeout(ms), deadline: started + ms };
    const maxBytes = this.options.maxResultBytes ?? DEFAULT_RESULT_BYTES;
    const answer = await this.made(server, tool, args, when, maxBytes).catch((error: unknown) => {
      if (when.signal.aborted) return { failed: { message: `no answer within ${ms} ms` } };
      throw error;
    });
    const took = Math.round(performance.now() - started);
    if ('result' in answer) return { result: JSON.parse(answer.result), ms: took };
    if ('tooLarge' in answer) {
      return {
        error: `the result is ${answer.tooLarge} bytes, over mcpResultBytes (${maxBytes})`,
        ms: took,
      };
    }
    return { error: 'refused' in answer ? answer.refused : answer.failed.message, ms: took };
  }

  /** The window's Restart of a server (a failed one is tried again at its next use). */
  async restart(name: string): Promise<boolean> {
    const server = this.servers.get(name);
    await server?.restart();
    return server !== undefined;
  }

  /** Hears every change of a server's state or calls. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every server (the server process is stopping). */
  async close(): Promise<void> {
    const servers = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(servers.map((server) => server.stop('MCP Isolate is stopping')));
  }

  private serverOf(entry: UpstreamEntry): UpstreamServer {
    const { messages, logLine, idleMs, startMs } = this.options;
    return new UpstreamServer({
      entry,
      messages,
      logLine,
      ...this.bounds(),
      ...(idleMs !== undefined && { idleMs }),
      ...(startMs !== undefined && { startMs }),
      onChange: () => this.changed(),
    });
  }

  private bounds(): UpstreamBounds {
    const { ownPort, maxResultBytes } = this.options;
    return {
      ...(ownPort !== undefined && { ownPort }),
      maxMessageBytes: maxMessageBytes(maxResultBytes ?? DEFAULT_RESULT_BYTES),
    };
  }

  private setBounds(): void {
    const bounds = this.bounds();
    for (const server of this.servers.values()) server.setBounds(bounds);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The arguments as the guest serialised them: a JSON object, or nothing to call with. */
function argumentsOf(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
