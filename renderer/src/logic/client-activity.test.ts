import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActiveRun } from '../../../contract/active-runs.ts';
import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { clientActivity, runsOf } from './client-activity.ts';
import { loggedMessage } from './logged-message-fixture.ts';

const CLIENT = 'client-1a2b3c4d';
const request = (id: number, method: string, params: unknown = {}, connection = CLIENT) =>
  loggedMessage({
    connection,
    transport: 'streamable-http',
    era: 'modern',
    method,
    id,
    body: { jsonrpc: '2.0', id, method, params },
  });
const response = (id: number, result: unknown, change: Partial<LoggedMessage> = {}) =>
  loggedMessage({
    connection: CLIENT,
    transport: 'streamable-http',
    era: 'modern',
    direction: 'out',
    kind: 'response',
    id,
    latencyMs: 12,
    body: { jsonrpc: '2.0', id, result },
    ...change,
  });
const runCall = (id: number, code = '1+1') =>
  request(id, 'tools/call', { name: 'run_js', arguments: { code } });
const runResult = (id: number, session: string) =>
  response(id, { content: [], structuredContent: { ok: true, session, console: [] } });

test("a client's requests come newest first, each with its response, its call, status and latency", () => {
  const log = [
    request(1, 'tools/list'),
    response(1, { tools: [] }),
    runCall(2),
    runResult(2, 'bright-owl'),
  ];
  const { requests } = clientActivity(log, [CLIENT]).get(CLIENT) ?? { requests: [] };
  assert.deepEqual(
    requests.map(({ summary }) => summary),
    [
      { call: 'tools/call run_js', session: 'bright-owl', status: 'ok', latencyMs: 12 },
      { call: 'tools/list', status: 'ok', latencyMs: 12 },
    ],
  );
  assert.equal(requests[0]?.response, log[3]);
});

test('a request not answered yet is pending, and an error answer says which kind', () => {
  const log = [
    runCall(1),
    response(1, undefined, {
      isError: true,
      body: { jsonrpc: '2.0', id: 1, error: { code: -32001 } },
    }),
    runCall(2),
  ];
  const { requests } = clientActivity(log, [CLIENT]).get(CLIENT) ?? { requests: [] };
  assert.deepEqual(
    requests.map(({ summary }) => summary.status),
    ['pending', 'protocol error'],
  );
});

test('requests with the same id pair each with the first response after it', () => {
  // A 2026 client's requests are exchanges of their own: two may carry the same id.
  const log = [runCall(1), runResult(1, 'first'), runCall(1), runResult(1, 'second')];
  const { requests } = clientActivity(log, [CLIENT]).get(CLIENT) ?? { requests: [] };
  assert.deepEqual(
    requests.map(({ request, response }) => [request.seq, response?.seq]),
    [
      [log[2]?.seq, log[3]?.seq],
      [log[0]?.seq, log[1]?.seq],
    ],
  );
});

test('only the newest requests are kept, and the finished runs among all it scanned', () => {
  const log = [runCall(1), runResult(1, 'old-run')];
  for (let id = 2; id < 20; id++) log.push(request(id, 'tools/list'), response(id, { tools: [] }));
  const activity = clientActivity(log, [CLIENT], { requests: 3, finishedRuns: 2 }).get(CLIENT);
  assert.deepEqual(
    activity?.requests.map(({ request }) => request.id),
    [19, 18, 17],
  );
  assert.deepEqual(
    activity?.finishedRuns.map(({ summary }) => summary.session),
    ['old-run'],
  );
});

test('a run still waiting for its answer is not a finished run', () => {
  const activity = clientActivity([runCall(1)], [CLIENT]).get(CLIENT);
  assert.equal(activity?.requests.length, 1);
  assert.deepEqual(activity?.finishedRuns, []);
});

test("another connection's messages are left out, and an entry with none has nothing", () => {
  const log = [request(1, 'tools/list', {}, 'legacy-1'), request(2, 'ping')];
  const activity = clientActivity(log, [CLIENT, 'client-gone']);
  assert.deepEqual(
    activity.get(CLIENT)?.requests.map(({ request }) => request.method),
    ['ping'],
  );
  assert.deepEqual(activity.get('client-gone'), { requests: [], finishedRuns: [] });
});

test("an entry's runs under way are those its requests asked for", () => {
  const run = (id: string, origin: ActiveRun['origin']): ActiveRun => ({
    id,
    session: 's',
    code: '1',
    origin,
    startedAt: '2026-12-07T10:00:00.000Z',
  });
  const runs = [
    run('a', { kind: 'client', connection: CLIENT, requestId: 1 }),
    run('b', { kind: 'client', connection: 'other', requestId: 1 }),
    run('c', { kind: 'window' }),
  ];
  assert.deepEqual(
    runsOf(runs, CLIENT).map(({ id }) => id),
    ['a'],
  );
});
