import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { callAdmin } from '../test-support/admin-api.ts';
import { initializeRequest } from '../test-support/mcp-requests.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const TOKEN = 'test-token-0123456789abcdef';
const ALLOWED = 'http://app.example:5173';
const server = await startServerProcess([
  '--cors-origin',
  ALLOWED,
  '--max-body',
  '2048',
  '--max-connections',
  '3',
  '--idle-timeout-ms',
  '1500',
  '--token',
  TOKEN,
]);
const auth = { authorization: `Bearer ${TOKEN}` };

const INITIALIZE = initializeRequest();
const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so any header (Host included) can be wrong. */
function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const rpcError = (answer: Answer) =>
  JSON.parse(answer.body).error as { code: number; message: string };

async function initialize(): Promise<string> {
  const answer = await send(
    'POST',
    '/mcp',
    { ...MCP_HEADERS, ...auth },
    JSON.stringify(INITIALIZE),
  );
  assert.equal(answer.status, 200, answer.body);
  return answer.headers['mcp-session-id'] as string;
}

test('a foreign Host or Origin gets 403 with a JSON-RPC error, on every route', async () => {
  for (const path of ['/mcp', '/sse', '/api/sessions', '/healthz']) {
    const host = await send('GET', path, { ...auth, host: 'evil.example:80' });
    assert.equal(host.status, 403, path);
    assert.match(rpcError(host).message, /Host "evil.example:80"/);
    const origin = await send('GET', path, { ...auth, origin: 'http://evil.example' });
    assert.equal(origin.status, 403, path);
    assert.match(rpcError(origin).message, /Origin "http:\/\/evil.example" is not allowed/);
  }
});

test('CORS answers preflights for configured origins, allows the headers of both eras and exposes Mcp-Session-Id', async () => {
  const preflight = await send('OPTIONS', '/mcp', {
    origin: ALLOWED,
    'access-control-request-method': 'POST',
    'access-control-request-headers':
      'content-type, authorization, mcp-session-id, mcp-method, mcp-name',
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], ALLOWED);
  // A 2026 request names its method and tool in headers too.
  for (const header of ['Mcp-Session-Id', 'Mcp-Protocol-Version', 'Mcp-Method', 'Mcp-Name']) {
    assert.match(String(preflight.headers['access-control-allow-headers']), new RegExp(header));
  }
  const answer = await send(
    'POST',
    '/mcp',
    { ...MCP_HEADERS, ...auth, origin: ALLOWED },
    JSON.stringify(INITIALIZE),
  );
  assert.equal(answer.status, 200);
  assert.equal(answer.headers['access-control-allow-origin'], ALLOWED);
  assert.match(String(answer.headers['access-control-expose-headers']), /Mcp-Session-Id/);
  await send('DELETE', '/mcp', {
    ...auth,
    'mcp-session-id': String(answer.headers['mcp-session-id']),
  });
});

test('without the bearer token: 401 with WWW-Authenticate', async () => {
  const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token' }];
  for (const headers of attempts) {
    const answer = await send(
      'POST',
      '/mcp',
      { ...MCP_HEADERS, ...headers },
      JSON.stringify(INITIALIZE),
    );
    assert.equal(answer.status, 401);
    assert.match(String(answer.headers['www-authenticate']), /^Bearer/);
    assert.match(rpcError(answer).message, /Unauthorized/);
  }
  assert.equal((await send('GET', '/api/sessions', auth)).status, 200);
});

test('an oversized body gets 413, malformed JSON a -32700 parse error', async () => {
  const big = JSON.stringify({ ...INITIALIZE, padding: 'x'.repeat(4096) });
  const tooBig = await send('POST', '/mcp', { ...MCP_HEADERS, ...auth }, big);
  assert.equal(tooBig.status, 413);
  assert.match(rpcError(tooBig).message, /maxBodyBytes=2048/);
  const malformed = await send('POST', '/mcp', { ...MCP_HEADERS, ...auth }, '{"jsonrpc": "2.0", ');
  assert.equal(malformed.status, 400);
  assert.equal(rpcError(malformed).code, -32700);
  const api = await send(
    'POST',
    '/api/exec',
    { 'content-type': 'application/json', ...auth },
    '{"code":',
  );
  assert.equal(api.status, 400);
  assert.equal(JSON.parse(api.body).error.code, 'parse_error');
});

