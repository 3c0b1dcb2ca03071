import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUnnamedSession, isValidSessionName, sessionNameProblem } from './session-names.ts';

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

test('only a name of the form the server gives counts as never named', () => {
  assert.ok(isUnnamedSession('session-0a1b2c3d'));
  for (const name of ['session-', 'session-0A1B2C3D', 'session-0a1b2c3d4', 'notes']) {
    assert.ok(!isUnnamedSession(name), name);
  }
});
