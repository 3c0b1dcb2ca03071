import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunRecord } from '../../../contract/run-record.ts';
import { withRunsFromHere } from './run-list.ts';

const run = (id: string): RunRecord => ({
  id,
  at: '2026-12-07T10:00:00Z',
  code: id,
  ok: true,
  heap: id,
  parent: 'p',
  console: [],
  durationMs: 1,
});

test('a run from the editor shows at the end until the list has it, and then once', () => {
  assert.deepEqual(
    withRunsFromHere([run('a')], [run('b')]).map((r) => r.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    withRunsFromHere([run('a'), run('b')], [run('b')]).map((r) => r.id),
    ['a', 'b'],
  );
});
