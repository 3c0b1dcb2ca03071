// One of the user's other MCP servers, as the server process holds it: started on first use (one
// start however many wait for it), its tools listed and cached until it says they changed, its
// calls bounded in number and time, stopped when idle, started again after it exits, and refused
// after three quick exits until its settings change or the window restarts it.
import {
  type CallToolResult,
  Client,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  SSEClientTransport,
  SseError,
  StreamableHTTPClientTransport,
  type Tool,
  type Transport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { toolAllowed } from '../../contract/mcp-servers.ts';
import {
  type UpstreamServerInfo,
  type UpstreamState,
  type UpstreamTool,
  upstreamConnection,
} from '../../contract/mcp-upstreams.ts';
import type { MessageLog } from '../messages/message-log.ts';
import { MAX_MCP_NAME } from '../sandbox/tools/upstream-refusal.ts';
import { SERVER_VERSION } from '../server-version.ts';
import { boundedText } from './bounded-text.ts';
import { cappedFetch } from './capped-fetch.ts';
import { StderrLines } from './stderr-lines.ts';
import { StdioLinesTransport } from './stdio-lines.ts';
import { TappedTransport } from './tapped-transport.ts';
import { listToolPages } from './tool-pages.ts';
import {
  type LaunchSpec,
  type SecretMask,
  secretMask,
  type UpstreamEntry,
} from './upstream-config.ts';

/** A server with nothing in flight this long is stopped (it starts again at the next use). */
const UPSTREAM_IDLE_MS = 5 * 60_000;
/** How long a start (the process, `initialize` and the first tools/list) may take. */
export const UPSTREAM_START_MS = 10_000;
/** An exit this soon after a start is a quick one; this many in a row mark the server failed. */
const QUICK_EXIT_MS = 30_000;
const QUICK_EXITS = 3;
/** Calls and listings in flight at once; more wait, up to a bound. */
const UPSTREAM_IN_FLIGHT = 16;
const UPSTREAM_WAITING = 1000;
/** Tools kept of a listing. */
const MAX_TOOLS = 1000;

/** Why a call or listing failed, in words for code: the server's name, and what happened. */
export class UpstreamFailure extends Error {
  override name = 'UpstreamFailure';
  readonly code: number | undefined;

  constructor(message: string, code?: number) {
    super(message);
    this.code = code;
  }
}

export interface UpstreamServerOptions {
  entry: UpstreamEntry;
  messages: MessageLog;
  /** A line for the server's log. */
  logLine: (line: string) => void;
  /** This server's own HTTP port, which no HTTP upstream may be. */
  ownPort?: number;
  /** The largest message an upstream may send, in bytes. */
  maxMessageBytes: number;
  idleMs?: number;
  startMs?: number;
  onChange?: () => void;
}

/** What bounds the connections of a server, which the manager may change (setBounds). */
export type UpstreamBounds = Pick<UpstreamServerOptions, 'ownPort' | 'maxMessageBytes'>;

/** One started server: its client, and how it ended. */
interface Connection {
  client: Client;
  pid?: number;
  startedAt: number;
  closed: boolean;
  /** Why we closed it; none when it went on its own. */
  closing?: string;
  /** The largest message it may send: the bound when it was made, whatever came since. */
  maxMessageBytes: number;
  /** It sent a message over the bound (the SDK then closes a stdio connection). */
  tooLarge: boolean;
  erred: boolean;
  /** Aborted to give up its start: the SDK's own timeout does not cover an SSE stream's opening. */
  start: AbortController;
}

/** The time left until `deadline` (a `performance.now()` time), at least 1 ms. */
const left = (deadline: number) => Math.max(1, Math.round(deadline - performance.now()));

export class UpstreamServer {
  readonly name: string;
  private entry: UpstreamEntry;
  private state: UpstreamState;
  private error: string | undefined;
  private calls = 0;
  private connection: Connection | undefined;
  private starting: Promise<Connection> | undefined;
  /** The connection being started, for stop() to give up rather than wait for. */
  private pending: Connection | undefined;
  /** The tools listed, until the server says they changed or it stops. */
  private tools: Tool[] | undefined;
  /** The tools as last listed, as the window shows them (secrets masked): kept once it stops. */
  private shownTools: Omit<UpstreamTool, 'allowed'>[] | undefined;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private quickExits = 0;
  private readonly stderr: StderrLines;
  private readonly logMask: SecretMask;
  private options: UpstreamServerOptions;

  constructor(options: UpstreamServerOptions) {
    this.options = options;
    this.entry = options.entry;
    this.name = options.entry.name;
    this.state = options.entry.disabled ? 'disabled' : 'stopped';
    this.logMask = secretMask(options.entry.launch, 'log');
    this.stderr = new StderrLines((line) => this.log(line), this.logMask);
  }

  get launch(): LaunchSpec {
    return this.entry.launch;
  }

  get disabled(): boolean {
    return this.entry.disabled;
  }

  get allowTools(): readonly string[] {
    return this.entry.allowTools;
  }

  /** What the window shows of it: never its settings' secrets. */
  status(): UpstreamServerInfo {
    return {
      name: this.name,
      transport: this.entry.launch.transport,
      state: this.state,
      ...(this.connection?.pid !== undefined && { pid: this.connection.pid }),
      ...(this.error !== undefined && { error: this.error }),
      stderrTail: this.stderr.tail(),
      calls: this.calls,
      ...(this.shownTools && {
        tools: this.shownTools.map((tool) => ({
          ...tool,
          allowed: toolAllowed(this.entry.allowTools, tool.name),
        })),
      }),
    };
  }

  /**
   * Takes this server's own port and the message bound for its next connection: the open one keeps
   * its own, since the SDK fixed them when it was made.
   */
  setBounds({ ownPort, maxMessageBytes }: UpstreamBounds): void {
    this.options = { ...this.options, maxMessageBytes, ...(ownPort !== undefined && { ownPort }) };
  }

  /** Takes new settings that start it the same way: only what code may call, or disabled. */
  async setEntry(entry: UpstreamEntry): Promise<void> {
    this.entry = entry;
    if (entry.disabled && this.state !== 'disabled') await this.stop('it was disabled', 'disabled');
    if (!entry.disabled && this.state === 'disabled') this.setState('stopped');
  }

  /** Its tools, starting it if need be. */
  listTools(when: { signal: AbortSignal; deadline: number }): Promise<Tool[]> {
    return this.busy(when, async () => this.listed(await this.connected(when), when));
  }

  /** Whether it lists `tool`: a tool not in the cached list is looked for once more. */
  async hasTool(tool: string, when: { signal: AbortSignal; deadline: number }): Promise<boolean> {
    if ((await this.listTools(when)).some((t) => t.name === tool)) return true;
    this.tools = undefined;
    return (await this.listTools(when)).some((t) => t.name === tool);
  }

  /** Calls `tool`; an abort of `signal` sends the server notifications/cancelled. */
  call(
    tool: string,
    args: Record<string, unknown>,
    when: { signal: AbortSignal; deadline: number },
  ): Promise<CallToolResult> {
    return this.busy(when, async () => {
      const connection = await this.connected(when);
      // The SDK checks structured content against the tool's outputSchema only if it listed it.
      const toolDefinition = (await this.listed(connection, when)).find((t) => t.name === tool);
      this.calls++;
      this.changed();
      try {
        const timeout = left(when.deadline);
        return (await connection.client.callTool(
          { name: tool, arguments: args },
          {
            signal: when.signal,
            timeout,
            maxTotalTimeout: timeout,
            ...(toolDefinition && { toolDefinition }),
          },
        )) as CallToolResult;
      } catch (error) {
        // Withdrawn: the run ended (the SDK has told the server with notifications/cancelled).
        if (when.signal.aborted) throw when.signal.reason;
        const failure = this.failure(connection, error, `the call of ${tool}`);
        // Shown as its last error, unless it failed for good (that says more).
        if (this.state !== 'failed') this.error = failure.message;
        this.changed();
        // An HTTP server has no process to watch: one that cannot be reached is connected anew.
        if (this.entry.launch.transport !== 'stdio' && unreachable(error)) {
          connection.closing ??= 'it could not be reached';
          await connection.client.close().catch(() => undefined);
          this.setState('stopped');
        }
        throw failure;
      }
    });
  }

  /** Stops it; calls in flight fail saying `reason`. */
  async stop(reason: string, next: 'stopped' | 'disabled' = 'stopped'): Promise<void> {
    clearTimeout(this.idleTimer);
    if (this.pending) {
      this.pending.closing ??= reason;
      this.pending.start.abort(
        new UpstreamFailure(`MCP server "${this.name}" was stopped during the start: ${reason}`),
      );
    }
    const connection = this.connection ?? (await this.starting?.catch(() => undefined));
    if (connection && !connection.closed) {
      connection.closing = reason;
      await connection.client.close().catch(() => undefined);
    }
    this.error = undefined;
    this.setState(next);
  }

  /** The window's Restart: a failed server is tried again at the next use. */
  async restart(): Promise<void> {
    this.quickExits = 0;
    await this.stop('the window restarted it', this.entry.disabled ? 'disabled' : 'stopped');
  }

  private async connected(when: { signal: AbortSignal; deadline: number }): Promise<Connection> {
    if (this.state === 'disabled') {
      throw new UpstreamFailure(`MCP server "${this.name}" is disabled in mcpServers`);
    }
    if (this.state === 'failed') throw new UpstreamFailure(this.error ?? 'failed');
    if (this.connection && !this.connection.closed) return this.connection;
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return waitFor(this.starting, when, `MCP server "${this.name}" to start`);
  }

  private async start(): Promise<Connection> {
    this.setState('starting');
    const startMs = this.options.startMs ?? UPSTREAM_START_MS;
    const raw = this.transport(() => this.tooLarge(connection));
    const client = new Client(
      { name: 'mcp-isolate', version: SERVER_VERSION },
      {
        // No sampling, elicitation or roots: the SDK answers such requests -32601.
        capabilities: {},
        listChanged: {
          tools: {
            autoRefresh: false,
            onChanged: () => {
              this.tools = undefined;
            },
          },
        },
      },
    );
    const connection: Connection = {
      client,
      startedAt: performance.now(),
      closed: false,
      maxMessageBytes: this.options.maxMessageBytes,
      tooLarge: false,
      erred: false,
      start: new AbortController(),
    };
    client.onclose = () => this.closed(connection);
    client.onerror = (error) => this.transportError(connection, error);
    const tapped = new TappedTransport(
      raw,
      this.options.messages,
      {
        connection: upstreamConnection(this.name),
        transport: this.entry.launch.transport,
        upstream: this.name,
      },
      this.logMask,
    );
    // One bound for the whole start: an SSE transport's start waits for its endpoint event forever.
    const when = { signal: connection.start.signal, deadline: performance.now() + startMs };
    this.pending = connection;
    try {
      // Out of time, it fails as the SDK's own timeout would.
      const late = () => new SdkError(SdkErrorCode.RequestTimeout, 'the start timed out');
      await waitFor(client.connect(tapped, { timeout: startMs }), when, late);
      connection.pid = raw instanceof StdioClientTransport ? (raw.pid ?? undefined) : undefined;
      this.connection = connection;
      this.tools = undefined;
      await this.listed(connection, when);
    } catch (error) {
      // Stopped meanwhile (its settings changed), it did not fail on its own.
      const own = connection.closing === undefined;
      const failure = this.failure(connection, error, 'the start');
      if (own) this.error = failure.message;
      connection.closing ??= 'it did not start';
      await client.close().catch(() => undefined);
      this.connection = undefined;
      // An HTTP server has no process that exited: the next call tries it again.
      if (own && this.entry.launch.transport === 'stdio') this.exited(connection, failure.message);
      else if (own) {
        this.log(`${failure.message}; it is tried again at the next call`);
        this.setState('stopped');
      }
      throw failure;
    } finally {
      if (this.pending === connection) this.pending = undefined;
    }
    this.error = undefined;
    this.setState('ready');
    return connection;
  }

  private transport(tooLarge: () => void): Transport {
    const { launch } = this.entry;
    const { maxMessageBytes, ownPort } = this.options;
    if (launch.transport === 'stdio') {
      const transport = new StdioLinesTransport({
        command: launch.command,
        args: launch.args,
        env: launch.env,
        cwd: launch.cwd,
        stderr: 'pipe',
        maxBufferSize: maxMessageBytes,
      });
      transport.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
      transport.stderr?.on('end', () => this.stderr.end());
      return transport;
    }
    const options = {
      requestInit: { headers: launch.headers },
      fetch: cappedFetch(ownPort, maxMessageBytes, tooLarge),
      redirectPolicy: 'same-origin' as const,
    };
    return launch.transport === 'sse'
      ? new SSEClientTransport(new URL(launch.url), options)
      : new StreamableHTTPClientTransport(new URL(launch.url), options);
  }

  private async listed(
    connection: Connection,
    when: { signal: AbortSignal; deadline: number },
  ): Promise<Tool[]> {
    if (this.tools) return this.tools;
    try {
      const {
        tools: kept,
        cut,
        overlong,
      } = await listToolPages(connection.client, when, {
        maxTools: MAX_TOOLS,
        maxBytes: connection.maxMessageBytes,
      });
      if (cut) this.log(`listed ${cut}: kept the first ${kept.length}`);
      if (overlong > 0) {
        this.log(`left out ${overlong} tools named with over ${MAX_MCP_NAME} characters`);
      }
      if (this.connection === connection) {
        this.tools = kept;
        this.shownTools = JSON.parse(
          secretMask(this.entry.launch, 'result')(JSON.stringify(kept.map(shownTool))),
        );
        this.changed();
      }
      return kept;
    } catch (error) {
      if (when.signal.aborted) throw when.signal.reason;
      throw this.failure(connection, error, 'the tools/list');
    }
  }

  /** Runs `work` as one of the calls in flight, waiting its turn; the idle clock stops meanwhile. */
  private async busy<T>(
    when: { signal: AbortSignal; deadline: number },
    work: () => Promise<T>,
  ): Promise<T> {
    if (this.inFlight >= UPSTREAM_IN_FLIGHT) {
      if (this.waiting.length >= UPSTREAM_WAITING) {
        throw new UpstreamFailure(
          `MCP server "${this.name}" has ${UPSTREAM_WAITING} calls waiting: try again later`,
        );
      }
      let turn: () => void = () => undefined;
      const myTurn = new Promise<void>((resolve) => {
        turn = resolve;
        this.waiting.push(resolve);
      });
      try {
        await waitFor(myTurn, when, `a turn at MCP server "${this.name}"`);
      } catch (error) {
        const at = this.waiting.indexOf(turn);
        if (at >= 0) this.waiting.splice(at, 1);
        // Its turn came as it gave up: the turn passes on.
        else this.release();
        throw error;
      }
    } else {
      this.inFlight++;
    }
    clearTimeout(this.idleTimer);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Gives the turn of a call that ended to the next waiting, or counts one fewer in flight. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
    if (this.inFlight === 0) this.idleLater();
  }

  private idleLater(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.inFlight === 0 && this.connection) void this.stop('it was idle');
    }, this.options.idleMs ?? UPSTREAM_IDLE_MS);
    this.idleTimer.unref();
  }

  private closed(connection: Connection): void {
    if (connection.closed) return;
    connection.closed = true;
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.tools = undefined;
    if (connection.closing === undefined) {
      this.exited(connection, `MCP server "${this.name}" exited`);
    } else {
      // Closed by us (a message over the bound, a stop): it starts again at the next use.
      this.setState('stopped');
    }
  }

  /** It went on its own: quick exits in a row mark it failed, with its last stderr lines. */
  private exited(connection: Connection, why: string): void {
    const quick = performance.now() - connection.startedAt < QUICK_EXIT_MS;
    this.quickExits = quick ? this.quickExits + 1 : 0;
    if (this.quickExits < QUICK_EXITS) {
      this.log(`${why}; it starts again at the next use`);
      this.setState('stopped');
      return;
    }
    const tail = this.stderr.tail().slice(-5).join('\n');
    this.error = `MCP server "${this.name}" stopped ${QUICK_EXITS} times within ${QUICK_EXIT_MS / 1000} s of starting (${why})${tail ? `; its last output:\n${tail}` : ''}; change its settings or restart it in the window`;
    this.log(this.error);
    this.setState('failed');
  }

  /** It sent a message over the bound: the connection closes, failing its calls saying so. */
  private tooLarge(connection: Connection): void {
    if (connection.tooLarge) return;
    connection.tooLarge = true;
    this.log(`sent a message over ${connection.maxMessageBytes} bytes`);
    // Over HTTP the SDK would wait for the cut answer until the call's timeout.
    connection.closing ??= `it sent a message over ${connection.maxMessageBytes} bytes`;
    void connection.client.close().catch(() => undefined);
  }

  private transportError(connection: Connection, error: Error): void {
    if (/exceeded maximum size|MessageTooLarge/.test(`${error.message} ${error.name}`)) {
      this.tooLarge(connection);
      return;
    }
    // An SSE stream that ended took its session along: the SDK's EventSource would come back as
    // soon as the server's `retry` says (at once, for ever) to a session that never initialized.
    if (error instanceof SseError && this.connection === connection && !connection.closed) {
      connection.closing ??= 'its event stream ended';
      this.log('its event stream ended; it starts again at the next use');
      void connection.client.close().catch(() => undefined);
      return;
    }
    // A broken stream repeats its error for each chunk: the first says it.
    if (connection.erred) return;
    connection.erred = true;
    this.log(`error: ${this.ownWords(error.message)}`);
  }

  /** What a failed call or listing tells code, from what the SDK threw. */
  private failure(connection: Connection, error: unknown, what: string): UpstreamFailure {
    if (error instanceof UpstreamFailure) return error;
    const server = `MCP server "${this.name}"`;
    if (error instanceof ProtocolError) {
      return new UpstreamFailure(
        `${server} answered ${what} with an error: ${this.ownWords(error.message)}`,
        error.code,
      );
    }
    const tooLarge = connection.tooLarge || causes(error).some((e) => e.name === 'MessageTooLarge');
    if (tooLarge) {
      return new UpstreamFailure(
        `${server} sent a message over ${connection.maxMessageBytes} bytes during ${what}`,
      );
    }
    const own = causes(error).find((e) => e.name === 'OwnServerRefused');
    if (own) return new UpstreamFailure(`${server} was not reached: ${own.message}`);
    if (error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout) {
      return new UpstreamFailure(`${server} did not answer ${what} in time`);
    }
    const http = this.entry.launch.transport !== 'stdio';
    if (http && connection.closing === undefined && unreachable(error)) {
      const why = causes(error).at(-1)?.message ?? '';
      return new UpstreamFailure(
        `${server} could not be reached during ${what}: ${this.ownWords(why)}`,
      );
    }
    if (connection.closed || connection.closing !== undefined) {
      return new UpstreamFailure(
        connection.closing === undefined
          ? `${server} exited during ${what}; it starts again at the next call`
          : `${server} was stopped during ${what}: ${connection.closing}`,
      );
    }
    const message = causes(error)
      .map((e) => e.message)
      .join(': ');
    return new UpstreamFailure(`${server} failed ${what}: ${this.ownWords(message)}`);
  }

  /** The server's own words (or its transport's), masked, then bounded: no secret shows in part. */
  private ownWords(text: string): string {
    return boundedText(this.logMask(text));
  }

  private log(line: string): void {
    this.options.logLine(`[mcp ${this.name}] ${line}`);
  }

  private setState(state: UpstreamState): void {
    if (this.state === state) return;
    this.state = state;
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.();
  }
}

