import { chmod, mkdir, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { ServerState } from '../settings/server-state.ts';
import { dataLayout } from '../store/data-dir.ts';
import type { McpContext } from './mcp-connection.ts';
import { serveStdio } from './stdio.ts';

/**
 * Connects to a running server's control socket, or answers undefined when none is listening
 * (no socket, or one a dead server left behind).
 */
export function connectControlSocket(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUse';
}

/**
 * The control socket of a data directory, owned by this process: the one process that writes
 * its sessions. Bridges that connect are served once `serve` is given the MCP context.
 */
export interface ControlSocket {
  /** Serves bridges as MCP connections (whose requests get errors while `state` is stopped). */
  serve(context: McpContext, state: Pick<ServerState, 'mcpRunning' | 'subscribe'>): void;
  /** Resolves once no bridge is connected. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Claims a data directory by listening on its control socket; throws DataDirInUseError when a
 * live process already owns it. A socket file left by a process that died is taken over.
 */
export async function claimControlSocket(dataDir: string): Promise<ControlSocket> {
  const path = dataLayout(dataDir).controlSocket;
  if (process.platform !== 'win32') {
    // The folder is the owner's alone, so nobody else can reach the socket inside it.
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await chmod(dirname(path), 0o700);
  }
  const sockets = new Set<Socket>();
  const waiting: Socket[] = [];
  let handle: ((socket: Socket) => void) | undefined;
  let idle: (() => void)[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) for (const resolve of idle.splice(0)) resolve();
    });
    if (handle) handle(socket);
    else waiting.push(socket);
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const owner = await connectControlSocket(path);
    if (owner) {
      owner.destroy();
      throw new DataDirInUseError(
        `another MCP Isolate process already owns ${dataDir} (a server, or a stdio session that others join)`,
      );
    }
    await rm(path, { force: true });
    await listen();
  }
  return {
    serve(context, state) {
      handle = (socket) => {
        serveStdio(context, socket, socket, state).then(
          () => socket.end(),
          () => socket.destroy(),
        );
      };
      for (const socket of waiting.splice(0)) handle(socket);
    },
    idle: () =>
      sockets.size === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        idle = [];
        server.close(() => resolve());
      }),
  };
}