test('unknown sessions get 404, a message without its stream or id a clear 4xx', async () => {
  const unknown = await send(
    'POST',
    '/mcp',
    { ...MCP_HEADERS, ...auth, 'mcp-session-id': 'nope' },
    JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
  );
  assert.equal(unknown.status, 404);
  assert.match(rpcError(unknown).message, /Session not found: nope/);
  const notInitialize = await send(
    'POST',
    '/mcp',
    { ...MCP_HEADERS, ...auth },
    JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
  );
  assert.equal(notInitialize.status, 400);
  assert.match(rpcError(notInitialize).message, /must be initialize/);
  const noStream = await send(
    'POST',
    '/messages?sessionId=nope',
    { 'content-type': 'application/json', ...auth },
    '{}',
  );
  assert.equal(noStream.status, 404);
  assert.match(rpcError(noStream).message, /open GET \/sse first/);
  const noId = await send(
    'POST',
    '/messages',
    { 'content-type': 'application/json', ...auth },
    '{}',
  );
  assert.equal(noId.status, 400);
  const apiUnknown = await send('GET', '/api/sessions/no-such/snapshots', auth);
  assert.equal(apiUnknown.status, 404);
  assert.equal(JSON.parse(apiUnknown.body).error.code, 'unknown_session');
  const badArgs = await send(
    'POST',
    '/api/exec',
    { 'content-type': 'application/json', ...auth },
    '{"code": 5}',
  );
  assert.equal(badArgs.status, 400);
  assert.match(JSON.parse(badArgs.body).error.message, /code/);
});

test('a wrong method gets -32601, wrong params -32602, on a live session', async () => {
  const session = await initialize();
  const headers = {
    ...MCP_HEADERS,
    ...auth,
    'mcp-session-id': session,
    'mcp-protocol-version': '2025-06-18',
  };
  await send(
    'POST',
    '/mcp',
    headers,
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  );
  const method = await send(
    'POST',
    '/mcp',
    headers,
    JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'no/such' }),
  );
  assert.match(method.body, /"code":-32601/);
  const params = await send(
    'POST',
    '/mcp',
    headers,
    JSON.stringify({
      jsonrpc: '2.0',
      id: 4,
      method: 'tools/call',
      params: { name: 'run_js', arguments: { code: 7 } },
    }),
  );
  assert.match(params.body, /-32602|Input validation error/);
  await send('DELETE', '/mcp', headers);
});

test('connections over the cap get 503; idle ones are swept', async () => {
  const sessions = [await initialize(), await initialize(), await initialize()];
  const refused = await send(
    'POST',
    '/mcp',
    { ...MCP_HEADERS, ...auth },
    JSON.stringify(INITIALIZE),
  );
  assert.equal(refused.status, 503);
  assert.match(rpcError(refused).message, /limit of 3 connections/);
  // The other clients are still served meanwhile.
  assert.equal((await send('GET', '/healthz')).status, 200);
  // The three are the only connections: the sweep closes them all after the idle timeout.
  await waitUntil(
    async () => (await callAdmin(server, 'listConnections')).connections.length === 0,
    'the idle connections to be swept',
  );
  const swept = await send(
    'POST',
    '/mcp',
    { ...MCP_HEADERS, ...auth, 'mcp-session-id': sessions[0] as string },
    JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list' }),
  );
  assert.equal(swept.status, 404);
  assert.equal(
    (await send('POST', '/mcp', { ...MCP_HEADERS, ...auth }, JSON.stringify(INITIALIZE))).status,
    200,
  );
});

/** Opens a legacy SSE stream and returns its POST path (from the endpoint event) and a closer. */
function openSse(): Promise<{ endpoint: string; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/sse', server.url), { headers: auth }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
        const found = /event: endpoint\ndata: (\S+)/.exec(text);
        if (found) resolve({ endpoint: found[1] as string, close: () => req.destroy() });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const isJsonRpcError = (answer: Answer, status: number, message: RegExp) => {
  assert.equal(answer.status, status, answer.body);
  assert.match(String(answer.headers['content-type']), /^application\/json/);
  assert.equal(JSON.parse(answer.body).jsonrpc, '2.0');
  assert.match(rpcError(answer).message, message);
};

test('every error answer is JSON: bad legacy messages, an empty batch, oversized headers', async () => {
  const sse = await openSse();
  try {
    const json = { 'content-type': 'application/json', ...auth };
    isJsonRpcError(
      await send('POST', sse.endpoint, json, '{"hello": "world"}'),
      400,
      /Invalid Request: not a JSON-RPC message/,
    );
    isJsonRpcError(
      await send('POST', sse.endpoint, json, JSON.stringify([INITIALIZE])),
      400,
      /one JSON-RPC message per POST, not a batch/,
    );
    isJsonRpcError(
      await send('POST', sse.endpoint, { 'content-type': 'text/plain', ...auth }, 'hi'),
      415,
      /Unsupported Media Type/,
    );
    const good = await send('POST', sse.endpoint, json, JSON.stringify(INITIALIZE));
    assert.equal(good.status, 202, 'a valid message still goes through');
  } finally {
    sse.close();
  }
  isJsonRpcError(
    await send('POST', '/mcp', { ...MCP_HEADERS, ...auth }, '[]'),
    400,
    /the batch is empty/,
  );
  isJsonRpcError(
    await send('GET', '/healthz', { 'x-padding': 'a'.repeat(20 * 1024) }),
    431,
    /Request Header Fields Too Large: the headers exceed \d+ bytes/,
  );
  const afterwards = await send('GET', '/healthz');
  assert.equal(afterwards.status, 200, 'the server still answers');
});
