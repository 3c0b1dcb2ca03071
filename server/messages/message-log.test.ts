import assert from 'node:assert/strict';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { MessageLog } from './message-log.ts';

const meta = { connection: 'c1', transport: 'stdio' as const };

test('a response pairs with its request: method and latency', async () => {
  const log = new MessageLog();
  log.record(meta, 'in', { jsonrpc: '2.0', id: 7, method: 'tools/list' });
  log.record(meta, 'out', { jsonrpc: '2.0', method: 'notifications/message', params: {} });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const response = log.record(meta, 'out', { jsonrpc: '2.0', id: 7, result: { tools: [] } });
  assert.equal(response.kind, 'response');
  assert.equal(response.method, 'tools/list');
  assert.ok((response.latencyMs ?? 0) >= 4);
  const error = log.record(meta, 'out', {
    jsonrpc: '2.0',
    id: 8,
    error: { code: -1, message: 'x' },
  });
  assert.equal(error.isError, true);
  assert.deepEqual(
    log.list().map((message) => message.kind),
    ['request', 'notification', 'response', 'response'],
  );
});

test('requests with one id in two exchanges each pair with their own response, and an exchange that ends unanswered is forgotten', () => {
  const log = new MessageLog();
  const request = { jsonrpc: '2.0', id: 1, method: 'tools/call' };
  const response = { jsonrpc: '2.0', id: 1, result: {} };
  log.record(meta, 'in', request, 'a');
  log.record(meta, 'in', { ...request, method: 'tools/list' }, 'b');
  assert.equal(log.record(meta, 'out', response, 'b').method, 'tools/list');
  assert.equal(log.record(meta, 'out', response, 'a').method, 'tools/call');
  // Cancelled by closing its stream: no answer ever comes, and nothing of it is kept waiting.
  log.record(meta, 'in', request, 'c');
  log.forgetConnection(meta.connection, 'c');
  assert.equal(log.record(meta, 'out', response, 'c').latencyMs, undefined);
});

test('the ring keeps the newest messages; big bodies are cut', () => {
  const log = new MessageLog({ capacity: 3, maxBodyBytes: 100 });
  for (let i = 1; i <= 5; i++) log.record(meta, 'in', { jsonrpc: '2.0', method: `m${i}` });
  assert.deepEqual(
    log.list().map((message) => message.method),
    ['m3', 'm4', 'm5'],
  );
  const seqs = log.list().map((message) => message.seq);
  assert.deepEqual(
    log.page({ after: seqs[0] }).messages.map((message) => message.seq),
    seqs.slice(1),
  );
  assert.deepEqual(log.page({ limit: 1 }), { messages: log.list().slice(-1), more: true });
  assert.deepEqual(log.page({ before: seqs[2], limit: 5 }).messages.length, 2);
  const big = log.record(meta, 'in', { jsonrpc: '2.0', method: 'big', params: 'x'.repeat(500) });
  assert.equal(big.truncated, true);
  assert.equal((big.body as string).length, 100);
  assert.ok(big.size > 500);
});

test('files rotate at their size and keep a bounded number', async () => {
  const dir = await tempDir();
  const log = new MessageLog({ dir, maxFileBytes: 1000, maxFiles: 2 });
  for (let i = 0; i < 40; i++) log.record(meta, 'in', { jsonrpc: '2.0', method: `m${i}` });
  await log.flush();
  assert.deepEqual((await readdir(dir)).sort(), [
    'messages.1.jsonl',
    'messages.2.jsonl',
    'messages.jsonl',
  ]);
  const newest = (await readFile(join(dir, 'messages.jsonl'), 'utf8')).trim().split('\n');
  assert.equal(JSON.parse(newest.at(-1) ?? '').method, 'm39');
  for (const line of newest) assert.ok(line.length < 1000);
});

test('memory is bounded by bytes too: the oldest messages go first', () => {
  const log = new MessageLog({ capacity: 1000, maxMemoryBytes: 1000 });
  for (let i = 0; i < 50; i++) {
    log.record(meta, 'in', { jsonrpc: '2.0', method: `m${i}`, params: 'x'.repeat(150) });
  }
  const kept = log.list();
  assert.ok(kept.length < 10 && kept.length > 0, `kept ${kept.length}`);
  assert.equal(kept.at(-1)?.method, 'm49');
  assert.equal(log.size, kept.length);
  log.clear();
  assert.equal(log.size, 0);
});

test('a log opened on the files of an earlier one starts with its newest messages and numbers on', async () => {
  const dir = await tempDir();
  const before = new MessageLog({ dir, maxFileBytes: 600, maxFiles: 5 });
  for (let i = 1; i <= 12; i++)
    before.record(meta, 'in', { jsonrpc: '2.0', id: i, method: `m${i}` });
  await before.flush();
  assert.ok((await readdir(dir)).includes('messages.1.jsonl'), 'the files rotated');
  const after = await MessageLog.open({ dir, capacity: 10, maxFileBytes: 600, maxFiles: 5 });
  assert.deepEqual(
    after.list().map((message) => message.method),
    ['m3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'],
  );
  assert.deepEqual(after.list().at(-1)?.body, { jsonrpc: '2.0', id: 12, method: 'm12' });
  assert.equal(after.record(meta, 'in', { jsonrpc: '2.0', method: 'next' }).seq, 13);
  await after.flush();
});

test('a line torn by a crash is skipped on reading back, and the next line is not swallowed by it', async () => {
  const dir = await tempDir();
  const before = new MessageLog({ dir });
  before.record(meta, 'in', { jsonrpc: '2.0', id: 1, method: 'kept' });
  await before.flush();
  await appendFile(join(dir, 'messages.jsonl'), '{"seq":2,"time":"2026-11-2');
  const after = await MessageLog.open({ dir });
  assert.deepEqual(
    after.list().map((message) => message.method),
    ['kept'],
  );
  after.record(meta, 'in', { jsonrpc: '2.0', id: 2, method: 'written after the crash' });
  await after.flush();
  const again = await MessageLog.open({ dir });
  assert.deepEqual(
    again.list().map((message) => [message.seq, message.method]),
    [
      [1, 'kept'],
      [2, 'written after the crash'],
    ],
  );
});

test('messages cleared stay cleared after a restart, and numbering goes on', async () => {
  const dir = await tempDir();
  const before = new MessageLog({ dir });
  before.record(meta, 'in', { jsonrpc: '2.0', method: 'old' });
  before.record(meta, 'in', { jsonrpc: '2.0', method: 'cleared too' });
  before.clear();
  await before.flush();
  const cleared = await MessageLog.open({ dir });
  assert.equal(cleared.size, 0);
  assert.equal(cleared.record(meta, 'in', { jsonrpc: '2.0', method: 'new' }).seq, 3);
  await cleared.flush();
  const after = await MessageLog.open({ dir });
  assert.deepEqual(
    after.list().map((message) => message.method),
    ['new'],
  );
});

test('a message cut for its size reads back cut, as it was kept', async () => {
  const dir = await tempDir();
  const before = new MessageLog({ dir, maxBodyBytes: 50 });
  const big = before.record(meta, 'out', { jsonrpc: '2.0', id: 1, result: 'y'.repeat(200) });
  await before.flush();
  const after = await MessageLog.open({ dir, maxBodyBytes: 50 });
  assert.deepEqual(after.list(), [big]);
});
