import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SHUTDOWN_MESSAGE } from '../../contract/server-process.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const rpc = (id: number | undefined, method: string, params: unknown = {}) =>
  `${JSON.stringify({ jsonrpc: '2.0', ...(id !== undefined && { id }), method, params })}\n`;

/** Runs `mcp-isolate` with `args` (and `env` added to this process's) until it exits. */
async function runToExit(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'exit');
  return { code, stderr };
}

/** `mcp-isolate --stdio` driven line by line, initialized, with every stdout line kept. */
async function rawStdio(dataDir: string, clientName: string) {
  const child = spawn(process.execPath, [BIN, '--stdio', '--data-dir', dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const answered = new Map<number, (line: string) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    const id = (JSON.parse(line) as { id?: number }).id;
    if (id !== undefined) answered.get(id)?.(line);
  });
  const call = (id: number, method: string, params?: unknown) => {
    const done = new Promise<string>((resolve) => answered.set(id, resolve));
    child.stdin.write(rpc(id, method, params));
    return done;
  };
  await call(1, 'initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: clientName, version: '9.9' },
  });
  child.stdin.write(rpc(undefined, 'notifications/initialized'));
  return { child, lines, call };
}

test('--stdio writes only JSON-RPC to stdout, logs every message, and exits when stdin ends', async () => {
  const dataDir = await tempDir();
  const { child, lines, call } = await rawStdio(dataDir, 'raw-stdio');
  await call(2, 'tools/call', {
    name: 'run_js',
    arguments: { code: 'console.log("to the log, not stdout"); 6 * 7' },
  });
  await call(3, 'no/such/method');
  // While it runs, this stdio process owns the data directory: a server there is refused.
  const server = await runToExit(['--port', '0', '--data-dir', dataDir]);
  assert.equal(server.code, 1);
  assert.match(server.stderr, /another MCP Isolate process already owns/);
  child.stdin.end();
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  for (const line of lines) assert.equal(JSON.parse(line).jsonrpc, '2.0', line);
  assert.equal(lines.length, 3);
  assert.match(lines[1] ?? '', /42/);
  assert.match(lines[2] ?? '', /-32601/);
  const logged = (await readFile(join(dataDir, 'logs', 'messages.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    logged.map((m) => `${m.direction} ${m.kind} ${m.method}`),
    [
      'in request initialize',
      'out response initialize',
      'in notification notifications/initialized',
      'in request tools/call',
      'out response tools/call',
      'in request no/such/method',
      'out response no/such/method',
    ],
  );
  assert.ok(logged.every((m) => m.transport === 'stdio' && m.size > 0));
  assert.deepEqual(logged[4].client, { name: 'raw-stdio', version: '9.9' });
  assert.equal(typeof logged[4].latencyMs, 'number');
  assert.equal(logged[6].isError, true);
});

test('the HTTP server writes server.json, and SIGTERM shuts it down cleanly', async () => {
  const server = await startServerProcess();
  const info = JSON.parse(await readFile(join(server.dataDir, 'server.json'), 'utf8'));
  assert.equal(info.url, server.url);
  assert.equal(info.pid, server.child.pid);
  assert.equal(await server.stop(), 0);
  await assert.rejects(stat(join(server.dataDir, 'server.json')), /ENOENT/);
});

/** `mcp-isolate` as an app starts it: with an IPC channel, listening on a free port. */
async function startWithChannel() {
  const dataDir = await tempDir();
  const child = spawn(process.execPath, [BIN, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  await new Promise<void>((resolve) => {
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('MCP Isolate listening on')) resolve();
    });
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, dataDir, exited, stderr: () => stderr };
}

test('a server started with an IPC channel shuts down cleanly when asked over it, and when the channel closes', async () => {
  const asked = await startWithChannel();
  asked.child.send(SHUTDOWN_MESSAGE);
  assert.equal(await asked.exited, 0);
  assert.match(asked.stderr(), /MCP Isolate: asked to stop by its app, shutting down/);
  await assert.rejects(stat(join(asked.dataDir, 'server.json')), /ENOENT/);

  const left = await startWithChannel();
  left.child.send({ type: 'something else' });
  left.child.disconnect();
  assert.equal(await left.exited, 0);
  assert.match(left.stderr(), /MCP Isolate: its app is gone, shutting down/);
  await assert.rejects(stat(join(left.dataDir, 'server.json')), /ENOENT/);
});

test('a port in use and a bad flag are clear errors', async () => {
  const server = await startServerProcess();
  const port = new URL(server.url).port;
  const inUse = await runToExit(['--port', port, '--data-dir', await tempDir()]);
  assert.equal(inUse.code, 1);
  assert.match(inUse.stderr, new RegExp(`port ${port} on 127.0.0.1 is in use`));
  const bad = await runToExit(['--memory-mb', 'lots', '--data-dir', await tempDir()]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--memory-mb: must be a whole number from 8 to 16384, got "lots"/);
});

test('a secret header no request could carry stops the server, naming the header but never its value', async () => {
  const bad = await runToExit([
    '--net-header',
    'api.test=X-Api-Key: k€y-s3cret',
    '--data-dir',
    await tempDir(),
  ]);
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /--net-header: the value of header X-Api-Key for api\.test is not a valid header value/,
  );
  assert.ok(!bad.stderr.includes('s3cret') && !bad.stderr.includes('€'), bad.stderr);
});

test('MCP servers given as JSON that is not JSON, or holding a bad server, stop the server naming the setting but never the text or a secret', async () => {
  const secret = 'ghp_cli-s3cret';
  const notJson = await runToExit([
    '--mcp-servers',
    `{"gh": {"command": "npx", "env": {"TOKEN": "${secret}"}`,
    '--data-dir',
    await tempDir(),
  ]);
  assert.equal(notJson.code, 2);
  assert.match(notJson.stderr, /--mcp-servers: is not valid JSON/);
  const reserved = await runToExit(['--data-dir', await tempDir()], {
    MCP_ISOLATE_MCP_SERVERS: JSON.stringify({
      inspect: { url: 'https://x.test/mcp', headers: { Authorization: `Bearer ${secret}\u0000` } },
      gh: { command: 'npx', env: { TOKEN: `${secret}\u0000` } },
    }),
  });
  assert.equal(reserved.code, 2);
  assert.match(reserved.stderr, /MCP_ISOLATE_MCP_SERVERS: the server name "inspect" is reserved/);
  for (const { stderr } of [notJson, reserved]) assert.ok(!stderr.includes('s3cret'), stderr);
});

test('the help names the MCP servers flag, its variable, and the limits of tool calls', async () => {
  const { stderr: help } = await runToExit(['--help']);
  assert.match(
    help,
    /--mcp-servers JSON +other MCP servers code may call .* \(env MCP_ISOLATE_MCP_SERVERS; default none: code cannot call other MCP servers\)/,
  );
  assert.match(help, /--mcp-calls N +MCP tool calls one run may make/);
  assert.match(
    help,
    /--mcp-result-bytes N .*\(bytes; env MCP_ISOLATE_MCP_RESULT_BYTES; default 10485760\)/,
  );
});

test('--stdio joins a server already running on the data directory through its control socket', async () => {
  const server = await startServerProcess();
  const client = new Client({ name: 'bridged-client', version: '2.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, '--stdio', '--data-dir', server.dataDir],
      stderr: 'pipe',
    }),
  );
  const result = await client.callTool({
    name: 'run_js',
    arguments: { session: 'bridged', code: 'var via = "bridge"; via' },
  });
  assert.equal((result.structuredContent as { value: string }).value, "'bridge'");
  // The running server made the session and logged the connection's messages.
  const sessions = (await (await fetch(`${server.url}/api/sessions`)).json()) as {
    sessions: { name: string }[];
  };
  assert.ok(sessions.sessions.some((s) => s.name === 'bridged'));
  await client.close();
  // The log file is appended in the background.
  const bridgedCall = async () =>
    (await readFile(join(server.dataDir, 'logs', 'messages.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .some(
        (m) =>
          m.transport === 'stdio' &&
          m.method === 'tools/call' &&
          m.client?.name === 'bridged-client',
      );
  await waitUntil(bridgedCall, "the bridged client's call in the message log");
  // A second server on the same data directory is refused: it would write the same journals.
  const second = await runToExit(['--port', '0', '--data-dir', server.dataDir]);
  assert.equal(second.code, 1);
  assert.match(second.stderr, /another MCP Isolate process already owns/);
});

test('a second --stdio joins the first; the first serves it until it leaves', async () => {
  const dataDir = await tempDir();
  const owner = await rawStdio(dataDir, 'owner');
  await owner.call(2, 'tools/call', {
    name: 'run_js',
    arguments: { session: 'both', code: 'var by = "owner"' },
  });
  const joined = new Client({ name: 'joined', version: '1' });
  await joined.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, '--stdio', '--data-dir', dataDir],
      stderr: 'pipe',
    }),
  );
  const run = async (code: string) =>
    (
      (await joined.callTool({ name: 'run_js', arguments: { session: 'both', code } }))
        .structuredContent as { value: string }
    ).value;
  assert.equal(await run('by'), "'owner'");
  // The owner's own client leaves; the process stays while another client is joined to it.
  owner.child.stdin.end();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(owner.child.exitCode, null);
  assert.equal(await run('by = "joined"; by'), "'joined'");
  const exited = once(owner.child, 'exit');
  await joined.close();
  assert.equal((await exited)[0], 0);
});
