import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACTIVITY_INTERVAL_MS,
  ACTIVITY_INTERVALS,
  activityAt,
  countActivity,
  noActivity,
} from './run-activity.ts';

const T0 = Date.parse('2026-12-07T10:00:00Z');
const ok = { ok: true };
const failed = { ok: false, error: { code: 'thrown' as const, name: 'Error', message: 'x' } };
const cancelled = {
  ok: false,
  error: { code: 'cancelled' as const, name: 'Cancelled', message: 'x' },
};

test('runs are counted in the interval they ended in, failures apart, cancels not as failures', () => {
  let activity = noActivity(T0);
  activity = countActivity(activity, T0 + 1, ok);
  activity = countActivity(activity, T0 + 2, failed);
  activity = countActivity(activity, T0 + 3, cancelled);
  assert.equal(activity.runs.length, ACTIVITY_INTERVALS);
  assert.equal(activity.runs.at(-1), 3);
  assert.equal(activity.errors.at(-1), 1);
  assert.equal(activity.newestStart, T0);
});

test('time moves the intervals along: a run later lands in a new interval, older ones drop off', () => {
  let activity = countActivity(noActivity(T0), T0, ok);
  activity = countActivity(activity, T0 + 2 * ACTIVITY_INTERVAL_MS + 5, failed);
  assert.deepEqual(activity.runs.slice(-3), [1, 0, 1]);
  assert.deepEqual(activity.errors.slice(-3), [0, 0, 1]);
  assert.equal(activity.newestStart, T0 + 2 * ACTIVITY_INTERVAL_MS);
  // Read once the whole window has passed, nothing is left.
  const later = activityAt(activity, T0 + (ACTIVITY_INTERVALS + 3) * ACTIVITY_INTERVAL_MS);
  assert.equal(
    later.runs.reduce((a, b) => a + b),
    0,
  );
  assert.equal(later.runs.length, ACTIVITY_INTERVALS);
});

test('reading the activity within its newest interval changes nothing', () => {
  const activity = countActivity(noActivity(T0), T0, ok);
  assert.equal(activityAt(activity, T0 + ACTIVITY_INTERVAL_MS - 1), activity);
});
