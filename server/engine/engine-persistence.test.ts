import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { sandboxRuntime } from '../sandbox/runtime-source.ts';
import { SNAPSHOTS_KEPT_PER_SESSION } from '../store/session-store.ts';
import { decodeSnapshot, encodeSnapshot } from '../store/snapshot-file.ts';
import { failure, startEngine, value } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { Engine } from './engine.ts';

// A run that leaves a trace of everything replay must reproduce: random values, clock readings,
// timer order and virtual time.
const TRACE_CODE = `
var trace = trace ?? [];
const start = Date.now();
const order = [];
setTimeout(() => order.push(['b', Date.now() - start, Math.random()]), 20);
setTimeout(() => order.push(['a', Date.now() - start, Math.random()]), 10);
const ticker = setInterval(() => order.push(['i', performance.now()]), 7);
await new Promise((resolve) => setTimeout(resolve, 25));
clearInterval(ticker);
trace.push({ start, random: Math.random(), order, date: new Date().toISOString() });
trace.length`;

test('a value from Math.random() reads the same live, after eviction, after a restart and in a fork', async () => {
  const dataDir = await tempDir();
  const first = await Engine.start({
    dataDir,
    workers: 1,
    cache: { maxIsolates: 1 },
    log: () => {},
  });
  const made = await first.run({ session: 'rand', code: 'var x = Math.random(); x' });
  assert.ok(made.ok);
  assert.equal(await value(first, { session: 'rand', code: 'x' }), made.value);
  // Another session pushes this one's live isolate out of the single-slot cache.
  await value(first, { session: 'other', code: '1' });
  const evicted = await first.run({ session: 'rand', code: 'x' });
  assert.equal(evicted.value, made.value);
  assert.notEqual(evicted.restoredFrom, 'live');
  await first.close();

  const second = await startEngine({ dataDir });
  assert.equal(await value(second, { session: 'rand', code: 'x' }), made.value);
  const fork = await second.fork({ heap: made.heap, session: 'rand-fork' });
  assert.equal(fork.head, made.heap);
  assert.equal(await value(second, { session: 'rand-fork', code: 'x' }), made.value);
});

test('the clock stands still while code runs and timers move it', async () => {
  const engine = await startEngine();
  const session = 'clock';
  const before = Date.now();
  const now = Number(await value(engine, { session, code: 'Date.now()' }));
  assert.ok(now >= before - 5 && now <= Date.now() + 5, 'the clock starts at the wall-clock time');
  assert.equal(
    await value(engine, {
      session,
      code: 'const t = Date.now(), p = performance.now(); for (let i = 0; i < 3e6; i++); [Date.now() - t, performance.now() - p, new Date().getTime() - t]',
    }),
    '[ 0, 0, 0 ]',
  );
  assert.equal(
    await value(engine, {
      session,
      code: `const log = []; const t0 = Date.now();
        setTimeout(() => log.push('b@' + (Date.now() - t0)), 20);
        setTimeout(() => log.push('a@' + (Date.now() - t0)), 10);
        setTimeout(() => log.push('c@' + (Date.now() - t0)), 20);
        setImmediate(() => log.push('now@' + (Date.now() - t0)));
        let ticks = 0; const iv = setInterval(() => ticks++, 4);
        await new Promise((r) => setTimeout(r, 30)); clearInterval(iv);
        [log.join(' '), ticks, Date.now() - t0]`,
    }),
    "[ 'now@0 a@10 b@20 c@20', 7, 30 ]",
  );
});

