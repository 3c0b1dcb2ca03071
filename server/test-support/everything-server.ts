// The MCP project's reference server (`@modelcontextprotocol/server-everything`) as an upstream in
// tests, over stdio, Streamable HTTP or SSE. Its bin takes the transport as its first argument;
// over HTTP it listens on $PORT on every address, and prints its port only as given (PORT=0 would
// print 0), so a free port is chosen and tried again when another process took it meanwhile.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort, type ListeningProcess, startListeningProcess } from './processes.ts';

const EVERYTHING_BIN = join(
  dirname(
    createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/package.json'),
  ),
  'dist/index.js',
);

export type EverythingTransport = 'stdio' | 'streamable-http' | 'sse';

/** How to start it over stdio, as an upstream's settings name a command. */
export const everythingStdio = (): { command: string; args: string[] } => ({
  command: process.execPath,
  args: [EVERYTHING_BIN, 'stdio'],
});

/** What each HTTP transport is called on its command line, what it prints, and its path. */
const HTTP = {
  'streamable-http': { arg: 'streamableHttp', ready: /listening on port (\d+)/, path: '/mcp' },
  sse: { arg: 'sse', ready: /Server is running on port (\d+)/, path: '/sse' },
} as const;

/** A tries bound: a port taken between choosing and binding is rare, several in a row are not. */
const PORT_TRIES = 5;

/** server-everything over HTTP at `url` (on 127.0.0.1), stopped after the test file. */
export async function startEverything(
  transport: Exclude<EverythingTransport, 'stdio'>,
): Promise<ListeningProcess & { url: string }> {
  const { arg, ready, path } = HTTP[transport];
  let failure: unknown;
  for (let tried = 0; tried < PORT_TRIES; tried++) {
    const port = await freePort();
    try {
      const started = await startListeningProcess([EVERYTHING_BIN, arg], {
        env: { PORT: String(port) },
        ready,
      });
      return { ...started, url: `http://127.0.0.1:${started.port}${path}` };
    } catch (error) {
      // Only a port someone else took is worth another try.
      if (!/already in use|EADDRINUSE/.test(String(error))) throw error;
      failure = error;
    }
  }
  throw failure;
}
