import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callAdmin } from '../test-support/admin-api.ts';
import { MODERN_VERSION, modernRequest } from '../test-support/mcp-requests.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const server = await startServerProcess(['--idle-timeout-ms', '1500']);

const JSON_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/** Sends a 2026 request, with `change` applied to its headers and body first. */
async function send(
  request: ReturnType<typeof modernRequest>,
  change: (headers: Record<string, string>) => Record<string, string> = (headers) => headers,
) {
  const response = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: change({ ...JSON_HEADERS, ...request.headers }),
    body: JSON.stringify(request.body),
  });
  return { response, body: (await response.json()) as Record<string, any> };
}

const refusalsSince = async (seq: number) =>
  (await callAdmin(server, 'listRefusals')).refusals.filter((refusal) => refusal.seq > seq);
const lastRefusal = async () =>
  (await callAdmin(server, 'listRefusals')).refusals.reduce((n, r) => Math.max(n, r.seq), 0);

test('a 2026 request is answered without a session: server/discover names 2026-07-28, and tools/list carries its result type and cache hints', async () => {
  const discover = await send(modernRequest('server/discover'));
  assert.equal(discover.response.status, 200);
  assert.equal(discover.response.headers.get('mcp-session-id'), null);
  assert.ok(discover.body.result.supportedVersions.includes(MODERN_VERSION));
  const listed = await send(modernRequest('tools/list', {}, { id: 2 }));
  assert.equal(listed.response.headers.get('mcp-session-id'), null);
  assert.equal(listed.body.result.resultType, 'complete');
  assert.deepEqual([listed.body.result.ttlMs, listed.body.result.cacheScope], [60_000, 'public']);
  assert.deepEqual(listed.body.result.tools.map((tool: { name: string }) => tool.name).sort(), [
    'list_files',
    'list_mcp_tools',
    'list_session_snapshots',
    'list_sessions',
    'read_file',
    'run_js',
  ]);
});

test('a 2026 request naming a version the server does not speak gets -32022 with the versions it does, logged as refused', async () => {
  const since = await lastRefusal();
  const future = await send(modernRequest('tools/list', {}, { version: '2099-01-01' }));
  assert.equal(future.response.status, 400);
  assert.equal(future.body.error.code, -32022);
  assert.ok(future.body.error.data.supported.includes(MODERN_VERSION));
  const [refused] = await refusalsSince(since);
  assert.deepEqual([refused?.status, refused?.cause], [400, 'unsupported-version']);
});

test('a 2026 request whose headers disagree with its body gets -32020, logged as refused', async () => {
  const since = await lastRefusal();
  const lying = await send(
    modernRequest('tools/call', { name: 'run_js', arguments: { code: '1' } }),
    (headers) => ({ ...headers, 'mcp-name': 'list_sessions' }),
  );
  assert.equal(lying.response.status, 400);
  assert.equal(lying.body.error.code, -32020);
  const missing = await send(modernRequest('tools/list'), ({ 'mcp-method': _, ...rest }) => rest);
  assert.equal(missing.body.error.code, -32020);
  const refused = await refusalsSince(since);
  assert.deepEqual(
    refused.map((refusal) => refusal.cause),
    ['bad-mcp-request', 'bad-mcp-request'],
  );
});

test('a 2026 client is one entry in the window for all its requests, in its era, and goes when idle like a connection', async () => {
  // The same id three times at once, as separate clients of one name may send.
  await Promise.all(
    [1, 2, 3].map(() => send(modernRequest('tools/list', {}, { id: 7, client: 'seen-twice' }))),
  );
  const seen = (await callAdmin(server, 'listConnections')).connections.filter(
    (connection) => connection.client?.name === 'seen-twice',
  );
  assert.equal(seen.length, 1);
  assert.deepEqual(
    [seen[0]?.era, seen[0]?.protocolVersion, seen[0]?.transport, seen[0]?.messages],
    ['modern', MODERN_VERSION, 'streamable-http', 6],
  );
  const messages = (await callAdmin(server, 'listMessages')).messages.filter(
    (message) => message.connection === seen[0]?.id,
  );
  assert.equal(messages.length, 6);
  assert.ok(messages.every((message) => message.era === 'modern'));
  // Each response is paired with its own request, though all three have the same id.
  assert.ok(messages.filter((m) => m.kind === 'response').every((m) => m.latencyMs !== undefined));
  await waitUntil(
    async () =>
      (await callAdmin(server, 'listConnections')).closed.some(
        (closed) => closed.id === seen[0]?.id,
      ),
    'the idle client to be forgotten',
  );
});

