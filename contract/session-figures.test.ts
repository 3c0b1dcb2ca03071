import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sessionFigures } from './session-figures.ts';

test("a session's figures say what they count, a fork's inherited heaps apart", () => {
  assert.equal(
    sessionFigures({ heaps: 21, inheritedHeaps: 8, heapsWithSnapshot: 3 }),
    '21 heaps (8 inherited) · 3 with a snapshot',
  );
  assert.equal(
    sessionFigures({ heaps: 1, inheritedHeaps: 0, heapsWithSnapshot: 0 }),
    '1 heap · 0 with a snapshot',
  );
});
