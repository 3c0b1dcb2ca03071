import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_UPDATE, nextUpdateState, type UpdateEvent, type UpdateState } from './update-state.ts';

const after = (events: UpdateEvent[], from: UpdateState = NO_UPDATE) =>
  events.reduce(nextUpdateState, from);

test('a check that finds an update goes through checking and downloading to ready', () => {
  const states = [
    { type: 'checking' },
    { type: 'available', version: '0.2.0' },
    { type: 'progress', percent: 42 },
    { type: 'downloaded', version: '0.2.0' },
  ].map((_, index, events) => after(events.slice(0, index + 1) as UpdateEvent[]));
  assert.deepEqual(states, [
    { phase: 'checking' },
    { phase: 'downloading', percent: 0, version: '0.2.0' },
    { phase: 'downloading', percent: 42, version: '0.2.0' },
    { phase: 'ready', version: '0.2.0' },
  ]);
});

test('a downloaded update stays ready whatever else the updater says, until its install fails', () => {
  const ready: UpdateState = { phase: 'ready', version: '0.2.0' };
  assert.equal(after([{ type: 'checking' }, { type: 'not-available' }], ready), ready);
  // No check runs while an update is ready (UpdateChecks): a failure then is the install's.
  assert.deepEqual(after([{ type: 'failed', reason: 'pkexec: not authorized' }], ready), {
    phase: 'failed',
    reason: 'pkexec: not authorized',
  });
});

test('a failure keeps its reason, and the next check starts afresh', () => {
  const failed = after([{ type: 'checking' }, { type: 'failed', reason: 'HttpError: 404' }]);
  assert.deepEqual(failed, { phase: 'failed', reason: 'HttpError: 404' });
  assert.deepEqual(after([{ type: 'checking' }, { type: 'not-available' }], failed), {
    phase: 'up-to-date',
  });
});
