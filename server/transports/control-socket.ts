import { createHash } from 'node:crypto';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { McpContext } from './mcp-connection.ts';
import { serveStdio } from './stdio.ts';

/**
 * Where a running server listens for stdio bridges: an owner-only Unix socket in the data
 * directory, or on Windows a named pipe named after it.
 */
export function controlSocketPath(dataDir: string, platform = process.platform): string {
  if (platform === 'win32') {
    const id = createHash('sha256').update(dataDir.toLowerCase()).digest('hex').slice(0, 24);
    return `\\\\.\\pipe\\mcp-isolate-${id}`;
  }
  return join(dataDir, 'run', 'control.sock');
}

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

/** Serves every connection to the control socket as one stdio MCP connection. */
export async function listenControlSocket(context: McpContext, dataDir: string): Promise<Server> {
  const path = controlSocketPath(dataDir);
  if (process.platform !== 'win32') {
    // The folder is the owner's alone, so nobody else can reach the socket inside it.
    await mkdir(join(dataDir, 'run'), { recursive: true, mode: 0o700 });
    await chmod(join(dataDir, 'run'), 0o700);
    // A socket file left by a server that died would make listen fail.
    await rm(path, { force: true });
  }
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveStdio(context, socket, socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  const close = server.close.bind(server);
  server.close = (callback) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  };
  return server;
}
