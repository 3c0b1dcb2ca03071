import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loggedMessage } from './logged-message-fixture.ts';
import {
  connectionChoices,
  filterMessages,
  NO_FILTER,
  selectionUnder,
  toJsonLines,
} from './message-filter.ts';
import { appendMessages, prependMessages } from './message-store.ts';

const message = loggedMessage;

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

test('a filter that hides the selected message clears the selection; one that shows it keeps it', () => {
  assert.equal(selectionUnder(request, { ...NO_FILTER, direction: 'in' }), request);
  assert.equal(selectionUnder(request, NO_FILTER), request);
  assert.equal(selectionUnder(request, { ...NO_FILTER, connection: 'c2' }), undefined);
  assert.equal(selectionUnder(request, { ...NO_FILTER, errorsOnly: true }), undefined);
  assert.equal(selectionUnder(undefined, NO_FILTER), undefined);
});

test('the connection filter offers closed connections too, named by client, transport and start', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');
  const open = {
    id: 'c1',
    transport: 'stdio' as const,
    client: { name: 'cli', version: '1' },
    connectedAt: now.toISOString(),
    lastActivityAt: now.toISOString(),
    messages: 1,
    state: 'streaming' as const,
  };
  const seen = [
    { id: 'c1', transport: 'stdio' as const, firstAt: now.toISOString() },
    {
      id: 'c2',
      transport: 'sse' as const,
      client: { name: 'inspector', version: '2' },
      firstAt: '2026-11-20T08:30:00.000Z',
    },
  ];
  const choices = connectionChoices([open], seen, now).clients;
  assert.deepEqual(
    choices.map((choice) => choice.id),
    ['c1', 'c2'],
  );
  assert.equal(choices[0]?.label, 'cli (stdio)');
  assert.match(choices[1]?.label ?? '', /^inspector \(sse, 2026-11-20 \d\d:\d\d, closed\)$/);
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

test('a 2026 connection is offered with its era beside its transport; a 2025 one as before', () => {
  const now = new Date('2026-11-23T10:00:00.000Z');
  const modern = {
    id: 'client-1a2b3c4d',
    transport: 'streamable-http' as const,
    era: 'modern' as const,
    client: { name: 'modern-test', version: '1.0.0' },
    connectedAt: now.toISOString(),
    lastActivityAt: now.toISOString(),
    messages: 2,
    state: 'idle' as const,
  };
  const seen = [
    {
      id: 'client-99',
      transport: 'streamable-http' as const,
      era: 'modern' as const,
      firstAt: '2026-11-20T08:30:00.000Z',
    },
    {
      id: 'c2',
      transport: 'sse' as const,
      era: 'legacy' as const,
      firstAt: '2026-11-20T08:30:00.000Z',
    },
  ];
  const labels = connectionChoices([modern], seen, now).clients.map((choice) => choice.label);
  assert.equal(labels[0], 'modern-test (streamable-http, 2026)');
  assert.match(labels[1] ?? '', /^c2 \(sse, 2026-11-20 \d\d:\d\d, closed\)$/);
  assert.match(
    labels[2] ?? '',
    /^client-99 \(streamable-http, 2026, 2026-11-20 \d\d:\d\d, closed\)$/,
  );
});

test("the filter offers the upstream servers' traffic apart, each by its badge, and picks it by its connection", () => {
  const now = new Date('2026-11-23T10:00:00.000Z');
  const toCounting = message({
    connection: 'upstream:counting',
    upstream: 'counting',
    direction: 'out',
  });
  const fromWeb = message({
    connection: 'upstream:web',
    upstream: 'web',
    transport: 'streamable-http',
    kind: 'response',
  });
  const seen = [
    { id: 'c1', transport: 'stdio' as const, firstAt: now.toISOString() },
    {
      id: 'upstream:web',
      transport: 'streamable-http' as const,
      upstream: 'web',
      firstAt: now.toISOString(),
    },
    {
      id: 'upstream:counting',
      transport: 'stdio' as const,
      upstream: 'counting',
      firstAt: now.toISOString(),
    },
  ];
  const choices = connectionChoices([], seen, now);
  assert.deepEqual(
    choices.clients.map((choice) => choice.id),
    ['c1'],
  );
  assert.deepEqual(choices.upstreams, [
    { id: 'upstream:counting', label: 'upstream counting (stdio)' },
    { id: 'upstream:web', label: 'upstream web (streamable-http)' },
  ]);
  assert.deepEqual(
    filterMessages([request, toCounting, fromWeb], {
      ...NO_FILTER,
      connection: 'upstream:counting',
    }),
    [toCounting],
  );
});