test('disconnecting a 2026 client in the window answers its request in flight with an error and cancels the run', async () => {
  const session = 'modern-disconnected';
  const call = send(
    modernRequest(
      'tools/call',
      {
        name: 'run_js',
        arguments: { session, code: 'for (;;) {}' },
      },
      { client: 'to-disconnect' },
    ),
  );
  let active: { id: string } | undefined;
  await waitUntil(async () => {
    active = (await callAdmin(server, 'listActiveRuns')).runs.find(
      (run) => run.session === session,
    );
    return active !== undefined;
  }, 'the run to start');
  const client = (await callAdmin(server, 'listConnections')).connections.find(
    (connection) => connection.client?.name === 'to-disconnect',
  );
  assert.ok(client);
  assert.deepEqual(await callAdmin(server, 'disconnect', { id: client.id }), {
    disconnected: true,
  });
  const answered = await call;
  assert.match(answered.body.error.message, /MCP Isolate closed the connection: disconnected/);
  await waitUntil(
    async () => (await callAdmin(server, 'listRuns', { session })).runs.length === 1,
    'the run to end',
  );
  const [run] = (await callAdmin(server, 'listRuns', { session })).runs;
  assert.equal(run?.error?.code, 'cancelled');
});

test('the tasks extension is not served: a 2026 tasks/list is answered as a method not found', async () => {
  const tasks = await send(modernRequest('tasks/list', {}, { id: 9 }));
  assert.equal(tasks.body.error.code, -32601);
});

test('a 2026 subscription stream is ended when its client is disconnected, and its request is logged', async () => {
  const listen = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...modernRequest('subscriptions/listen').headers },
    body: JSON.stringify(
      modernRequest(
        'subscriptions/listen',
        { notifications: { toolsListChanged: true } },
        { client: 'listener' },
      ).body,
    ),
  });
  assert.equal(listen.status, 200);
  const reader = (listen.body as ReadableStream<Uint8Array>).getReader();
  assert.match(new TextDecoder().decode((await reader.read()).value), /acknowledged/);
  const client = (await callAdmin(server, 'listConnections')).connections.find(
    (connection) => connection.client?.name === 'listener',
  );
  assert.equal(client?.state, 'streaming');
  const logged = (await callAdmin(server, 'listMessages')).messages.filter(
    (message) => message.connection === client?.id,
  );
  assert.deepEqual(
    logged.map((message) => [message.direction, message.method, message.era]),
    [['in', 'subscriptions/listen', 'modern']],
  );
  await callAdmin(server, 'disconnect', { id: client?.id ?? '' });
  // The stream is cut: the read settles rather than waiting for ever.
  const drain = async () => {
    while (!(await reader.read()).done);
  };
  await drain().catch(() => undefined);
  assert.equal(
    (await callAdmin(server, 'listConnections')).connections.some((c) => c.id === client?.id),
    false,
  );
});

test('2026 requests the SDK refuses take no place among the connections', async () => {
  for (const name of ['refused-1', 'refused-2', 'refused-3']) {
    const refused = await send(
      modernRequest('tools/list', {}, { client: name, version: '2099-01-01' }),
    );
    assert.equal(refused.response.status, 400);
  }
  const { connections } = await callAdmin(server, 'listConnections');
  assert.deepEqual(
    connections.filter((connection) => connection.client?.name.startsWith('refused-')),
    [],
  );
});

test('what a 2026 client sent is clipped in the refusal log, and an unknown method or a cancelled call is no refusal', async () => {
  const since = await lastRefusal();
  const long = modernRequest('tools/list', {}, { version: `2099-${'9'.repeat(5000)}` });
  const refused = await send(long, ({ 'mcp-protocol-version': _, ...rest }) => rest);
  assert.equal(refused.body.error.code, -32022);
  await send(modernRequest('no/such-method', {}, { id: 4 }));
  const abort = new AbortController();
  const run = modernRequest('tools/call', {
    name: 'run_js',
    arguments: { session: 'abandoned', code: 'for (;;) {}' },
  });
  const call = fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...run.headers },
    body: JSON.stringify(run.body),
    signal: abort.signal,
  }).catch(() => undefined);
  await waitUntil(
    async () =>
      (await callAdmin(server, 'listActiveRuns')).runs.some((r) => r.session === 'abandoned'),
    'the run to start',
  );
  abort.abort();
  await call;
  await waitUntil(
    async () => (await callAdmin(server, 'listRuns', { session: 'abandoned' })).runs.length === 1,
    'the run to be cancelled',
  );
  const refusals = await refusalsSince(since);
  assert.deepEqual(
    refusals.map((refusal) => refusal.cause),
    ['unsupported-version'],
  );
  assert.ok((refusals[0]?.reason.length ?? 0) <= 300);
});
