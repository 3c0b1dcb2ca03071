import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEngine, value } from '../test-support/engine.ts';
import { processGone } from '../test-support/processes.ts';
import { waitUntil } from '../test-support/wait-until.ts';

test('sandbox workers start with the first run and exit when idle; sessions live on', async () => {
  const engine = await startEngine({ workers: 2, workerIdleMs: 300, snapshotIdleMs: 10 });
  assert.deepEqual(engine.workerPids(), [], 'an engine at rest runs no sandbox worker');
  await value(engine, { session: 'kept', code: 'var kept = 41' });
  const [pid] = engine.workerPids();
  assert.ok(pid, 'the first run started a worker');
  await waitUntil(() => processGone(pid as number), 'the idle worker to exit');
  assert.deepEqual(engine.workerPids(), [], 'the idle worker exited');
  const again = await engine.run({ session: 'kept', code: 'kept + 1' });
  assert.equal(again.value, '42');
  assert.notEqual(again.restoredFrom, 'live');
});
