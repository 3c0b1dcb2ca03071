import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { MessageLog } from '../messages/message-log.ts';
import { TappedTransport } from './tapped-transport.ts';
import { launchOf, secretMask } from './upstream-config.ts';

/** A transport that keeps what is sent and hands on what a test says arrived. */
class FakeTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly sent: JSONRPCMessage[] = [];
  start = async () => undefined;
  close = async () => this.onclose?.();
  send = async (message: JSONRPCMessage) => {
    this.sent.push(message);
  };
}

test('both directions are logged as the upstream’s, secrets masked, and pass on unchanged', async () => {
  const secret = 'tok"en-with-quote';
  const log = new MessageLog();
  const inner = new FakeTransport();
  const launch = launchOf({ command: 'x', env: { TOKEN: secret } });
  const meta = { connection: 'upstream:gh', transport: 'stdio' as const, upstream: 'gh' };
  const tapped = new TappedTransport(inner, log, meta, secretMask(launch, 'log'));
  const received: JSONRPCMessage[] = [];
  tapped.onmessage = (message) => received.push(message);
  const request = { jsonrpc: '2.0' as const, id: 1, method: 'tools/call', params: { t: secret } };
  await tapped.send(request);
  const answer = { jsonrpc: '2.0' as const, id: 1, result: { echoed: secret } };
  inner.onmessage?.(answer);
  assert.deepEqual(inner.sent, [request]);
  assert.deepEqual(received, [answer]);
  const logged = log.list();
  assert.deepEqual(
    logged.map((m) => [m.direction, m.kind, m.upstream, m.connection]),
    [
      ['out', 'request', 'gh', 'upstream:gh'],
      ['in', 'response', 'gh', 'upstream:gh'],
    ],
  );
  assert.equal(logged[1]?.method, 'tools/call');
  assert.ok(!JSON.stringify(logged).includes('tok'));
  assert.deepEqual(logged[1]?.body, { jsonrpc: '2.0', id: 1, result: { echoed: '••••••••' } });
});
