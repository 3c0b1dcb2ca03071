import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  DESKTOP_OUTPUTS,
  type DesktopEvent,
  type DesktopOperation,
  type DesktopOutputs,
} from '../../contract/desktop-api.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const server = await startServerProcess();
const serverJson = join(server.dataDir, 'server.json');
const { adminToken } = JSON.parse(await readFile(serverJson, 'utf8')) as { adminToken: string };
const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };

async function call<K extends DesktopOperation>(
  operation: K,
  input: object = {},
): Promise<DesktopOutputs[K]> {
  const response = await fetch(`${server.url}/admin/api/${operation}`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify(input),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  // Every answer has the shape the contract gives the operation's output.
  return DESKTOP_OUTPUTS[operation].parse(body) as DesktopOutputs[K];
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

async function mcpClient(): Promise<Client> {
  const client = new Client({ name: 'admin-test-client', version: '3.1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  return client;
}

test('the admin API needs its token, answers only its own origin, and checks its input', async () => {
  assert.equal((await stat(serverJson)).mode & 0o777, 0o600);
  const post = (headers: Record<string, string>, body = '{}', op = 'getStatus') =>
    fetch(`${server.url}/admin/api/${op}`, { method: 'POST', headers, body });
  const anonymous = await post({ 'content-type': 'application/json' });
  assert.equal(anonymous.status, 401);
  assert.equal((await errorOf(anonymous)).code, 'unauthorized');
  const foreign = await post({ ...auth, origin: 'http://evil.example' });
  assert.equal(foreign.status, 403);
  // The page the server serves itself (the GUI) may.
  const own = await post({ ...auth, origin: `http://127.0.0.1:${new URL(server.url).port}` });
  assert.equal(own.status, 200);
  const unknown = await post(auth, '{}', 'dropEverything');
  assert.equal(unknown.status, 404);
  const bad = await post(auth, '{"session": 5}', 'listRuns');
  assert.equal(bad.status, 400);
  assert.match((await errorOf(bad)).message, /session/);
  const missing = await post(auth, '{"session": "nope"}', 'listHeaps');
  assert.equal(missing.status, 404);
});

test('status, connections, sessions, runs, heaps and messages reflect a real MCP client', async () => {
  const client = await mcpClient();
  await client.callTool({
    name: 'run_js',
    arguments: { session: 'watched', code: 'console.log("hello"); var w = 6 * 7; w' },
  });
  await client.callTool({ name: 'run_js', arguments: { session: 'watched', code: 'nope()' } });
  const status = await call('getStatus');
  assert.equal(status.running, true);
  assert.equal(status.endpoints.streamableHttp, `${server.url}/mcp`);
  assert.ok(status.endpoints.stdioCommand.includes('--stdio'));
  assert.ok(status.counts.connections >= 1 && status.counts.sessions >= 1);
  const { connections } = await call('listConnections');
  const mine = connections.find((c) => c.client?.name === 'admin-test-client');
  assert.equal(mine?.transport, 'streamable-http');
  assert.ok((mine?.messages ?? 0) >= 4);
  const { sessions } = await call('listSessions');
  assert.equal(sessions.find((s) => s.name === 'watched')?.heaps, 1);
  const { runs } = await call('listRuns', { session: 'watched' });
  assert.deepEqual(
    runs.map((run) => [run.ok, run.value ?? run.error?.code, run.console.map((l) => l.text)]),
    [
      [true, '42', ['hello']],
      [false, 'thrown', []],
    ],
  );
  const { heaps } = await call('listHeaps', { session: 'watched' });
  assert.equal(heaps[0]?.heap, runs[0]?.heap);
  const { messages } = await call('listMessages');
  const toolCalls = messages.filter((m) => m.method === 'tools/call' && m.kind === 'response');
  assert.equal(toolCalls.length, 2);
  assert.equal(typeof toolCalls[0]?.latencyMs, 'number');
  assert.equal(toolCalls[1]?.isError, true);
  await client.close();
});

test('fork and delete from the admin API change what an MCP client sees', async () => {
  const client = await mcpClient();
  const made = await client.callTool({
    name: 'run_js',
    arguments: { session: 'origin', code: 'var kept = "from origin"' },
  });
  const heap = (made.structuredContent as { heap: string }).heap;
  const forked = await call('forkSession', { heap, session: 'copy' });
  assert.equal(forked.name, 'copy');
  const read = await client.callTool({
    name: 'run_js',
    arguments: { session: 'copy', code: 'kept' },
  });
  assert.equal((read.structuredContent as { value: string }).value, "'from origin'");
  await call('deleteSession', { session: 'copy' });
  const listed = await client.callTool({ name: 'list_sessions', arguments: {} });
  const names = (listed.structuredContent as { sessions: { name: string }[] }).sessions.map(
    (s) => s.name,
  );
  assert.ok(names.includes('origin') && !names.includes('copy'));
  await client.close();
});

test('a session renamed from the admin API is the one a client goes on in, by its new name or by none', async () => {
  const client = await mcpClient();
  // A run naming no session makes the connection's own, an unnamed one.
  const made = await client.callTool({ name: 'run_js', arguments: { code: 'var r = 1' } });
  const { session } = made.structuredContent as { session: string };
  assert.match(session, /^session-/);
  const renamed = await call('renameSession', { session, to: 'named-later' });
  assert.equal(renamed.name, 'named-later');
  const { connections } = await call('listConnections');
  assert.equal(connections.find((c) => c.session === 'named-later')?.client?.version, '3.1');
  const listed = await client.callTool({ name: 'list_sessions', arguments: {} });
  const names = (listed.structuredContent as { sessions: { name: string }[] }).sessions.map(
    (s) => s.name,
  );
  assert.ok(names.includes('named-later') && !names.includes(session));
  // Its runs without a name go on there, and so do runs naming it.
  const unnamed = await client.callTool({ name: 'run_js', arguments: { code: 'r += 1' } });
  assert.deepEqual(
    [
      (unnamed.structuredContent as { session: string }).session,
      (unnamed.structuredContent as { value: string }).value,
    ],
    ['named-later', '2'],
  );
  const named = await client.callTool({
    name: 'run_js',
    arguments: { session: 'named-later', code: 'r' },
  });
  assert.equal((named.structuredContent as { value: string }).value, '2');
  // A name taken is refused, saying which.
  await call('forkSession', {
    heap: (made.structuredContent as { heap: string }).heap,
    session: 'taken',
  });
  const clash = await fetch(`${server.url}/admin/api/renameSession`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ session: 'named-later', to: 'taken' }),
  });
  assert.equal(clash.status, 409);
  assert.deepEqual(await errorOf(clash), {
    code: 'session_exists',
    message: 'session taken already exists',
  });
  await client.close();
});

test('stopping the server ends MCP connections and answers 503; starting brings MCP back', async () => {
  const client = await mcpClient();
  const stopped = await call('setServerRunning', { running: false });
  assert.equal(stopped.running, false);
  const refused = await fetch(`${server.url}/mcp`, { method: 'POST', headers: auth, body: '{}' });
  assert.equal(refused.status, 503);
  // A stdio client joining through the control socket is refused too, in JSON-RPC.
  const bridge = spawn(process.execPath, [BIN, '--stdio', '--data-dir', server.dataDir], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  bridge.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })}\n`);
  const [line] = await once(createInterface({ input: bridge.stdout }), 'line');
  assert.match(line, /"id":1,"error":\{"code":-32000,"message":"MCP Isolate is stopped/);
  bridge.stdin.end();
  await once(bridge, 'exit');
  // Sessions stay browsable while stopped.
  assert.ok((await call('listSessions')).sessions.length > 0);
  await call('setServerRunning', { running: true });
  const again = await mcpClient();
  assert.ok((await again.listTools()).tools.length === 6);
  await Promise.all([again.close(), client.close().catch(() => undefined)]);
});

test('settings: validated, applied to the running server, saved for the next start', async () => {
  const invalid = await call('updateSettings', { settings: { corsOrigins: ['not an origin'] } });
  assert.equal(invalid.settings, undefined);
  assert.match(invalid.problems[0]?.message ?? '', /is not an origin/);
  const origin = 'http://gui-test.example:8080';
  const preflight = () =>
    fetch(`${server.url}/mcp`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
  assert.equal((await preflight()).status, 403);
  const applied = await call('updateSettings', {
    settings: { corsOrigins: [origin], timeoutMs: 5000 },
  });
  assert.deepEqual(applied.problems, []);
  const answer = await preflight();
  assert.equal(answer.status, 204);
  assert.equal(answer.headers.get('access-control-allow-origin'), origin);
  const saved = JSON.parse(await readFile(join(server.dataDir, 'settings.json'), 'utf8'));
  assert.deepEqual([saved.corsOrigins, saved.timeoutMs], [[origin], 5000]);
  assert.equal((await call('getSettings')).timeoutMs, 5000);
});

test('the event stream pushes status, connections, messages and runs as they happen', async () => {
  const aborter = new AbortController();
  const response = await fetch(`${server.url}/admin/events`, {
    headers: auth,
    signal: aborter.signal,
  });
  const events: DesktopEvent[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (frame.startsWith('data: ')) events.push(JSON.parse(frame.slice(6)));
      }
      if (events.some((event) => event.type === 'run')) break;
    }
  })();
  const client = await mcpClient();
  await client.callTool({ name: 'run_js', arguments: { session: 'evented', code: '1' } });
  await reading;
  aborter.abort();
  const types = new Set(events.map((event) => event.type));
  for (const type of ['status', 'connection', 'message', 'run'] as const) {
    assert.ok(types.has(type), `a ${type} event arrived`);
  }
  await client.close();
});

test('a heap can be inspected and exported through the admin API', async () => {
  const client = await mcpClient();
  const made = await client.callTool({
    name: 'run_js',
    arguments: { session: 'looked-at', code: 'var config = { retries: 3 }' },
  });
  const heap = (made.structuredContent as { heap: string }).heap;
  const top = await call('inspectHeap', { heap });
  assert.deepEqual(
    top.entries.map((entry) => [entry.name, entry.type, entry.expandable]),
    [['config', 'object', true]],
  );
  const inner = await call('inspectHeap', { heap, path: ['config'] });
  assert.equal(inner.entries[0]?.preview, '3');
  const exported = await call('exportHeap', { heap });
  assert.match(exported.fileName, /\.jsonl$/);
  assert.equal(JSON.parse(exported.journal.trim()).code, 'var config = { retries: 3 }');
  await client.close();
});

test('a problem met in the background shows in the status, in plain words', async () => {
  const client = await mcpClient();
  // A heap with a frozen built-in cannot be snapshotted: the idle snapshot fails.
  await client.callTool({
    name: 'run_js',
    arguments: { session: 'unsnappable', code: 'Object.freeze(Math); 1' },
  });
  let status = await call('getStatus');
  await waitUntil(async () => {
    status = await call('getStatus');
    return status.error !== undefined;
  }, 'the failed snapshot in the status');
  assert.match(
    status.error ?? '',
    /snapshot of unsnappable .* failed: .*frozen cannot be snapshotted/,
  );
  await client.close();
});

test('transports can be turned off, and the server moves to another port without losing sessions', async () => {
  const off = await call('updateSettings', { settings: { sse: false } });
  assert.deepEqual(off.problems, []);
  const sse = await fetch(`${server.url}/sse`);
  assert.equal(sse.status, 404);
  assert.match((await errorOf(sse)).message, /SSE \(sse\) transport is turned off/);
  await call('updateSettings', { settings: { sse: true } });

  // A port that is taken is a clear problem, and nothing moves.
  const blocker = createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const taken = (blocker.address() as AddressInfo).port;
  const refused = await call('updateSettings', { settings: { port: taken } });
  assert.match(
    refused.problems[0]?.message ?? '',
    new RegExp(`port: cannot listen: port ${taken} on 127.0.0.1 is in use`),
  );
  blocker.close();

  const free = createServer().listen(0, '127.0.0.1');
  await once(free, 'listening');
  const target = (free.address() as AddressInfo).port;
  await new Promise((resolve) => free.close(resolve));
  const moved = await call('updateSettings', { settings: { port: target } });
  assert.equal(moved.url, `http://127.0.0.1:${target}`);
  const health = await fetch(`http://127.0.0.1:${target}/healthz`);
  assert.equal(health.status, 200);
  const info = JSON.parse(await readFile(serverJson, 'utf8'));
  assert.equal(info.port, target);
  const sessions = await fetch(`http://127.0.0.1:${target}/admin/api/listSessions`, {
    method: 'POST',
    headers: auth,
    body: '{}',
  });
  assert.ok(((await sessions.json()) as { sessions: unknown[] }).sessions.length > 0);
});