test('a run starts at the wall clock, or where the previous run left the clock if later; its result says when', async () => {
  const engine = await startEngine();
  const session = 'clock-ahead';
  const HOUR = 3600 * 1000;
  const before = Date.now();
  const first = await engine.run({
    session,
    code: 'const t0 = Date.now(); await new Promise((r) => setTimeout(r, 3600000)); [t0, Date.now()]',
  });
  const [t0, end] = JSON.parse(first.value ?? '') as [number, number];
  assert.ok(t0 >= before && t0 <= Date.now(), 'the first run starts at the wall-clock time');
  assert.equal(first.startTime, new Date(t0).toISOString());
  assert.equal(end, t0 + HOUR);
  // The wall clock is an hour behind where the run left the clock: the next run starts there,
  // never earlier, and says so.
  const next = await engine.run({ session, code: 'Date.now()' });
  assert.equal(Number(next.value), end);
  assert.equal(next.startTime, new Date(end).toISOString());
  // A fork from before the timer starts at the wall clock again; so does a run that failed.
  const fork = await engine.run({ heap: first.parent, code: 'Date.now()' });
  const forkStart = Number(fork.value);
  assert.ok(
    forkStart >= before && forkStart <= Date.now(),
    'a fork of the root is on the wall clock',
  );
  assert.equal(fork.startTime, new Date(forkStart).toISOString());
  const failed = await failure(engine, { session, code: 'throw new Error(String(Date.now()))' });
  assert.equal(failed.error?.message, String(end));
  assert.equal(failed.startTime, new Date(end).toISOString());
});

test('Intl formats the virtual now; nothing depends on the garbage collector', async () => {
  const engine = await startEngine();
  assert.equal(
    await value(engine, {
      session: 'intl',
      // Three weeks of virtual time pass in an instant; the formatted "now" follows them.
      code: `await new Promise((r) => setTimeout(r, 21 * 24 * 3600 * 1000));
        const format = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'short', timeStyle: 'short' });
        [format.format() === format.format(Date.now()),
         JSON.stringify(format.formatToParts()) === JSON.stringify(format.formatToParts(new Date())),
         typeof WeakRef, typeof FinalizationRegistry]`,
    }),
    "[ true, true, 'undefined', 'undefined' ]",
  );
});

test('timers still pending at the end of a run are cancelled and reported', async () => {
  const engine = await startEngine();
  const session = 'pending';
  const result = await engine.run({
    session,
    code: "globalThis.fired = 0; setTimeout(() => fired++, 500); setInterval(() => fired++, 100); 'started'",
  });
  assert.equal(result.ok, true);
  assert.deepEqual(
    result.cancelledTimers.map(({ kind, delay }) => [kind, delay]),
    [
      ['setTimeout', 500],
      ['setInterval', 100],
    ],
  );
  const later = await engine.run({
    session,
    code: 'await new Promise((r) => setTimeout(r, 1000)); fired',
  });
  assert.equal(later.value, '0');
  assert.deepEqual(later.cancelledTimers, []);
});

test('a session restored from its snapshot, from its journal, or past a corrupt snapshot equals the live one', async () => {
  const dataDir = await tempDir();
  const live = await Engine.start({ dataDir, workers: 1, snapshotIdleMs: 50, log: () => {} });
  for (let i = 0; i < 3; i++) await value(live, { session: 'trace', code: TRACE_CODE });
  const expected = await value(live, { session: 'trace', code: 'JSON.stringify(trace)' });
  const made = await live.snapshot('trace');
  assert.ok(made.bytes > 0);
  await live.close();

  const readBack = async () => {
    const engine = await Engine.start({ dataDir, workers: 1, log: () => {} });
    try {
      const result = await engine.run({ session: 'trace', code: 'JSON.stringify(trace)' });
      return { value: result.value, from: result.restoredFrom };
    } finally {
      await engine.close();
    }
  };
  assert.deepEqual(await readBack(), { value: expected, from: 'snapshot' });

  const snapshots = join(dataDir, 'snapshots');
  for (const file of await readdir(snapshots)) {
    const path = join(snapshots, file);
    const bytes = await readFile(path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 0xff, bytes.length - 100);
    await writeFile(path, bytes);
  }
  assert.deepEqual(await readBack(), { value: expected, from: 'replay' });

  await rm(snapshots, { recursive: true });
  assert.deepEqual(await readBack(), { value: expected, from: 'replay' });

  // A snapshot made by another runtime (an app update brought a new V8) is rebuilt too.
  const again = await Engine.start({ dataDir, workers: 1, log: () => {} });
  const remade = await again.snapshot('trace');
  await again.close();
  const path = join(dataDir, 'snapshots', `${remade.heap}.snap`);
  const check = decodeSnapshot(await readFile(path), {
    heap: remade.heap,
    runtime: sandboxRuntime().id,
  });
  assert.ok(check.ok);
  await writeFile(
    path,
    encodeSnapshot(check.blob, { heap: remade.heap, runtime: 'v8 0.0', entries: 0 }),
  );
  assert.deepEqual(await readBack(), { value: expected, from: 'replay' });
});

