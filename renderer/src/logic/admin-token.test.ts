import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenInHash } from './admin-token.ts';

test("the admin token is read from the address's fragment", () => {
  assert.equal(tokenInHash('#token=abc-DEF_1'), 'abc-DEF_1');
  assert.equal(tokenInHash('#other=1&token=x'), 'x');
  assert.equal(tokenInHash(''), undefined);
  assert.equal(tokenInHash('#token='), undefined);
});
