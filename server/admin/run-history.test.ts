import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { ActiveRun, RunResult } from '../engine/engine-types.ts';
import { dataLayout } from '../store/data-dir.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { RUNS_KEPT, RunHistory, runRecordOf } from './run-history.ts';

function result(session: string, i: number): RunResult {
  return {
    ok: true,
    session,
    heap: `heap-${i}`,
    parent: `heap-${i - 1}`,
    value: String(i),
    console: [],
    cancelledTimers: [],
    durationMs: 1,
  };
}

function active(session: string, i: number): ActiveRun {
  return { id: `run-${i}`, session, code: `${i}`, origin: { kind: 'api' }, startedAt: '' };
}

test("a session's run history stays bounded in memory and on disk, and reads back in order", async () => {
  const layout = dataLayout(await tempDir());
  await mkdir(layout.session('busy'), { recursive: true });
  const history = new RunHistory(layout);
  const total = 2 * RUNS_KEPT + 7;
  // All at once, as the engine's events arrive: each run is kept once, in order.
  await Promise.all(
    Array.from({ length: total }, (_, i) =>
      history.record('busy', runRecordOf(active('busy', i), result('busy', i))),
    ),
  );
  const values = (runs: { value?: string }[]) => runs.map((run) => Number(run.value));
  const newest = Array.from({ length: RUNS_KEPT }, (_, i) => total - RUNS_KEPT + i);
  assert.deepEqual(values(await history.list('busy')), newest);

  const lines = (await readFile(layout.runHistory('busy'), 'utf8')).split('\n');
  assert.ok(lines.length <= 2 * RUNS_KEPT + 1, `the file has ${lines.length} lines`);
  assert.deepEqual(values(await new RunHistory(layout).list('busy')), newest);
});
