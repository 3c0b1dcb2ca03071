import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { ConnectionRegistry } from '../connections/connection-registry.ts';
import { Engine } from '../engine/engine.ts';
import { createHttpApp } from '../http/http-app.ts';
import { ToolDispatcher } from '../mcp/tool-dispatcher.ts';
import { MessageLog } from '../messages/message-log.ts';
import type { Settings } from '../settings/setting-definitions.ts';
import { dataLayout } from '../store/data-dir.ts';
import { claimControlSocket } from '../transports/control-socket.ts';
import type { McpContext } from '../transports/mcp-connection.ts';
import { serveStdio } from '../transports/stdio.ts';

export interface ServerOptions {
  settings: Settings;
  dataDir: string;
  /** Listen on HTTP (false for a stdio-only process). */
  http?: boolean;
  workers?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  /** The HTTP base URL, when listening. */
  url?: string;
  port?: number;
  settings: Settings;
  engine: Engine;
  context: McpContext;
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
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // One process per data directory: two would both write its journals. Its control socket says
  // which one; stdio processes that start later join it there.
  const control = await claimControlSocket(options.dataDir);
  const engine = await Engine.start({
    dataDir: options.dataDir,
    workers: options.workers,
    log,
    limits: {
      timeoutMs: settings.timeoutMs,
      memoryMb: settings.memoryMb,
      outputBytes: settings.outputBytes,
      codeBytes: settings.codeBytes,
    },
  });
  const context: McpContext = {
    dispatcher: new ToolDispatcher(engine),
    connections: new ConnectionRegistry(settings),
    messages: new MessageLog({ dir: dataLayout(options.dataDir).messageLogs }),
  };
  control.serve(context);
  let http: Server | undefined;
  let port: number | undefined;
  if (options.http !== false) {
    const app = createHttpApp({ context, settings: () => settings, port: () => port ?? 0 });
    try {
      http = await listen(app, settings.host, settings.port);
    } catch (error) {
      await control.close();
      await engine.close();
      throw error;
    }
    port = (http.address() as AddressInfo).port;
  }
  const urlHost = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    ...(port !== undefined && { url: `http://${urlHost}:${port}`, port }),
    settings,
    engine,
    context,
    serveStdio: (input, output) => serveStdio(context, input, output),
    bridgesClosed: () => control.idle(),
    async close() {
      const stopped = http ? new Promise((resolve) => http?.close(resolve)) : undefined;
      await control.close();
      await context.connections.closeAll();
      // Open streams (SSE, Streamable HTTP GET) hold their sockets: close them too.
      http?.closeAllConnections();
      await stopped;
      await context.messages.flush();
      await engine.close();
    },
  };
}

function listen(
  app: ReturnType<typeof createHttpApp>,
  host: string,
  port: number,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
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
