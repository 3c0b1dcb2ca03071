import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JournalEntry } from '../store/journal-entry.ts';
import { runOutcome } from './run-outcome.ts';

const restored = { restoredFrom: 'snapshot', restoreMs: 2 } as const;
const guest = {
  console: [{ level: 'log', text: 'hi' }],
  cancelledTimers: [],
  moreCancelledTimers: 0,
  startTime: Date.UTC(2026, 0, 1),
};

test('a run that ended well answers its report and its entry, its start as ISO time', () => {
  const entry = { heap: 'h2' } as JournalEntry;
  const outcome = runOutcome(restored, [], guest, {
    entry,
    value: '42',
    heapBytes: 100,
  });
  assert.deepEqual(outcome, {
    report: {
      ok: true,
      value: '42',
      heapBytes: 100,
      console: guest.console,
      cancelledTimers: [],
      startTime: '2026-01-01T00:00:00.000Z',
      restoredFrom: 'snapshot',
      restoreMs: 2,
      effects: [],
    },
    entry,
  });
});

test('a failed run answers only its report, with its error and no entry', () => {
  const error = { code: 'restore_failed', name: 'RestoreFailed', message: 'gone' } as const;
  const outcome = runOutcome(restored, [], undefined, { error });
  assert.deepEqual(outcome, {
    report: {
      ok: false,
      error,
      console: [],
      cancelledTimers: [],
      restoredFrom: 'snapshot',
      restoreMs: 2,
      effects: [],
    },
  });
});
