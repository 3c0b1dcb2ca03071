import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loggedMessage } from './logged-message-fixture.ts';
import { clientText, directionText, eraBadge, messageColumns } from './message-columns.ts';
import { MessageIndex } from './message-index.ts';

test('the message columns hold what the log saw (sessions, clients, times) and every kind and status', () => {
  const messages = [
    loggedMessage({
      time: '2026-11-20T08:30:00.000Z',
      client: { name: 'inspector', version: '1' },
    }),
    loggedMessage({
      connection: 'c2',
      id: 1,
      body: { params: { arguments: { session: 'notes' } } },
    }),
    loggedMessage({ connection: 'upstream:counting', upstream: 'counting', direction: 'out' }),
  ];
  const index = new MessageIndex();
  index.update(messages);
  const columns = messageColumns(messages, index);
  const texts = Object.fromEntries(columns.map((column) => [column.heading, [...column.texts]]));
  assert.deepEqual(Object.keys(texts), [
    'Time',
    'Kind',
    'Call',
    'Session',
    'Status',
    'Latency',
    'Era',
    'Client',
  ]);
  // The oldest message is of another day: its time reads with the date.
  assert.match(texts.Time?.[0] ?? '', /^2026-11-20 \d\d:\d\d$/);
  assert.ok(texts.Kind?.includes('← notification'));
  assert.ok(texts.Status?.includes('protocol error'));
  assert.deepEqual(texts.Latency, ['999 µs', '9.9 ms', '999 ms', '59.9 s']);
  assert.deepEqual(texts.Session, ['notes']);
  assert.deepEqual(texts.Era, ['2025', '2026']);
  assert.deepEqual(texts.Client, ['inspector', 'c2', 'upstream counting']);
  assert.ok(columns.find((column) => column.heading === 'Call')?.flexible);
});

test("a message's era reads as its revision's year, and a message of no known era shows none", () => {
  assert.equal(eraBadge('legacy'), '2025');
  assert.equal(eraBadge('modern'), '2026');
  assert.equal(eraBadge(undefined), '');
});

test("an upstream server's message names it by its badge, and says it went between it and this server", () => {
  const out = loggedMessage({
    connection: 'upstream:counting',
    upstream: 'counting',
    direction: 'out',
  });
  assert.equal(clientText(out), 'upstream counting');
  assert.equal(directionText(out), 'this server → counting');
  assert.equal(directionText({ ...out, direction: 'in' }), 'counting → this server');
  const fromClient = loggedMessage({ client: { name: 'cli', version: '1' } });
  assert.equal(clientText(fromClient), 'cli');
  assert.equal(clientText(loggedMessage({ connection: 'c9' })), 'c9');
  assert.equal(directionText(fromClient), 'client → server');
  assert.equal(directionText({ ...fromClient, direction: 'out' }), 'server → client');
});
