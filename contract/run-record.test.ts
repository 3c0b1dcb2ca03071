import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectFields } from './effect-kinds.ts';
import { runRecordOf, runRecordSchema } from './run-record.ts';
import type { RunReport } from './run-report.ts';

const active = {
  id: 'r1',
  session: 's',
  code: 'await fetch(u)',
  origin: { kind: 'window' },
  startedAt: '2026-01-01T00:00:00.000Z',
} as const;

const report: RunReport = {
  ok: false,
  session: 's',
  heap: 'h1',
  parent: 'h1',
  error: { code: 'thrown', name: 'TypeError', message: 'x', stack: 'TypeError: x\n    at <run>' },
  console: [{ level: 'log', text: 'hi' }],
  cancelledTimers: [],
  durationMs: 12.5,
  restoredFrom: 'live',
  restoreMs: 0,
  effects: [
    { kind: 'import', specifier: 'lodash', ms: 3, error: 'refused' },
    { kind: 'fetch', method: 'GET', url: 'https://a.test/', status: 200, bytes: 2, ms: 4 },
  ],
};

test("a run's history record keeps its error's stack and lists its effects by kind", () => {
  const record = runRecordOf(active, report);
  assert.equal(record.error?.stack, 'TypeError: x\n    at <run>');
  assert.deepEqual(record.requests, [
    { method: 'GET', url: 'https://a.test/', status: 200, bytes: 2, ms: 4 },
  ]);
  assert.deepEqual(record.packages, [{ specifier: 'lodash', ms: 3, error: 'refused' }]);
  assert.equal(record.durationMs, 12.5);
  assert.deepEqual(runRecordSchema.parse(record), record);
});

test('a kind the run had no effect of is left out of the lists, not listed empty', () => {
  assert.deepEqual(effectFields([]), {});
  const record = runRecordOf(active, { ...report, effects: [] });
  assert.equal('requests' in record || 'packages' in record, false);
});
