import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshSessionName } from './session-names.ts';

test('a new session is offered the name of the one it starts from, numbered', () => {
  assert.equal(freshSessionName('demo', ['demo']), 'demo-2');
});

test('the number counts on past names already taken, and from a name that has one', () => {
  assert.equal(freshSessionName('demo', ['demo', 'demo-2', 'demo-3']), 'demo-4');
  assert.equal(freshSessionName('demo-7', ['demo-7', 'demo-8']), 'demo-9');
});

test('a name that is only a number stays whole', () => {
  assert.equal(freshSessionName('-5', []), '-5-6');
  assert.equal(freshSessionName('2026', []), '2026-2');
});
