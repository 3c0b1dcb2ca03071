import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DesktopOperation, DesktopOutputs } from '../../contract/desktop-api.ts';
import { initializeRequest, modernRequest } from '../test-support/mcp-requests.ts';
import { startServerProcess } from '../test-support/server-process.ts';

// Every way the server refuses a request is logged with its reason and sender, and the admin API
// (the GUI's "Connection problems") lists them.
const TOKEN = 'refusals-test-token-0123456789';
const server = await startServerProcess(['--token', TOKEN, '--max-body', '2048']);
const { adminToken } = JSON.parse(await readFile(join(server.dataDir, 'server.json'), 'utf8'));

async function admin<K extends DesktopOperation>(operation: K, input: object = {}) {
  const response = await fetch(`${server.url}/admin/api/${operation}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  assert.equal(response.status, 200);
  return (await response.json()) as DesktopOutputs[K];
}

/** A raw HTTP request, so any header (Host included) can be wrong; answers the status. */
function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<number>((resolve, reject) => {
    const req = request(new URL(path, server.url), { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const INITIALIZE = JSON.stringify(initializeRequest());

test('each refusal is logged with its status, cause, reason, request and sender', async () => {
  const ua = { 'user-agent': 'refusal-test/1' };
  const cases: [number, string, () => Promise<number>][] = [
    [401, 'no-token', () => send('POST', '/mcp', { ...ua }, INITIALIZE)],
    [401, 'wrong-token', () => send('POST', '/mcp', { ...ua, authorization: 'Bearer nope' })],
    [403, 'host', () => send('GET', '/mcp', { ...ua, ...auth, host: 'evil.example' })],
    [403, 'origin', () => send('POST', '/mcp', { ...ua, ...auth, origin: 'http://evil.example' })],
    [
      404,
      'unknown-session',
      () => send('POST', '/mcp', { ...ua, ...auth, 'mcp-session-id': 'gone' }, INITIALIZE),
    ],
    [404, 'unknown-session', () => send('POST', '/messages?sessionId=gone', { ...ua, ...auth })],
    [413, 'body-too-large', () => send('POST', '/mcp', { ...ua, ...auth }, 'x'.repeat(4096))],
    [404, 'no-route', () => send('GET', '/v1/mcp', { ...ua, ...auth })],
  ];
  const { refusals: before } = await admin('listRefusals');
  for (const [status, , make] of cases) assert.equal(await make(), status);
  const { refusals } = await admin('listRefusals');
  const fresh = refusals.slice(before.length);
  assert.deepEqual(
    fresh.map((refusal) => [refusal.status, refusal.cause]),
    cases.map(([status, cause]) => [status, cause]),
  );
  for (const refusal of fresh) {
    assert.equal(refusal.userAgent, 'refusal-test/1');
    assert.match(refusal.remoteAddress ?? '', /127\.0\.0\.1/);
    assert.ok(refusal.reason.length > 10);
  }
  const origin = fresh[3];
  assert.equal(origin?.origin, 'http://evil.example');
  assert.equal(origin?.path, '/mcp');
  assert.match(origin?.reason ?? '', /Origin "http:\/\/evil.example" is not allowed/);
  assert.equal(fresh[5]?.path, '/messages?sessionId=gone');
  assert.match(fresh[6]?.reason ?? '', /maxBodyBytes=2048/);
});

test('requests refused while the server is stopped, and broken HTTP, are logged too', async () => {
  await admin('setServerRunning', { running: false });
  try {
    assert.equal(await send('POST', '/mcp', auth, INITIALIZE), 503);
  } finally {
    await admin('setServerRunning', { running: true });
  }
  // Headers over Node's limit are refused by the HTTP parser, before any route.
  const { port } = new URL(server.url);
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.end(`GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.resume();
  });
  const { refusals } = await admin('listRefusals');
  const [stopped, broken] = refusals.slice(-2);
  assert.deepEqual([stopped?.status, stopped?.cause], [503, 'stopped']);
  assert.match(stopped?.reason ?? '', /stopped/);
  assert.deepEqual([broken?.status, broken?.cause], [431, 'bad-http']);
  assert.match(broken?.reason ?? '', /headers exceed/);
});

test('a 2026 request is refused for the same reasons as a 2025 one, each logged with its cause', async () => {
  const modern = modernRequest('tools/list');
  const body = JSON.stringify(modern.body);
  const headers = { ...modern.headers, accept: 'application/json, text/event-stream' };
  const padded = JSON.stringify({ ...modern.body, padding: 'x'.repeat(4096) });
  const settings = (changed: object) => admin('updateSettings', { settings: changed });
  const cases: [number, string, () => Promise<number>][] = [
    [
      401,
      'no-token',
      () => send('POST', '/mcp', { ...headers, 'content-type': 'application/json' }, body),
    ],
    [403, 'host', () => send('POST', '/mcp', { ...headers, ...auth, host: 'evil.example' }, body)],
    [
      403,
      'origin',
      () => send('POST', '/mcp', { ...headers, ...auth, origin: 'http://evil.example' }, body),
    ],
    [413, 'body-too-large', () => send('POST', '/mcp', { ...headers, ...auth }, padded)],
    [
      503,
      'stopped',
      async () => {
        await admin('setServerRunning', { running: false });
        try {
          return await send('POST', '/mcp', { ...headers, ...auth }, body);
        } finally {
          await admin('setServerRunning', { running: true });
        }
      },
    ],
    [
      404,
      'transport-off',
      async () => {
        await settings({ streamableHttp: false });
        try {
          return await send('POST', '/mcp', { ...headers, ...auth }, body);
        } finally {
          await settings({ streamableHttp: true });
        }
      },
    ],
    [
      503,
      'full',
      async () => {
        // A 2025 session fills the one place; a 2026 client would be a second entry.
        const legacy = { ...auth, accept: headers.accept };
        assert.equal(await send('POST', '/mcp', legacy, INITIALIZE), 200);
        await settings({ maxConnections: 1 });
        try {
          return await send('POST', '/mcp', { ...headers, ...auth }, body);
        } finally {
          await settings({ maxConnections: 100 });
        }
      },
    ],
  ];
  const { refusals: before } = await admin('listRefusals');
  for (const [status, cause, make] of cases) assert.equal(await make(), status, cause);
  const { refusals } = await admin('listRefusals');
  assert.deepEqual(
    refusals.slice(before.length).map((refusal) => [refusal.status, refusal.cause]),
    cases.map(([status, cause]) => [status, cause]),
  );
  assert.equal(await send('POST', '/mcp', { ...headers, ...auth }, body), 200);
});
