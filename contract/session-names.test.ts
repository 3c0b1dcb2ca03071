import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  freshSessionName,
  isUnnamedSession,
  isValidSessionName,
  sessionNameProblem,
} from './session-names.ts';

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

test('a new session is offered the name of the one it starts from, numbered', () => {
  assert.equal(freshSessionName('demo', ['demo']), 'demo-2');
});

test('the number counts on past names already taken, and from a name that has one', () => {
  assert.equal(freshSessionName('demo', ['demo', 'demo-2', 'demo-3']), 'demo-4');
  assert.equal(freshSessionName('demo-7', ['demo-7', 'demo-8']), 'demo-9');
  assert.equal(freshSessionName('2026', []), '2026-2');
});

test('a name offered for a session of the longest name is still a name', () => {
  const offered = freshSessionName('a'.repeat(64), []);
  assert.equal(offered.length, 64);
  assert.ok(isValidSessionName(offered), offered);
});
