import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedText, UPSTREAM_TEXT_BYTES } from './bounded-text.ts';

test('a text within the bound is kept whole', () => {
  assert.equal(boundedText('short'), 'short');
  const full = 'é'.repeat(UPSTREAM_TEXT_BYTES / 2);
  assert.equal(boundedText(full), full);
});

test('a longer text is cut to the bound and says how many bytes it had', () => {
  assert.equal(boundedText('E'.repeat(900_000)), `${'E'.repeat(1024)}… (900000 bytes)`);
  assert.equal(boundedText('abcdef', 4), 'abcd… (6 bytes)');
});

test('a cut never splits a character', () => {
  // 'é' is 2 bytes and '😀' 4: a cut at 5 bytes keeps two é, at 3 none of the emoji's halves.
  assert.equal(boundedText('ééé', 5), 'éé… (6 bytes)');
  assert.equal(boundedText('a😀😀', 3), 'a… (9 bytes)');
});