/** What the window shows of a tool (the rest of what a server sends, such as icons, is not). */
export const shownTool = (tool: Tool): Omit<UpstreamTool, 'allowed'> => ({
  name: tool.name,
  ...(tool.title !== undefined && { title: tool.title }),
  ...(tool.description !== undefined && { description: tool.description }),
  inputSchema: tool.inputSchema,
  ...(tool.outputSchema !== undefined && { outputSchema: tool.outputSchema }),
});

/**
 * Whether an HTTP request failed to reach the server (an SSE stream's error without an HTTP
 * status is one), or its session is gone (a restart).
 */
const unreachable = (error: unknown) =>
  causes(error).some(
    (e) =>
      e.message === 'fetch failed' ||
      (e instanceof SseError && e.code === undefined) ||
      (e instanceof SdkHttpError && e.status === 404),
  );

/** An error and its causes, outermost first (at most a few: a cause chain may loop). */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && chain.length < 8; e = e.cause) chain.push(e);
  return chain;
}

/** `promise`, unless `when`'s deadline passes (rejecting with `late`) or its signal aborts first. */
function waitFor<T>(
  promise: Promise<T>,
  when: { signal: AbortSignal; deadline: number },
  late: string | (() => Error),
): Promise<T> {
  const { signal, deadline } = when;
  if (signal.aborted) return Promise.reject(signal.reason);
  const ms = left(deadline);
  const timeout = () =>
    typeof late === 'string' ? new UpstreamFailure(`waited ${ms} ms for ${late}`) : late();
  return new Promise<T>((resolve, reject) => {
    // Whichever comes first ends the others' watch: `promise` may never settle.
    const settle = (end: () => void) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      end();
    };
    const timer = setTimeout(() => settle(() => reject(timeout())), ms);
    const onAbort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => settle(() => resolve(value)),
      (error) => settle(() => reject(error)),
    );
  });
}
