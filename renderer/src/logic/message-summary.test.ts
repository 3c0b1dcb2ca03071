import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { loggedMessage } from './logged-message-fixture.ts';
import { summarize } from './message-summary.ts';

const message = loggedMessage;

const runRequest = (args: Record<string, unknown>) =>
  message({
    method: 'tools/call',
    id: 3,
    body: {
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'run_js', arguments: args },
    },
  });
const response = (body: object, change: Partial<LoggedMessage> = {}) =>
  message({
    direction: 'out',
    kind: 'response',
    method: 'tools/call',
    id: 3,
    latencyMs: 12.5,
    body: { jsonrpc: '2.0', id: 3, ...body },
    ...change,
  });

test('a run_js call names the tool and its session; the request waits, then takes its answer', () => {
  const request = runRequest({ code: '1 + 1', session: 'work' });
  assert.deepEqual(summarize(request, undefined, true), {
    call: 'tools/call run_js',
    session: 'work',
    status: 'pending',
  });
  const ok = response({ result: { content: [], structuredContent: { session: 'work' } } });
  assert.deepEqual(summarize(request, ok, true), {
    call: 'tools/call run_js',
    session: 'work',
    status: 'ok',
    latencyMs: 12.5,
  });
  assert.deepEqual(summarize(ok, request, true), summarize(request, ok, true));
});

test("a run without a session argument takes its session from the response's result", () => {
  const request = runRequest({ code: '1' });
  const ok = response({ result: { structuredContent: { session: 'conn-a1b2' } } });
  assert.equal(summarize(request, ok, true).session, 'conn-a1b2');
});

test('a tool error (isError) and a protocol error (JSON-RPC error) are told apart', () => {
  const request = runRequest({ code: 'throw 1' });
  const toolError = response({ result: { isError: true, content: [] } }, { isError: true });
  const protocolError = response(
    { error: { code: -32602, message: 'Invalid params' } },
    { isError: true },
  );
  assert.equal(summarize(toolError, request, true).status, 'tool error');
  assert.equal(summarize(protocolError, request, true).status, 'protocol error');
  assert.equal(summarize(request, toolError, true).status, 'tool error');
  const cut = (body: string) =>
    message({ direction: 'out', kind: 'response', isError: true, truncated: true, body });
  assert.equal(
    summarize(cut('{"jsonrpc":"2.0","id":3,"error":{"code'), undefined, true).status,
    'protocol error',
  );
  assert.equal(
    summarize(cut('{"result":{"content":[{"type":"text","text":"error'), undefined, true).status,
    'tool error',
  );
});

test('a request its closed connection never answered says so; notifications have no status', () => {
  assert.equal(summarize(runRequest({ code: '1' }), undefined, false).status, 'no answer');
  const notification = message({
    kind: 'notification',
    method: 'notifications/initialized',
    body: { jsonrpc: '2.0', method: 'notifications/initialized' },
  });
  assert.deepEqual(summarize(notification, undefined, true), { call: 'notifications/initialized' });
});

test('other calls name their resource or prompt', () => {
  const read = message({
    method: 'resources/read',
    id: 4,
    body: { method: 'resources/read', params: { uri: 'file:///a' } },
  });
  assert.equal(summarize(read, undefined, true).call, 'resources/read file:///a');
});
