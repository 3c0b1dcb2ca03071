import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeapSummary } from '../../../contract/sessions.ts';
import { heapChoices } from './file-heaps.ts';

const heap = (id: string, code: string): HeapSummary => ({
  heap: id.padEnd(64, '0'),
  parent: 'root',
  code,
  time: '2026-12-01T10:00:00.000Z',
  durationMs: 1,
});

test('the current heap comes first, then the others newest first, each with the code that made it', () => {
  const heaps = [
    heap('aaa', 'var n = 1'),
    heap('bbb', `// uploaded ${'x'.repeat(60)}`),
    heap('ccc', 'n++\nn'),
  ];
  const choices = heapChoices(heaps, heaps[2]?.heap as string, new Date('2026-12-08T00:00:00Z'));
  assert.deepEqual(
    choices.map((choice) => [choice.value.slice(0, 3), choice.label.replace(/\d\d:\d\d/, 'HH:MM')]),
    [
      ['', 'Current (ccc0000000)'],
      ['bbb', `bbb0000000 · 2026-12-01 HH:MM · // uploaded ${'x'.repeat(28)}…`],
      ['aaa', 'aaa0000000 · 2026-12-01 HH:MM · var n = 1'],
    ],
  );
});
