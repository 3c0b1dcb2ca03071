import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isExpired, removalTime } from './session-retention.ts';

const HOUR = 3_600_000;
const updatedAt = '2026-01-01T00:00:00.000Z';
const idle = Date.parse(updatedAt);

test('an unnamed session is removed once it has been idle for the retention', () => {
  const session = { name: 'session-0a1b2c3d', updatedAt };
  assert.equal(removalTime(session, 24 * HOUR), idle + 24 * HOUR);
  assert.equal(isExpired(session, 24 * HOUR, idle + 24 * HOUR - 1), false);
  assert.equal(isExpired(session, 24 * HOUR, idle + 24 * HOUR), true);
});

test('a named session is never removed, however long it is idle', () => {
  for (const name of ['notes', 'session-notes', 'session-0a1b2c3d-2', 'my-session-0a1b2c3d']) {
    assert.equal(removalTime({ name, updatedAt }, HOUR), undefined, name);
    assert.equal(isExpired({ name, updatedAt }, HOUR, idle + 1000 * HOUR), false, name);
  }
});

test('a retention of 0 keeps every session', () => {
  const session = { name: 'session-0a1b2c3d', updatedAt };
  assert.equal(removalTime(session, 0), undefined);
  assert.equal(isExpired(session, 0, idle + 1000 * HOUR), false);
});
