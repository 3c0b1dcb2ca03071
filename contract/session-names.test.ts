import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidSessionName, sessionNameProblem } from './session-names.ts';

test('a session name is one lowercase folder name on every platform', () => {
  for (const name of ['a', 'notes-2', 'x.y_z', 'session-1a2b', 'a'.repeat(64)]) {
    assert.ok(isValidSessionName(name), name);
  }
  for (const name of [
    '',
    'Notes',
    '../etc',
    '-a',
    'a.',
    'con',
    'lpt1.txt',
    'a b',
    'a'.repeat(65),
  ]) {
    assert.ok(!isValidSessionName(name), name);
  }
});

test('a name that cannot be one says what a name may hold', () => {
  assert.equal(sessionNameProblem('ok'), undefined);
  assert.match(
    sessionNameProblem('Not OK') ?? '',
    /^invalid session name "Not OK": use 1-64 lowercase/,
  );
});
