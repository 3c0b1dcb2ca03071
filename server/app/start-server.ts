import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RefusedRequest } from '../../contract/refusals.ts';
import type { Settings } from '../../contract/settings-registry.ts';
import { type AdminService, createAdminService } from '../admin/admin-service.ts';
import { ConnectionRegistry } from '../connections/connection-registry.ts';
import { Engine } from '../engine/engine.ts';
import { answerClientErrors } from '../http/client-error.ts';
import { ToolDispatcher } from '../mcp/tool-dispatcher.ts';
import { MessageLog } from '../messages/message-log.ts';
import { RefusalLog } from '../messages/refusal-log.ts';
import { followSettings } from '../settings/follow-settings.ts';
import { ServerState } from '../settings/server-state.ts';
import { writeSettingsFile } from '../settings/settings-file.ts';
import { makeAdminToken, readOrMakeAdminToken } from '../store/admin-token-file.ts';
import { dataLayout } from '../store/data-dir.ts';
import { claimControlSocket } from '../transports/control-socket.ts';
import type { McpContext } from '../transports/mcp-connection.ts';
import { serveStdio } from '../transports/stdio.ts';
import { UpstreamManager } from '../upstream/upstream-manager.ts';
import { createHttpApp } from './http-app.ts';
import { stdioCommand } from './stdio-launcher.ts';

export interface ServerOptions {
  settings: Settings;
  dataDir: string;
  /** Listen on HTTP (false for a stdio-only process). */
  http?: boolean;
  workers?: number;
  log?: (line: string) => void;
  /** Called after the GUI moved the HTTP listener to another host or port. */
  onAddressChange?: () => Promise<void>;
  /** Called after the GUI made a new admin token. */
  onAdminTokenChange?: () => Promise<void>;
}

export interface RunningServer {
  /** The HTTP base URL, when listening. */
  url?: string;
  port?: number;
  settings: Settings;
  engine: Engine;
  context: McpContext;
  admin: AdminService;
  /** The admin API's bearer token (the GUI's key), kept in the data directory; '' without HTTP. */
  readonly adminToken: string;
  serveStdio(input: Readable, output: Writable): Promise<void>;
  /** Resolves once no stdio bridge is connected through the control socket. */
  bridgesClosed(): Promise<void>;
  close(): Promise<void>;
}

export class ListenError extends Error {
  override name = 'ListenError';
}

