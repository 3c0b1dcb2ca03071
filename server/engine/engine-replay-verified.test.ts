import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { sandboxRuntime } from '../sandbox/runtime-source.ts';
import { dataLayout } from '../store/data-dir.ts';
import { writeSnapshot } from '../store/snapshot-file.ts';
import { failure, startEngine, value } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { Engine } from './engine.ts';

// An update's runtime: the same prelude and one more global, which a run can tell apart.
const UPDATE = 'globalThis.updatedRuntime = true;';
const HOUR = 3_600_000;

async function engineOn(dataDir: string, options: Parameters<typeof Engine.start>[0] = {}) {
  // No idle snapshots: these tests are about replays, which a snapshot would make unnecessary.
  return Engine.start({ dataDir, workers: 1, log: () => {}, snapshotIdleMs: HOUR, ...options });
}

test('a session whose replay comes out the same restores under another runtime; one whose replay differs is refused, never given another heap', async () => {
  const dataDir = await tempDir();
  const before = await engineOn(dataDir);
  const same = await value(before, {
    session: 'same',
    code: 'var doubled = [1, 2, 3].map((x) => x * 2); doubled.join()',
  });
  const base = await before.run({ session: 'differs', code: 'var base = 40' });
  const seen = await before.run({
    session: 'differs',
    code: 'var seen = typeof updatedRuntime;\nseen',
  });
  assert.ok(base.ok && seen.ok);
  await before.close();

  const journal = await readFile(before.layout.journal('differs'), 'utf8');
  const entries = journal
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    entries.map((entry) => entry.ranUnder),
    [0, 1].map(() => ({ runtime: sandboxRuntime().id, memoryMb: before.limits.memoryMb })),
    'each entry records the runtime and memory limit it ran under',
  );

  const updated = await startEngine({ dataDir, workers: 1, preludeAppendix: UPDATE });
  assert.equal(await value(updated, { session: 'same', code: 'doubled.join()' }), same);

  const refused = await failure(updated, { session: 'differs', code: 'seen' });
  assert.equal(refused.error?.code, 'replay_diverged');
  assert.equal(refused.heap, seen.heap, 'the session stays at its committed head');
  const message = refused.error?.message ?? '';
  for (const part of [
    'differs',
    seen.heap,
    '`var seen = typeof updatedRuntime;`',
    sandboxRuntime().id,
    sandboxRuntime(UPDATE).id,
    `fork a new session from heap ${base.heap}`,
  ]) {
    assert.ok(message.includes(part), `the error names ${part}: ${message}`);
  }
  assert.deepEqual(refused.error?.divergence, {
    heap: seen.heap,
    forkFrom: base.heap,
    ranUnder: { runtime: sandboxRuntime().id, memoryMb: updated.limits.memoryMb },
    replayedUnder: { runtime: sandboxRuntime(UPDATE).id, memoryMb: updated.limits.memoryMb },
  });

  const again = await failure(updated, { session: 'differs', code: '1' });
  assert.equal(again.error?.message, message, 'runs are refused with the same error');
  assert.equal(again.restoredFrom, undefined, 'without replaying again');
  const listed = updated.listSessions().find((session) => session.name === 'differs');
  assert.deepEqual(listed?.diverged, { message, heap: seen.heap, forkFrom: base.heap });

  // Everything that needs no replay stays readable.
  assert.equal((await updated.history('differs')).length, 2);
  assert.equal((await updated.exportHeap(seen.heap)).trim().split('\n').length, 2);
  const fork = await updated.fork({ heap: base.heap, session: 'went-on' });
  assert.equal(fork.diverged, undefined);
  assert.equal(await value(updated, { session: 'went-on', code: 'base + 2' }), '42');
  await updated.close();

  const restarted = await startEngine({ dataDir, workers: 1, preludeAppendix: UPDATE });
  const afterRestart = await failure(restarted, { session: 'differs', code: 'seen' });
  assert.equal(afterRestart.error?.message, message, 'the state is kept across a restart');
  await restarted.close();

  // Back on the runtime it ran under, the same journal replays as it ran.
  const original = await startEngine({ dataDir, workers: 1 });
  assert.equal(await value(original, { session: 'differs', code: 'seen' }), seen.value);
  assert.equal(
    original.listSessions().find((session) => session.name === 'differs')?.diverged,
    undefined,
  );
});

