import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeapSummary } from '../../../contract/sessions.ts';
import { heapRows } from './heap-rows.ts';

const heap = (id: string, snapshotBytes?: number): HeapSummary => ({
  heap: id,
  parent: 'root',
  code: `code of ${id}`,
  time: '2026-11-24T10:00:00.000Z',
  durationMs: 1,
  ...(snapshotBytes !== undefined && { snapshotBytes }),
});

test('heaps read newest first, the current one marked, each snapshot saying what happens', () => {
  const rows = heapRows([heap('a'), heap('b', 2048), heap('c')], 'c');
  assert.deepEqual(
    rows.map((row) => [row.heap, row.current, row.snapshot]),
    [
      ['c', true, 'made when idle'],
      ['b', false, 'checkpoint made · 2.0 KiB'],
      ['a', false, 'not needed'],
    ],
  );
  assert.equal(rows[0]?.code, 'code of c');
});

test('a fork back to an older heap marks that heap current', () => {
  const rows = heapRows([heap('a', 10), heap('b')], 'a');
  assert.deepEqual(
    rows.map((row) => [row.heap, row.current, row.snapshot]),
    [
      ['b', false, 'not needed'],
      ['a', true, 'checkpoint made · 10 B'],
    ],
  );
});
