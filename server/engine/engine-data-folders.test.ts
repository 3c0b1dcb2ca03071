import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { startEngine, value } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';

test('a snapshots folder deleted while the server runs is made again by the next snapshot', async () => {
  const dataDir = await tempDir();
  const engine = await startEngine({ dataDir, workers: 1, snapshotIdleMs: 60_000 });
  await value(engine, { session: 'kept', code: 'var a = 1' });
  await rm(join(dataDir, 'snapshots'), { recursive: true, force: true });

  // The heap list reads an empty folder rather than failing.
  assert.deepEqual(
    (await engine.history('kept')).map((heap) => heap.snapshotBytes),
    [undefined],
  );
  const made = await engine.snapshot('kept');
  assert.ok(made.bytes > 0, JSON.stringify(made));
  assert.deepEqual(await readdir(join(dataDir, 'snapshots')), [`${made.heap}.snap`]);
  assert.equal(await value(engine, { session: 'kept', code: 'a + 1' }), '2');
});