test('a replay that needs more memory than memoryMb now allows says so, and restores once the limit is raised', async () => {
  const dataDir = await tempDir();
  const before = await engineOn(dataDir, { limits: { memoryMb: 256 } });
  const code =
    'var big = []; for (let i = 0; i < 16; i++) big.push(new Array(1e6).fill(i)); big.length';
  assert.equal(await value(before, { session: 'big', code }), '16');
  await before.close();

  const smaller = await startEngine({ dataDir, workers: 1, limits: { memoryMb: 32 } });
  const refused = await failure(smaller, { session: 'big', code: 'big.length' });
  assert.equal(refused.error?.code, 'replay_diverged');
  assert.match(refused.error?.message ?? '', /memoryMb=32.*memoryMb=256/s);
  smaller.setLimits({ memoryMb: 256 });
  assert.equal(await value(smaller, { session: 'big', code: 'big.length' }), '16');
});

test('a diverged session can keep using the snapshot the runtime that ran it made: its heap exactly as it was, going on across restarts and into forks', async () => {
  const dataDir = await tempDir();
  const before = await engineOn(dataDir);
  await value(before, { session: 'kept', code: 'var base = 40' });
  const seen = await before.run({
    session: 'kept',
    code: 'var seen = typeof updatedRuntime; seen',
  });
  assert.ok(seen.ok);
  assert.equal((await before.snapshot('kept')).created, true);
  // A session that holds the kept heap too, so a later fork's chain is found there first.
  await before.fork({ heap: seen.heap, session: 'sibling' });
  await before.close();

  const updated = await startEngine({ dataDir, workers: 1, preludeAppendix: UPDATE });
  await assert.rejects(updated.keepSnapshot('kept'), { code: 'no_snapshot_to_keep' });
  const refused = await failure(updated, { session: 'kept', code: 'seen' });
  const offered = { heap: seen.heap, runtime: sandboxRuntime().id };
  assert.deepEqual(refused.error?.divergence?.snapshot, offered);
  assert.match(refused.error?.message ?? '', /keep using the snapshot of heap/);

  const kept = await updated.keepSnapshot('kept');
  assert.deepEqual(kept.keptSnapshot, offered);
  assert.equal(kept.diverged, undefined);
  const same = await updated.run({ session: 'kept', code: 'seen' });
  assert.equal(same.value, seen.value, 'the heap the old runtime made, not a replay of it');
  assert.equal(same.restoredFrom, 'snapshot');
  const more = await updated.run({ session: 'kept', code: 'var more = base + 2; more' });
  assert.equal(more.value, '42');
  const journal = (await readFile(updated.layout.journal('kept'), 'utf8')).trim().split('\n');
  assert.equal(
    JSON.parse(journal.at(-1) ?? '{}').ranUnder.runtime,
    sandboxRuntime().id,
    'a run on the kept heap records the runtime its heap carries',
  );
  await updated.close();

  const restarted = await startEngine({ dataDir, workers: 1, preludeAppendix: UPDATE });
  assert.equal(await value(restarted, { session: 'kept', code: 'more' }), '42');
  await restarted.fork({ heap: more.heap, session: 'kept-fork' });
  assert.equal(
    await value(restarted, { session: 'kept-fork', code: 'seen + more' }),
    `'undefined42'`,
  );
  await restarted.fork({ heap: seen.heap, session: 'fork-of-sibling' });
  assert.equal(await value(restarted, { session: 'fork-of-sibling', code: 'seen' }), seen.value);
});

test('a kept snapshot another V8 made is never loaded: its heap replays instead', async () => {
  const dataDir = await tempDir();
  const before = await engineOn(dataDir);
  const made = await before.run({ session: 'moved', code: 'var answer = 42; answer' });
  await before.close();
  // As after an update of Node: a kept snapshot's runtime names another V8, and its bytes are
  // not a snapshot this V8 can read (loading them would abort the worker).
  const otherV8 = 'v8 1.0.0; isolated-vm 1.0.0; prelude 0000000000000000';
  const layout = dataLayout(dataDir);
  await writeSnapshot(layout.snapshot(made.heap), new Uint8Array(4096).fill(7), {
    heap: made.heap,
    runtime: otherV8,
    entries: 1,
  });
  const meta = JSON.parse(await readFile(layout.sessionMeta('moved'), 'utf8'));
  const keptSnapshot = { heap: made.heap, runtime: otherV8 };
  await writeFile(layout.sessionMeta('moved'), JSON.stringify({ ...meta, keptSnapshot }));

  const after = await startEngine({ dataDir, workers: 1 });
  assert.deepEqual(after.listSessions()[0]?.keptSnapshot, keptSnapshot);
  const result = await after.run({ session: 'moved', code: 'answer' });
  assert.equal(result.value, '42', JSON.stringify(result.error));
  assert.equal(result.restoredFrom, 'replay');
});
