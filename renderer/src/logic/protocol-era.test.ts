import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionInfo } from '../../../contract/connections.ts';
import { endAction, eraText, isClientSeen, MESSAGE_ERA, stateMeaning } from './protocol-era.ts';

const entry = (change: Partial<ConnectionInfo>): ConnectionInfo => ({
  id: 'c1',
  transport: 'streamable-http',
  client: { name: 'modern-test', version: '1.0.0' },
  connectedAt: '2026-12-07T10:00:00.000Z',
  lastActivityAt: '2026-12-07T10:00:00.000Z',
  messages: 2,
  state: 'idle',
  ...change,
});
const modernHttp = entry({ id: 'client-1a2b3c4d', era: 'modern', protocolVersion: '2026-07-28' });
const legacyHttp = entry({ era: 'legacy', protocolVersion: '2025-11-25', session: 'quiet-fox' });

test('a 2026 client over HTTP is a client seen, and a 2026 stdio process or a 2025 connection is not', () => {
  assert.equal(isClientSeen(modernHttp), true);
  assert.equal(isClientSeen({ ...modernHttp, transport: 'stdio' }), false);
  assert.equal(isClientSeen(legacyHttp), false);
  assert.equal(isClientSeen(entry({})), false);
});

test('a 2025 connection reads as a session of its revision', () => {
  assert.equal(eraText(legacyHttp)?.label, 'MCP 2025-11-25 session');
  assert.equal(
    eraText({ ...legacyHttp, protocolVersion: '2025-06-18' })?.label,
    'MCP 2025-06-18 session',
  );
  assert.match(eraText(legacyHttp)?.meaning ?? '', /initialize/);
});

test('a 2026 client over HTTP reads as no connection, its requests, and says why it has no session', () => {
  const text = eraText(modernHttp);
  assert.equal(text?.label, 'MCP 2026-07-28 · no connection (requests)');
  assert.match(text?.meaning ?? '', /no connection or session/);
  assert.match(text?.meaning ?? '', /forgotten after the idle timeout/);
});

test('a 2026 stdio process is a connection without a session', () => {
  const text = eraText({ ...modernHttp, transport: 'stdio' });
  assert.equal(text?.label, 'MCP 2026-07-28 · no session');
  assert.match(text?.meaning ?? '', /starts a new session/);
});

test("an era without a revision names the era's own revision", () => {
  assert.equal(
    eraText(entry({ era: 'modern' }))?.label,
    'MCP 2026-07-28 · no connection (requests)',
  );
  assert.equal(
    eraText(entry({ era: 'legacy', transport: 'sse' }))?.label,
    'MCP 2025-11-25 session',
  );
});

test('an entry of no known era names its revision as before, or nothing', () => {
  assert.deepEqual(eraText(entry({ protocolVersion: '2025-11-25' })), { label: 'MCP 2025-11-25' });
  assert.equal(eraText(entry({})), undefined);
});

test('a client seen is streaming while a request of it is answered, not while a stream is open', () => {
  assert.match(stateMeaning({ ...modernHttp, state: 'streaming' }), /requests is being answered/);
  assert.match(stateMeaning(modernHttp), /forgotten after the idle timeout/);
  assert.match(stateMeaning({ ...legacyHttp, state: 'streaming' }), /stream to the client is open/);
});

test('ending a client seen is Forget, which ends its requests in flight; a 2025 connection is disconnected as before', () => {
  const forget = endAction(modernHttp);
  assert.equal(forget.text, 'Forget');
  assert.equal(forget.label, 'Forget modern-test 1.0.0: end its requests in flight');
  assert.match(forget.meaning, /each gets an error/);
  assert.match(forget.meaning, /next request makes a new entry/);
  const disconnect = endAction({ ...legacyHttp, transport: 'sse' });
  assert.equal(disconnect.text, 'Disconnect');
  assert.equal(disconnect.label, 'Disconnect modern-test 1.0.0 (sse)');
});

test("a message's era is a year badge and a sentence naming its revision", () => {
  assert.equal(MESSAGE_ERA.legacy.badge, '2025');
  assert.equal(MESSAGE_ERA.modern.badge, '2026');
  assert.match(MESSAGE_ERA.modern.words, /2026-07-28/);
  assert.match(MESSAGE_ERA.legacy.words, /2025-11-25/);
});
