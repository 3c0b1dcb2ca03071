import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionInfo } from '../../../contract/connections.ts';
import {
  CLOSED_SHOWN,
  clientName,
  stopQuestion,
  withClosed,
  withOpen,
} from './connection-lists.ts';

const connection = (id: string, state: ConnectionInfo['state'] = 'idle'): ConnectionInfo => ({
  id,
  transport: 'sse',
  connectedAt: '2026-01-01T00:00:00.000Z',
  lastActivityAt: '2026-01-01T00:00:00.000Z',
  messages: 0,
  state,
});

test('an updated connection keeps its place in the open list; a new one goes last', () => {
  const open = [connection('a'), connection('b')];
  const updated = withOpen(open, connection('a', 'streaming'));
  assert.deepEqual(
    updated.map((c) => [c.id, c.state]),
    [
      ['a', 'streaming'],
      ['b', 'idle'],
    ],
  );
  assert.deepEqual(
    withOpen(updated, connection('c')).map((c) => c.id),
    ['a', 'b', 'c'],
  );
});

test('a closed connection goes first in the history, once, which keeps the newest only', () => {
  let closed: ConnectionInfo[] = [];
  for (let n = 0; n < CLOSED_SHOWN + 3; n++) closed = withClosed(closed, connection(`c${n}`));
  assert.equal(closed.length, CLOSED_SHOWN);
  assert.equal(closed[0]?.id, `c${CLOSED_SHOWN + 2}`);
  assert.equal(
    withClosed(closed, connection(`c${CLOSED_SHOWN + 2}`, 'closed')).length,
    CLOSED_SHOWN,
  );
});

test('clients are named as they said, and the stop question counts them', () => {
  assert.equal(clientName(connection('a')), 'not initialized');
  assert.equal(
    clientName({ ...connection('a'), client: { name: 'claude-ai', version: '0.1' } }),
    'claude-ai 0.1',
  );
  assert.equal(
    stopQuestion(2),
    '2 clients are connected and will be disconnected. Stop the server?',
  );
  assert.equal(stopQuestion(1), '1 client is connected and will be disconnected. Stop the server?');
});
