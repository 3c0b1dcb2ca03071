import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { SNAPSHOTS_KEPT_PER_SESSION } from '../store/session-store.ts';
import { startEngine, value } from '../test-support/engine.ts';
import type { Engine } from './engine.ts';

/** A session's listed figures next to what its history shows. */
async function figures(engine: Engine, session: string) {
  const listed = engine.listSessions().find((s) => s.name === session);
  const history = await engine.history(session);
  return {
    listed: [listed?.heaps, listed?.inheritedHeaps, listed?.heapsWithSnapshot],
    history: [history.length, history.filter((heap) => heap.snapshotBytes).length],
  };
}

test("a session's listed heaps and snapshots are the ones its history shows, a fork's too", async () => {
  // No snapshot unless asked for, so that each one is made where the test says.
  const engine = await startEngine({ workers: 1, snapshotIdleMs: 600_000 });
  await value(engine, { session: 'origin', code: 'var a = 1' });
  const { heap } = await engine.run({ session: 'origin', code: 'a += 1' });
  await value(engine, { session: 'fork', heap, code: 'a * 10' });
  await value(engine, { session: 'fork', code: 'a * 100' });
  // Made for the origin after the fork: a heap the fork inherited has a snapshot now.
  await engine.snapshot('origin');
  await value(engine, { session: 'origin', code: 'a += 1' });
  assert.deepEqual(await figures(engine, 'origin'), { listed: [3, 0, 1], history: [3, 1] });
  assert.deepEqual(await figures(engine, 'fork'), { listed: [4, 2, 1], history: [4, 1] });
  // Made for the fork, of its own heap: the origin holds another heap at that place.
  await engine.snapshot('fork');
  assert.deepEqual(await figures(engine, 'origin'), { listed: [3, 0, 1], history: [3, 1] });
  assert.deepEqual(await figures(engine, 'fork'), { listed: [4, 2, 2], history: [4, 2] });
});

test('a session counts only the snapshots pruning kept, as its snapshot folder holds them', async () => {
  const engine = await startEngine({ workers: 1, snapshotIdleMs: 600_000 });
  for (let i = 0; i < SNAPSHOTS_KEPT_PER_SESSION + 2; i++) {
    await value(engine, { session: 'many', code: `var n = ${i}` });
    await engine.snapshot('many');
  }
  const files = (await readdir(engine.layout.snapshots)).filter((file) => file.endsWith('.snap'));
  assert.equal(files.length, SNAPSHOTS_KEPT_PER_SESSION);
  const kept = SNAPSHOTS_KEPT_PER_SESSION;
  const all = SNAPSHOTS_KEPT_PER_SESSION + 2;
  assert.deepEqual(await figures(engine, 'many'), { listed: [all, 0, kept], history: [all, kept] });
});
