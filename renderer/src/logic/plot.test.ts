import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVITY_INTERVAL_MS, countActivity, noActivity } from '../../../contract/run-activity.ts';
import type { RunRecord } from '../../../contract/run-record.ts';
import {
  activityPlot,
  heapPlot,
  PLOT_HEIGHT,
  PLOT_WIDTH,
  plotPoints,
  runTimePlot,
} from './plot.ts';

const run = (durationMs: number, heapBytes?: number): RunRecord => ({
  at: '2026-12-07T10:00:00Z',
  code: 'x',
  ok: heapBytes !== undefined,
  heap: 'h',
  parent: 'p',
  console: [],
  durationMs,
  ...(heapBytes !== undefined && { heapBytes }),
});

test('a line runs across the whole box, its values scaled to the top of the scale', () => {
  assert.equal(
    plotPoints([0, 5, 10], 10),
    `0,${PLOT_HEIGHT} ${PLOT_WIDTH / 2},${PLOT_HEIGHT / 2} ${PLOT_WIDTH},0`,
  );
  // One value is a flat line, not a dot nobody sees.
  assert.equal(plotPoints([5], 10), `0,${PLOT_HEIGHT / 2} ${PLOT_WIDTH},${PLOT_HEIGHT / 2}`);
});

test("a session's heap plot follows its committed runs, and says where it went", () => {
  const plot = heapPlot([run(2, 1024 * 1024), run(3), run(4, 3 * 1024 * 1024)]);
  assert.deepEqual(plot?.series[0]?.values, [1024 * 1024, 3 * 1024 * 1024]);
  assert.equal(plot?.maxLabel, '3.0 MiB');
  assert.equal(
    plot?.summary,
    'Heap size over the last 2 committed runs: 1.0 MiB to 3.0 MiB, at most 3.0 MiB',
  );
  assert.equal(heapPlot([run(3)]), undefined);
});

test("a session's run time plot takes every run, with its median and its longest", () => {
  const plot = runTimePlot([run(2), run(30, 1), run(4, 1)]);
  assert.deepEqual(plot?.series[0]?.values, [2, 30, 4]);
  assert.equal(plot?.summary, 'Run time over the last 3 runs: median 4.00 ms, longest 30 ms');
  assert.equal(runTimePlot([]), undefined);
});

test("the server's activity plot shows runs and failures per second over its window", () => {
  const t0 = Date.parse('2026-12-07T10:00:00Z');
  let activity = noActivity(t0);
  for (let i = 0; i < 20; i++) activity = countActivity(activity, t0, { ok: true });
  activity = countActivity(activity, t0, {
    ok: false,
    error: { code: 'thrown', name: 'Error', message: 'x' },
  });
  const plot = activityPlot(activity);
  const perSecond = 21 / (ACTIVITY_INTERVAL_MS / 1000);
  assert.equal(plot.series[0]?.values.at(-1), perSecond);
  assert.equal(plot.series[1]?.values.at(-1), 1 / (ACTIVITY_INTERVAL_MS / 1000));
  assert.equal(plot.maxLabel, '2.1/s');
  assert.equal(
    plot.summary,
    'Runs over the last 10 minutes: 21 runs, 1 failed; 2.1/s in the last 10 s',
  );
});
