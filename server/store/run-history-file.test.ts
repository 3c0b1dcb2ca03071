import assert from 'node:assert/strict';
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { dataLayout } from './data-dir.ts';
import { RUNS_KEPT, RunHistory } from './run-history-file.ts';

/** A run as a recorder might shape it: the history keeps whatever JSON object it is given. */
const run = (i: number) => ({ id: `run-${i}`, code: `${i}`, ok: true, value: String(i) });

test("a session's run history stays bounded in memory and on disk, and reads back in order", async () => {
  const layout = dataLayout(await tempDir());
  await mkdir(layout.session('busy'), { recursive: true });
  const history = new RunHistory(layout);
  const total = 2 * RUNS_KEPT + 7;
  // All at once, as the engine's events arrive: each run is kept once, in order.
  await Promise.all(Array.from({ length: total }, (_, i) => history.record('busy', run(i))));
  const values = (runs: object[]) => runs.map((kept) => Number((kept as { value?: string }).value));
  const newest = Array.from({ length: RUNS_KEPT }, (_, i) => total - RUNS_KEPT + i);
  assert.deepEqual(values(await history.list('busy')), newest);

  const lines = (await readFile(layout.runHistory('busy'), 'utf8')).split('\n');
  assert.ok(lines.length <= 2 * RUNS_KEPT + 1, `the file has ${lines.length} lines`);
  assert.deepEqual(values(await new RunHistory(layout).list('busy')), newest);
});

test('a line a crash tore is skipped and the runs before it read back; the file is owner-only', async () => {
  const layout = dataLayout(await tempDir());
  await mkdir(layout.session('torn'), { recursive: true });
  const history = new RunHistory(layout);
  await history.record('torn', run(1));
  await history.record('torn', run(2));
  await appendFile(layout.runHistory('torn'), '{"id":"run-3","co');
  assert.deepEqual(await new RunHistory(layout).list('torn'), [run(1), run(2)]);
  if (process.platform !== 'win32') {
    assert.equal((await stat(layout.runHistory('torn'))).mode & 0o777, 0o600);
  }
});

test('runs of a session without a folder (a failed first run) are kept in memory only', async () => {
  const layout = dataLayout(await tempDir());
  const history = new RunHistory(layout);
  await history.record('unmade', run(1));
  assert.deepEqual(await history.list('unmade'), [run(1)]);
  history.forget('unmade');
  assert.deepEqual(await history.list('unmade'), []);
});
