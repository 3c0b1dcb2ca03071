import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunErrorCode } from './run-errors.ts';
import type { RunRecord } from './run-record.ts';
import { NO_RUNS, statsOf } from './run-stats.ts';

const run = (fields: Partial<RunRecord>): RunRecord => ({
  at: '',
  code: '',
  ok: true,
  heap: 'h',
  parent: 'p',
  console: [],
  durationMs: 1,
  ...fields,
});
const failed = (code: RunErrorCode) =>
  run({ ok: false, error: { code, name: code, message: code }, durationMs: 5 });

test('run figures count timeouts, memory errors and cancels, and keep the newest heap size', () => {
  assert.deepEqual(statsOf([]), NO_RUNS);
  const stats = statsOf([
    run({ heapBytes: 100 }),
    failed('timeout'),
    failed('memory_limit'),
    failed('cancelled'),
    run({ heapBytes: 300, durationMs: 2 }),
    failed('thrown'),
  ]);
  assert.deepEqual(stats, {
    attempts: 6,
    timeouts: 1,
    memoryErrors: 1,
    cancelled: 1,
    lastRunMs: 5,
    // A failed run leaves the heap as the last committed one made it.
    heapBytes: 300,
  });
});