test('snapshots are made once a session goes idle, and listed in its history', async () => {
  const engine = await startEngine({ snapshotIdleMs: 50 });
  await value(engine, { session: 'idle', code: 'var a = 1' });
  await value(engine, { session: 'idle', code: 'var b = 2' });
  let history = await engine.history('idle');
  await waitUntil(async () => {
    history = await engine.history('idle');
    return history.at(-1)?.snapshotBytes !== undefined;
  }, 'the idle snapshot');
  assert.deepEqual(
    history.map((heap) => heap.code),
    ['var a = 1', 'var b = 2'],
  );
  assert.ok((history.at(-1)?.snapshotBytes ?? 0) > 0, 'the newest heap has a snapshot');
  assert.equal(history[1]?.parent, history[0]?.heap);
});

test('live isolates are evicted by heap bytes too, and snapshotted when evicted', async () => {
  const engine = await startEngine({ workers: 1, cache: { maxIsolates: 100, maxBytes: 1 } });
  const made = await engine.run({ session: 'bytes-a', code: 'var big = "a".repeat(1e6); 1' });
  assert.equal((await engine.run({ session: 'bytes-a', code: 'big.length' })).restoredFrom, 'live');
  const evictedHeap = (await engine.history('bytes-a')).find((heap) => heap.parent === made.heap);
  await value(engine, { session: 'bytes-b', code: '2' });
  const back = await engine.run({ session: 'bytes-a', code: 'big.length' });
  assert.equal(back.value, '1000000');
  assert.notEqual(back.restoredFrom, 'live');
  // Evicting bytes-a made the snapshot of the heap its isolate held.
  const snapshotBytes = async () =>
    (await engine.history('bytes-a')).find((heap) => heap.heap === evictedHeap?.heap)
      ?.snapshotBytes;
  await waitUntil(async () => (await snapshotBytes()) !== undefined, "the evicted heap's snapshot");
  assert.ok(((await snapshotBytes()) ?? 0) > 0);
});

test('each session keeps its newest snapshots; older heaps still restore', async () => {
  const engine = await startEngine();
  const heaps: string[] = [];
  for (let i = 0; i < SNAPSHOTS_KEPT_PER_SESSION + 2; i++) {
    heaps.push((await engine.run({ session: 'long', code: `var step = ${i}` })).heap);
    await engine.snapshot('long');
  }
  const files = await readdir(join(engine.layout.root, 'snapshots'));
  assert.deepEqual(
    files.sort(),
    heaps
      .slice(-SNAPSHOTS_KEPT_PER_SESSION)
      .map((heap) => `${heap}.snap`)
      .sort(),
  );
  assert.equal(await value(engine, { session: 'old', heap: heaps[0], code: 'step' }), '0');
});