/** The whole server: engine, tools, connections, message log and (optionally) the HTTP port. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { settings } = options;
  const write = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const state = new ServerState(settings);
  // What the engine reports once the server runs is a background problem: logged, and shown in
  // the GUI's status. What it finds while starting (a torn journal) is in the sessions' status.
  let started = false;
  const log = (line: string) => {
    write(line);
    if (started) state.reportProblem(line);
  };
  // One process per data directory: two would both write its journals. Its control socket says
  // which one; stdio processes that start later join it there.
  const control = await claimControlSocket(options.dataDir);
  const messages = await MessageLog.open({ dir: dataLayout(options.dataDir).messageLogs });
  // The user's other MCP servers, which runs call through the engine's host: their traffic is
  // logged with the clients' and their stderr is the log's, never a problem of the server's.
  const upstreams = new UpstreamManager({ messages, logLine: write });
  const engine = await Engine.start({
    dataDir: options.dataDir,
    workers: options.workers,
    log,
    host: upstreams,
  });
  const context: McpContext = {
    dispatcher: new ToolDispatcher(engine, upstreams),
    connections: new ConnectionRegistry(settings),
    messages,
  };
  const unfollow = followSettings(state, {
    engine,
    connections: context.connections,
    upstreams,
    log,
  });
  const refusals = await RefusalLog.open({ dir: dataLayout(options.dataDir).messageLogs });
  const onRefused = refusals.record.bind(refusals);
  control.serve(context, state);
  const layout = dataLayout(options.dataDir);
  let http: Server | undefined;
  let port: number | undefined;
  const url = () => {
    if (port === undefined) return undefined;
    const { host } = state.settings;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  };
  let app: ReturnType<typeof createHttpApp> | undefined;
  /** Moves the HTTP listener to another address; the old one closes once it has answered. */
  const relisten = async (host: string, newPort: number) => {
    if (!app || !http) throw new ListenError('this process has no HTTP listener');
    const previous = http;
    let next: Server;
    try {
      next = await listen(app, host, newPort, onRefused);
    } catch (error) {
      // The same port on another address: the old listener must let go of it first, open
      // streams and the asking request included (that client reconnects at the new address).
      if (newPort !== port || !(error instanceof ListenError)) throw error;
      const closed = new Promise((resolve) => previous.close(resolve));
      previous.closeAllConnections();
      await closed;
      next = await listen(app, host, newPort, onRefused).catch(async (failure: Error) => {
        http = await listen(
          app as ReturnType<typeof createHttpApp>,
          state.settings.host,
          newPort,
          onRefused,
        );
        throw failure;
      });
    }
    http = next;
    port = (next.address() as AddressInfo).port;
    engine.setOwnPort(port);
    upstreams.setOwnPort(port);
    // The request that asked for the move is still being answered over the old listener.
    setTimeout(() => {
      previous.close();
      previous.closeAllConnections();
    }, 1000).unref();
  };
  // The GUI's key to the admin API, known only to whoever reads the data directory.
  let adminToken = '';
  const admin = createAdminService({
    engine,
    connections: context.connections,
    messages: context.messages,
    refusals,
    state,
    upstreams,
    dataDir: options.dataDir,
    url,
    stdioCommand: await stdioCommand({
      dataDir: options.dataDir,
      launcher: layout.launcher,
      node: process.execPath,
      script: fileURLToPath(BIN),
      log: write,
    }),
    saveSettings: (changed) => writeSettingsFile(layout.settings, changed),
    relisten: async (host, newPort) => {
      await relisten(host, newPort);
      await options.onAddressChange?.();
    },
    renewAdminToken: async () => {
      if (!app) throw new ListenError('this process has no HTTP listener');
      adminToken = await makeAdminToken(layout.adminToken);
      await options.onAdminTokenChange?.();
      return adminToken;
    },
  });
  started = true;
  if (options.http !== false) {
    try {
      adminToken = await readOrMakeAdminToken(layout.adminToken);
      app = createHttpApp({
        context,
        state,
        port: () => port ?? 0,
        admin,
        adminToken: () => adminToken,
        refusals,
      });
      http = await listen(app, settings.host, settings.port, onRefused);
    } catch (error) {
      await control.close();
      unfollow();
      await upstreams.close();
      await engine.close();
      throw error;
    }
    port = (http.address() as AddressInfo).port;
    engine.setOwnPort(port);
    upstreams.setOwnPort(port);
  }
  return {
    get url() {
      return url();
    },
    get port() {
      return port;
    },
    get settings() {
      return state.settings;
    },
    engine,
    context,
    admin,
    get adminToken() {
      return adminToken;
    },
    serveStdio: (input, output) => serveStdio(context, input, output, state),
    bridgesClosed: () => control.idle(),
    async close() {
      const listener = http;
      const stopped = listener ? new Promise((resolve) => listener.close(resolve)) : undefined;
      await control.close();
      await context.connections.close();
      // Open streams (SSE, Streamable HTTP GET) hold their sockets: close them too.
      listener?.closeAllConnections();
      await stopped;
      admin.close();
      unfollow();
      // Before the engine: a run still calling one fails now rather than holding up the close,
      // and the servers' last messages reach the log before it flushes.
      await upstreams.close();
      await context.messages.flush();
      await refusals.flush();
      await engine.close();
    },
  };
}

const BIN = new URL('../../bin/mcp-isolate.mjs', import.meta.url);

function listen(
  app: ReturnType<typeof createHttpApp>,
  host: string,
  port: number,
  onRefused: (refused: RefusedRequest) => void,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    answerClientErrors(server, onRefused);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is in use (choose another with --port, or 0 for any free one)`
          : error.code === 'EADDRNOTAVAIL'
            ? `${host} is not an address of this machine`
            : error.message;
      reject(new ListenError(`cannot listen: ${why}`));
    });
  });
}
