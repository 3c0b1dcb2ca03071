import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunProgress } from '../../contract/active-runs.ts';
import { PROGRESS_INTERVAL_MS } from '../sandbox/run-progress.ts';
import { startEngine, value } from '../test-support/engine.ts';
import type { EngineEvent } from './engine-types.ts';

// One worker and one live isolate: a second session pushes the first out, so it restores.
// Snapshots wait long enough that a restore replays the journal.
const engine = await startEngine({
  workers: 1,
  cache: { maxIsolates: 1 },
  snapshotIdleMs: 600_000,
  limits: { timeoutMs: 60_000 },
});

/** Runs `code`, and the progress it reported, as the caller and the engine's events saw it. */
async function runWithProgress(session: string, code: string) {
  const heard: RunProgress[] = [];
  const events: RunProgress[] = [];
  const off = engine.subscribe((event: EngineEvent) => {
    if (event.type === 'run-progress' && event.run.session === session && event.run.progress) {
      events.push(event.run.progress);
    }
  });
  const result = await engine.run(
    { session, code },
    { onProgress: (progress) => heard.push(progress) },
  );
  off();
  return { result, heard, events };
}

test('a run reports its progress, and the last one arrives before its result', async () => {
  const { result, heard, events } = await runWithProgress(
    'progress-basic',
    'progress(0, 3, "starting"); progress(3, 3); "done"',
  );
  assert.equal(result.value, "'done'");
  // Both calls came within one interval: the newest is what arrives.
  assert.deepEqual(heard.at(-1), { done: 3, total: 3 });
  assert.deepEqual(events, heard, 'the active run shows what the caller hears');
});

test('a run that calls progress() a million times sends no more than one event per interval', async () => {
  const { result, heard } = await runWithProgress(
    'progress-million',
    'for (let i = 1; i <= 1e6; i++) progress(i, 1e6, "counting"); progress.length',
  );
  assert.equal(result.ok, true, JSON.stringify(result.error));
  const bound = Math.ceil(result.durationMs / PROGRESS_INTERVAL_MS) + 1;
  assert.ok(heard.length >= 1 && heard.length <= bound, `${heard.length} events, bound ${bound}`);
  assert.deepEqual(heard.at(-1), { done: 1e6, total: 1e6, message: 'counting' });
});

test('progress() refuses anything but finite counts >= 0 and a string, and calls no getter', async () => {
  const rejected = await value(engine, {
    session: 'progress-args',
    code: `
      let valueOfCalled = false;
      const hostile = { valueOf() { valueOfCalled = true; return 1; }, toString() { valueOfCalled = true; return '1'; } };
      const tries = [
        () => progress(-1), () => progress(NaN), () => progress(Infinity), () => progress('1'),
        () => progress(hostile), () => progress(new Number(1)), () => progress(1, -2),
        () => progress(1, Infinity), () => progress(1, 2, hostile), () => progress(1, 2, 3),
        () => progress(),
      ];
      const names = tries.map((t) => { try { t(); return 'accepted'; } catch (e) { return e instanceof TypeError ? e.message : 'other'; } });
      [valueOfCalled, new Set(names).size, names[0], names[6], names[9]]`,
  });
  assert.equal(
    rejected?.replace(/\s+/g, ' '),
    "[ false, 3, 'progress(): done must be a finite number >= 0', 'progress(): total must be a finite number >= 0, or undefined', 'progress(): message must be a string, or undefined' ]",
  );
});

test('a guest that poisons the built-ins still reports progress, its message cut to 200 characters', async () => {
  const { result, heard } = await runWithProgress(
    'progress-hostile',
    `
      Atomics.add = () => { throw new Error('poisoned'); };
      Object.defineProperty(Object.prototype, 'done', { get() { throw new Error('poisoned'); } });
      String.prototype.slice = () => 'poisoned';
      String.prototype.charCodeAt = () => 0;
      globalThis.TypeError = class {};
      [progress(5, 10, 'x'.repeat(1000)), progress(6, 10, 'y'.repeat(300))]`,
  );
  assert.equal(result.value, '[ undefined, undefined ]');
  assert.deepEqual(heard.at(-1), { done: 6, total: 10, message: 'y'.repeat(200) });
});

test('progress is output only: a restore that replays runs which reported it reports none', async () => {
  const session = 'progress-replayed';
  const first = await runWithProgress(session, 'var n = 0; progress(1, 2, "first"); n = 1');
  assert.deepEqual(first.heard.at(-1), { done: 1, total: 2, message: 'first' });
  // Another session takes the only live isolate: the next run restores by replaying the first.
  await value(engine, { session: 'progress-other', code: '1' });
  const again = await runWithProgress(session, 'n + 1');
  assert.equal(again.result.value, '2');
  assert.equal(again.result.restoredFrom, 'replay');
  assert.deepEqual(again.heard, [], 'the replayed progress() call was not reported');
  // And the live heap after the restore reports its own runs' progress again.
  const third = await runWithProgress(session, 'progress(7); n');
  assert.deepEqual(third.heard, [{ done: 7 }]);
});

test('a run stopped by its timeout in the middle of progress() answers timeout, and the next run goes on', async () => {
  engine.setLimits({ timeoutMs: 300 });
  try {
    const result = await engine.run({
      session: 'progress-timeout',
      code: 'for (let i = 0; ; i++) progress(i, undefined, `spinning ${i}`)',
    });
    assert.equal(result.error?.code, 'timeout');
  } finally {
    engine.setLimits({ timeoutMs: 60_000 });
  }
  assert.equal(await value(engine, { session: 'progress-timeout', code: '1' }), '1');
});
