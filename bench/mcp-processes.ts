// The servers the MCP benchmarks talk to, as real processes: MCP Isolate and, as the protocol
// floor, the reference "everything" server's echo tool, over the same transport.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Client as ClientV2,
  StreamableHTTPClientTransport as StreamableHTTPClientTransportV2,
} from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioClientTransportV2 } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export type BenchTransport = 'stdio' | 'sse' | 'streamable-http';

const BIN = fileURLToPath(new URL('../bin/mcp-isolate.mjs', import.meta.url));
const EVERYTHING = createRequire(import.meta.url).resolve(
  '@modelcontextprotocol/server-everything/dist/index.js',
);

export interface RunningProcess {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a process and waits for the line on stderr that says it listens. */
async function startProcess(
  args: string[],
  ready: RegExp,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
      if (ready.test(stderr)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return child;
}

const stopper = (child: ChildProcess, cleanup?: () => Promise<void>) => async () => {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
  await cleanup?.();
};

/**
 * The headless server; `nodeFlags` as the app's supervisor passes them, if given; `bin` another
 * tree's `bin/mcp-isolate.mjs` (a before-and-after comparison), this tree's if not.
 */
export async function startIsolate(
  nodeFlags: string[] = [],
  bin = BIN,
): Promise<RunningProcess & { dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bench-'));
  const port = await freePort();
  const child = await startProcess(
    [
      ...nodeFlags,
      bin,
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--max-connections',
      '100000',
    ],
    /listening on/,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    dataDir,
    stop: stopper(child, () => rm(dataDir, { recursive: true, force: true })),
  };
}

export async function startEverything(transport: 'sse' | 'streamable-http') {
  const port = await freePort();
  const child = await startProcess(
    [EVERYTHING, transport === 'sse' ? 'sse' : 'streamableHttp'],
    /port/i,
    { PORT: String(port) },
  );
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, stop: stopper(child) };
}

const SDK_ECHO = fileURLToPath(new URL('./sdk-echo-server.ts', import.meta.url));

/** The SDK's version 2 alone with one echo tool, both eras on Streamable HTTP (sdk-echo-server.ts). */
export async function startSdkEcho() {
  const port = await freePort();
  const child = await startProcess([SDK_ECHO], /listening on/, { PORT: String(port) });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, stop: stopper(child) };
}

export const sdkEchoStdio = () => [process.execPath, SDK_ECHO, '--stdio'];

/** A connected SDK client; for stdio it starts the server itself. */
export async function connectClient(
  transport: BenchTransport,
  target: { url?: string; command?: string[] },
): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  if (transport === 'stdio') {
    const [command, ...args] = target.command ?? [];
    await client.connect(
      new StdioClientTransport({ command: command as string, args, stderr: 'ignore' }),
    );
  } else if (transport === 'sse') {
    await client.connect(new SSEClientTransport(new URL(`${target.url}/sse`)));
  } else {
    await client.connect(new StreamableHTTPClientTransport(new URL(`${target.url}/mcp`)));
  }
  return client;
}

/** The protocol revision a client of the SDK's version 2 speaks: `2026` is pinned, `2025` its default. */
export type ClientEra = '2025' | '2026';

/**
 * A connected client of the SDK's version 2 over stdio or Streamable HTTP (2026-07-28 has no
 * SSE), pinned to 2026-07-28 or left at its default, the plain 2025 handshake.
 */
export async function connectClientV2(
  transport: 'stdio' | 'streamable-http',
  target: { url?: string; command?: string[] },
  era: ClientEra,
): Promise<ClientV2> {
  const client = new ClientV2(
    { name: 'bench', version: '1.0.0' },
    era === '2026' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  if (transport === 'stdio') {
    const [command, ...args] = target.command ?? [];
    await client.connect(
      new StdioClientTransportV2({ command: command as string, args, stderr: 'ignore' }),
    );
  } else {
    await client.connect(new StreamableHTTPClientTransportV2(new URL(`${target.url}/mcp`)));
  }
  return client;
}

export const isolateStdio = (dataDir: string, bin = BIN) => [
  process.execPath,
  bin,
  '--stdio',
  '--data-dir',
  dataDir,
];
export const everythingStdio = () => [process.execPath, EVERYTHING, 'stdio'];

/** The process ids of a process's children (Linux /proc). */
export async function childPids(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(' ').filter(Boolean).map(Number);
}

/** Resident memory of a process in KiB (Linux /proc). */
export async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

/** A connected client, whichever SDK: one tool call, and the end. */
export interface BenchClient {
  call(name: string, args: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
  /** On stdio, the server process the client started. */
  serverPid?: number;
}

const stdioPid = (client: { transport?: unknown }) =>
  (client.transport as { pid?: number | null } | undefined)?.pid ?? undefined;

/** Which client: the SDK 1.32 client (2025-11-25), or version 2's in an era. */
export type ClientChoice = { sdk: '1.32' } | { sdk: 'v2'; era: ClientEra };

export const describeClient = (choice: ClientChoice) =>
  choice.sdk === '1.32'
    ? 'SDK 1.32, 2025-11-25'
    : `SDK v2, ${choice.era === '2026' ? '2026-07-28' : '2025-11-25'}`;

/** A connected client of `choice` over `transport` (version 2's on stdio or Streamable HTTP). */
export async function connectBenchClient(
  choice: ClientChoice,
  transport: BenchTransport,
  target: { url?: string; command?: string[] },
): Promise<BenchClient> {
  if (choice.sdk === '1.32') {
    const client = await connectClient(transport, target);
    return {
      call: (name, args) => client.callTool({ name, arguments: args }),
      close: () => client.close(),
      serverPid: stdioPid(client),
    };
  }
  if (transport === 'sse')
    throw new Error('the SDK v2 clients here speak stdio and Streamable HTTP');
  const client = await connectClientV2(transport, target, choice.era);
  return {
    call: (name, args) => client.callTool({ name, arguments: args }),
    close: () => client.close(),
    serverPid: stdioPid(client),
  };
}

/** CPU time (user and system, ms) of a process and its descendants so far (Linux /proc). */
export async function treeCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command's closing parenthesis: utime, stime, then cutime and cstime (the
  // children that exited and were waited for: a snapshot's short-lived process) are 14th to 17th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields.slice(11, 15).reduce((sum, field) => sum + (Number(field) || 0), 0);
  const own = ticks * (1000 / CLOCK_TICKS);
  const children = await Promise.all((await childPids(pid)).map(treeCpuMs));
  return own + children.reduce((sum, ms) => sum + ms, 0);
}

/** USER_HZ: what /proc counts CPU time in, 100 on Linux. */
const CLOCK_TICKS = 100;
