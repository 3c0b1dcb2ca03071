import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostAsks } from './host-asks.ts';
import type { ToolCallAsk, WorkerAsk } from './protocol.ts';

const call: ToolCallAsk = {
  type: 'tool-call',
  server: 'github',
  tool: 'search',
  arguments: '{"q":"x"}',
  maxBytes: 1024,
  timeoutMs: 1000,
};

function made() {
  const sent: WorkerAsk[] = [];
  return { sent, asks: new HostAsks((message) => sent.push(message)) };
}

test('each ask is numbered and sent with the run asking, and its reply settles it typed', async () => {
  const { sent, asks } = made();
  const first = asks.ask(7, call, new AbortController().signal);
  const second = asks.ask(
    7,
    { type: 'tool-list', maxBytes: 10, timeoutMs: 5 },
    new AbortController().signal,
  );
  assert.deepEqual(sent, [
    { type: 'ask', ask: 1, run: 7, request: call },
    { type: 'ask', ask: 2, run: 7, request: { type: 'tool-list', maxBytes: 10, timeoutMs: 5 } },
  ]);
  asks.settle({ type: 'reply', ask: 2, ok: true, result: { listing: '[]', bytes: 2 } });
  asks.settle({ type: 'reply', ask: 1, ok: true, result: { result: '{}', bytes: 2 } });
  assert.deepEqual(await first, { result: '{}', bytes: 2 });
  assert.deepEqual(await second, { listing: '[]', bytes: 2 });
});

test('a refused ask rejects with the error the server named', async () => {
  const { asks } = made();
  const asked = asks.ask(1, call, new AbortController().signal);
  asks.settle({
    type: 'reply',
    ask: 1,
    ok: false,
    error: { name: 'Error', message: 'no MCP servers in this engine' },
  });
  await assert.rejects(asked, { name: 'Error', message: 'no MCP servers in this engine' });
});

test('aborting the signal sends ask-cancel, rejects with its reason, and drops the late reply', async () => {
  const { sent, asks } = made();
  const withdraw = new AbortController();
  const asked = asks.ask(3, call, withdraw.signal);
  const reason = new Error('the run timed out');
  withdraw.abort(reason);
  await assert.rejects(asked, (error) => error === reason);
  assert.deepEqual(sent.at(-1), { type: 'ask-cancel', ask: 1 });
  asks.settle({ type: 'reply', ask: 1, ok: true, result: { result: '{}', bytes: 2 } });
  assert.equal(sent.length, 2);
});

test('an ask whose signal is already aborted is never sent', async () => {
  const { sent, asks } = made();
  await assert.rejects(asks.ask(1, call, AbortSignal.abort(new Error('cancelled'))), {
    message: 'cancelled',
  });
  assert.deepEqual(sent, []);
});

test('a reply to an ask never made is ignored', () => {
  const { asks } = made();
  asks.settle({ type: 'reply', ask: 99, ok: true, result: { result: '{}', bytes: 2 } });
});
