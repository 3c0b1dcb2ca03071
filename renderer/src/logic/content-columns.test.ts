import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentColumns } from './content-columns.ts';

// Seven pixels a letter in a cell, eight in a heading.
const measure = {
  cell: (text: string) => text.length * 7,
  heading: (text: string) => text.length * 8,
};

test('a column is as wide as its widest text or its heading, whichever is wider', () => {
  assert.deepEqual(
    contentColumns(
      [
        { heading: 'Kind', texts: ['→ request', '← notification'] },
        { heading: 'Latency', texts: ['12 ms'] },
      ],
      measure,
    ),
    { template: `${14 * 7 + 1}px ${7 * 8 + 1}px`, width: 14 * 7 + 1 + 7 * 8 + 1 },
  );
});

test('the flexible column takes what is left, and a yielding column gives way down to its heading when room is short', () => {
  assert.deepEqual(
    contentColumns(
      [
        { heading: 'Call', texts: [], flexible: { min: 120, wants: 200 } },
        { heading: 'Client', texts: ['a client with a name forty letters long.'], yields: true },
      ],
      measure,
    ),
    {
      template: `minmax(120px, 1fr) minmax(${6 * 8 + 1}px, ${40 * 7 + 1}px)`,
      width: 200 + 40 * 7 + 1,
    },
  );
});
