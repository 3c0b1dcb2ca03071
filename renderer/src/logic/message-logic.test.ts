import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoggedMessage } from '../../../contract/server-types.ts';
import { counterpart, filterMessages, NO_FILTER, toJsonLines } from './message-filter.ts';
import { appendMessages, prependMessages } from './message-store.ts';

let seq = 0;
const message = (change: Partial<LoggedMessage>): LoggedMessage => ({
  seq: ++seq,
  time: '2026-11-23T10:00:00.000Z',
  connection: 'c1',
  transport: 'stdio',
  direction: 'in',
  kind: 'request',
  size: 10,
  body: {},
  ...change,
});

const request = message({ method: 'tools/call', id: 1, body: { params: { code: 'findMe()' } } });
const response = message({ direction: 'out', kind: 'response', method: 'tools/call', id: 1 });
const failed = message({
  direction: 'out',
  kind: 'response',
  method: 'tools/list',
  id: 2,
  isError: true,
});
const other = message({ connection: 'c2', method: 'ping', id: 1 });
const all = [request, response, failed, other];

test('filters by connection, direction, method, errors and text inside bodies', () => {
  assert.equal(filterMessages(all, NO_FILTER), all);
  assert.deepEqual(filterMessages(all, { ...NO_FILTER, connection: 'c2' }), [other]);
  assert.deepEqual(filterMessages(all, { ...NO_FILTER, direction: 'out' }), [response, failed]);
  assert.deepEqual(filterMessages(all, { ...NO_FILTER, method: 'TOOLS/' }), [
    request,
    response,
    failed,
  ]);
  assert.deepEqual(filterMessages(all, { ...NO_FILTER, errorsOnly: true }), [failed]);
  assert.deepEqual(filterMessages(all, { ...NO_FILTER, text: 'findme' }), [request]);
});

test('a request and its response find each other on their own connection only', () => {
  assert.equal(counterpart(all, request), response);
  assert.equal(counterpart(all, response), request);
  assert.equal(counterpart(all, other), undefined);
});

test('the store appends in order, skips what it has, and keeps the newest within capacity', () => {
  const first = appendMessages([], [request, response]);
  assert.deepEqual(first, [request, response]);
  assert.equal(appendMessages(first, [response]), first, 'nothing new: the same array');
  assert.deepEqual(appendMessages(first, [failed, other], 3), [response, failed, other]);
});

test('older pages go before the current messages, as far as the capacity allows', () => {
  assert.deepEqual(prependMessages([failed, other], [request, response]), all);
  assert.deepEqual(prependMessages([failed, other], [request, response], 3), [
    response,
    failed,
    other,
  ]);
  assert.deepEqual(prependMessages([failed, other], [request], 2), [failed, other]);
});

test('export writes one JSON message per line', () => {
  const lines = toJsonLines([request, response]).trim().split('\n');
  assert.equal(lines.length, 2);
  assert.equal(JSON.parse(lines[0] ?? '').seq, request.seq);
});
