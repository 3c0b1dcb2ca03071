import assert from 'node:assert/strict';
import { test } from 'node:test';
import ivm from 'isolated-vm';
import type { RunProgress } from '../../contract/active-runs.ts';
import { runtimeIsolate } from '../test-support/runtime-isolate.ts';
import {
  beginStep,
  CONNECT_PROGRESS,
  nextStep,
  replCalls,
  runKey,
  scriptStep,
} from './guest-calls.ts';
import { progressBuffer, readProgress, watchProgress } from './run-progress.ts';

// progress() in a real isolate restored from the runtime's snapshot, read by the host side as the
// worker reads it: no worker, no engine.
const { isolate, context, call } = runtimeIsolate(10_000);
const connect = (buffer: SharedArrayBuffer) =>
  context.evalClosure(CONNECT_PROGRESS.code, [new ivm.ExternalCopy(buffer).copyInto()], {
    filename: CONNECT_PROGRESS.filename,
  });

test('progress() before the host connects a heap (a replay, a snapshot being made) does nothing', async () => {
  assert.equal(await call({ code: 'progress(1, 2, "unseen")', filename: 't' }), undefined);
  const buffer = progressBuffer();
  await connect(buffer);
  assert.deepEqual(readProgress(buffer), { seq: 0 });
});

test('the host reads the newest value whole, the message cut to 200 characters', async () => {
  const buffer = progressBuffer();
  await connect(buffer);
  await call({ code: 'progress(2, 9, "é".repeat(300)); progress(4)', filename: 't' });
  assert.deepEqual(readProgress(buffer)?.progress, { done: 4 });
  await call({ code: 'progress(5, 9, "é".repeat(300))', filename: 't' });
  assert.deepEqual(readProgress(buffer)?.progress, { done: 5, total: 9, message: 'é'.repeat(200) });
});

test('a watch sends nothing from before it began, at most one value per interval, and the last when stopped', async () => {
  const buffer = progressBuffer();
  await connect(buffer);
  await call({ code: 'progress(99, 100, "before")', filename: 't' });
  const sent: RunProgress[] = [];
  const intervalMs = 20;
  const started = performance.now();
  const watch = watchProgress(buffer, (progress) => sent.push(progress), intervalMs);
  await call({
    code: 'for (let i = 1; i <= 3e6; i++) progress(i, 3e6, "working")',
    filename: 't',
  });
  const elapsed = performance.now() - started;
  watch.stop();
  assert.ok(sent.length <= Math.ceil(elapsed / intervalMs) + 1, `${sent.length} in ${elapsed} ms`);
  assert.ok(!sent.some((progress) => progress.message === 'before'));
  assert.deepEqual(sent.at(-1), { done: 3e6, total: 3e6, message: 'working' });
  const values = sent.map((progress) => progress.done);
  assert.deepEqual(
    values,
    [...values].sort((a, b) => a - b),
    'each read is newer than the last',
  );
});

test('a write cut off in the middle (its isolate disposed) is never read, and a watch still stops', () => {
  const buffer = progressBuffer();
  // What a guest stopped between its two sequence steps leaves: an odd sequence number.
  Atomics.store(new Int32Array(buffer), 0, 1);
  assert.equal(readProgress(buffer), undefined);
  const sent: RunProgress[] = [];
  watchProgress(buffer, (progress) => sent.push(progress)).stop();
  assert.deepEqual(sent, []);
});

test('only the host connects, and only between runs', async () => {
  const key = runKey();
  const entry = {
    seed: 1,
    time: 0,
    output: 65536,
    script: replCalls.body('await new Promise((resolve) => setTimeout(resolve, 1))'),
  };
  await call(beginStep(entry, key));
  await call(scriptStep(entry));
  await assert.rejects(connect(progressBuffer()), /a run is in progress/);
  while ((await call(nextStep(key))) === 1);
  await connect(progressBuffer());
});