test('any heap id starts a fork; a session only goes on from its own head', async () => {
  const engine = await startEngine();
  const one = await engine.run({ session: 'line', code: 'var v = "one"' });
  await value(engine, { session: 'line', code: 'v = "two"' });
  const fork = await engine.run({ session: 'branch', heap: one.heap, code: 'v' });
  assert.equal(fork.value, "'one'");
  assert.equal(await value(engine, { session: 'line', code: 'v' }), "'two'");
  assert.equal(engine.listSessions().find((s) => s.name === 'branch')?.forkedFrom?.heap, one.heap);
  await assert.rejects(engine.run({ session: 'line', heap: one.heap, code: 'v' }), /is at heap/);
  await assert.rejects(engine.fork({ heap: '../../etc' }), /is not a heap id/);
  await assert.rejects(
    engine.run({ session: 'nowhere', heap: 'f'.repeat(32), code: '1' }),
    /no session has heap/,
  );
  await assert.rejects(engine.fork({ heap: one.heap, session: 'line' }), /already exists/);
});

test('a deleted session is gone with its snapshots; the name can start afresh', async () => {
  const engine = await startEngine();
  const made = await engine.run({ session: 'doomed', code: 'var gone = 1' });
  await engine.snapshot('doomed');
  await engine.deleteSession('doomed');
  assert.equal(
    engine.listSessions().some((s) => s.name === 'doomed'),
    false,
  );
  await assert.rejects(engine.history('doomed'), /no session named doomed/);
  await assert.rejects(engine.deleteSession('doomed'), /no session named doomed/);
  const snapshots = await readdir(join(engine.layout.root, 'snapshots'));
  assert.equal(snapshots.includes(`${made.heap}.snap`), false);
  const fresh = await failure(engine, { session: 'doomed', code: 'gone' });
  assert.match(fresh.error?.message ?? '', /gone is not defined/);
});

test('built-ins a run replaced or removed come back the same from a snapshot', async () => {
  const dataDir = await tempDir();
  const code = `Promise.try = () => 'mine'; delete Math.f16round; Error.stackTraceLimit = 2;
    globalThis.WebAssembly = 'no wasm here'; Iterator.prototype[Symbol.dispose] = 'gone';
    var seen = () => [Promise.try(), typeof Math.f16round, Error.stackTraceLimit, WebAssembly,
      Iterator.prototype[Symbol.dispose], typeof RegExp.escape, typeof Float16Array,
      new Error('e').stack.split('\\n').length].join(' ');
    seen()`;
  const live = await Engine.start({ dataDir, workers: 1, log: () => {} });
  const expected = await value(live, { session: 'builtins', code });
  assert.equal(expected, "'mine undefined 2 no wasm here gone undefined undefined 3'");
  await live.snapshot('builtins');
  await live.close();
  const restarted = await Engine.start({ dataDir, workers: 1, log: () => {} });
  try {
    const result = await restarted.run({ session: 'builtins', code: 'seen()' });
    assert.deepEqual([result.value, result.restoredFrom], [expected, 'snapshot']);
  } finally {
    await restarted.close();
  }
});

test('a heap with a frozen built-in cannot be snapshotted, and still restores from its journal', async () => {
  const engine = await startEngine({ workers: 1, cache: { maxIsolates: 1 } });
  await value(engine, { session: 'frozen', code: 'Object.freeze(Math); var kept = 42' });
  await assert.rejects(engine.snapshot('frozen'), /frozen cannot be snapshotted/);
  await value(engine, { session: 'other', code: '1' });
  const result = await engine.run({ session: 'frozen', code: 'kept' });
  assert.deepEqual([result.value, result.restoredFrom], ['42', 'replay']);
});

test('a heap that depends on the stack depth is not snapshotted into another one', async () => {
  // A snapshot replays the journal under other stack and heap limits than a live isolate.
  const engine = await startEngine({ workers: 1, cache: { maxIsolates: 1 } });
  const code = 'var depth = 0; function down() { depth++; down() } try { down() } catch {} depth';
  const made = await value(engine, { session: 'deep', code });
  await assert.rejects(engine.snapshot('deep'), /outcome differs from its live run/);
  await value(engine, { session: 'other', code: '1' });
  const result = await engine.run({ session: 'deep', code: 'depth' });
  assert.deepEqual([result.value, result.restoredFrom], [made, 'replay']);
});
