import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visibleText } from './visible-text.ts';

test('bidi overrides, zero widths and control characters in a name are written out, the rest kept', () => {
  assert.equal(visibleText('\u202Egnp.exe'), '\\u202Egnp.exe');
  assert.equal(
    visibleText('a\u200Bb\u2066c\u0000d\ne\u2028'),
    'a\\u200Bb\\u2066c\\u0000d\\u000Ae\\u2028',
  );
  assert.equal(visibleText('résumé 日本 😀.txt'), 'résumé 日本 😀.txt');
});
