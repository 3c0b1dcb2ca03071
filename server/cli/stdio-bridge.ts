import type { Socket } from 'node:net';

/** Pipes stdin to the server and the server to stdout until either side ends. */
export function bridgeStdio(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.pipe(socket);
    socket.pipe(process.stdout);
    process.stdin.once('end', () => socket.end());
    socket.once('close', () => resolve());
  });
}
