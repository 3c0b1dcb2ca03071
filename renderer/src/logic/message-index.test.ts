import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { loggedMessage } from './logged-message-fixture.ts';
import { MessageIndex } from './message-index.ts';
import { appendMessages, prependMessages } from './message-store.ts';

const message = loggedMessage;

test('a request and its response find each other on their own connection only', () => {
  const request = message({ method: 'tools/call', id: 1 });
  const other = message({ connection: 'c2', method: 'ping', id: 1 });
  const response = message({ direction: 'out', kind: 'response', id: 1 });
  const index = new MessageIndex();
  index.update([request, other, response]);
  assert.equal(index.counterpart(request), response);
  assert.equal(index.counterpart(response), request);
  assert.equal(index.counterpart(other), undefined);
});

test('a request still waiting finds its response once the list grows by it', () => {
  const request = message({ method: 'tools/call', id: 'a' });
  const index = new MessageIndex();
  let list = appendMessages([], [request]);
  index.update(list);
  assert.equal(index.counterpart(request), undefined);
  const response = message({ direction: 'out', kind: 'response', id: 'a' });
  list = appendMessages(list, [response]);
  index.update(list);
  assert.equal(index.counterpart(request), response);
});

test('older messages put before the list are indexed too', () => {
  const request = message({ method: 'tools/call', id: 7 });
  const response = message({ direction: 'out', kind: 'response', id: 7 });
  const index = new MessageIndex();
  let list = appendMessages([], [response]);
  index.update(list);
  list = prependMessages(list, [request]);
  index.update(list);
  assert.equal(index.counterpart(response), request);
});

test('a response pairs with the request before it, not with a later one reusing its id', () => {
  const first = message({ method: 'ping', id: 1 });
  const answer = message({ direction: 'out', kind: 'response', id: 1 });
  const second = message({ method: 'ping', id: 1 });
  const index = new MessageIndex();
  index.update([first, answer, second]);
  assert.equal(index.counterpart(second), undefined);
});

test('the connections seen keep their transport, first time, latest client and era', () => {
  const index = new MessageIndex();
  const list = [
    message({ connection: 'sse-1', transport: 'sse', time: '2026-11-23T09:00:00.000Z' }),
    message({
      connection: 'sse-1',
      transport: 'sse',
      client: { name: 'inspector', version: '2' },
      era: 'legacy',
    }),
    message({ connection: 'c9' }),
  ];
  index.update(list);
  assert.deepEqual(index.connections(), [
    {
      id: 'sse-1',
      transport: 'sse',
      firstAt: '2026-11-23T09:00:00.000Z',
      client: { name: 'inspector', version: '2' },
      era: 'legacy',
    },
    { id: 'c9', transport: 'stdio', firstAt: '2026-11-23T10:00:00.000Z' },
  ]);
  index.update([]);
  assert.deepEqual(index.connections(), [], 'a cleared log forgets them');
});

test('a list at its capacity, dropping its oldest as it grows, still pairs what it keeps', () => {
  const index = new MessageIndex();
  let list: LoggedMessage[] = [];
  const requests: LoggedMessage[] = [];
  for (let id = 0; id < 20; id++) {
    const request = message({ method: 'ping', id });
    requests.push(request);
    list = appendMessages(list, [request], 5);
    index.update(list);
    list = appendMessages(list, [message({ direction: 'out', kind: 'response', id })], 5);
    index.update(list);
  }
  assert.equal(index.counterpart(requests[19] as LoggedMessage), list.at(-1));
  assert.equal(index.counterpart(list.at(-1) as LoggedMessage), requests[19]);
});

test('the sessions seen are those requests name and those responses say their runs went to', () => {
  const named = message({ id: 1, body: { params: { arguments: { session: 'notes' } } } });
  const unnamed = message({ id: 2, body: { params: { arguments: { code: '1' } } } });
  const answer = message({
    direction: 'out',
    kind: 'response',
    id: 2,
    body: { result: { structuredContent: { session: 'session-1a2b' } } },
  });
  const index = new MessageIndex();
  index.update([named, unnamed]);
  assert.deepEqual([...index.sessions()], ['notes']);
  index.update([named, unnamed, answer]);
  assert.deepEqual([...index.sessions()], ['notes', 'session-1a2b']);
});
