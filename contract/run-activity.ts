import { z } from 'zod';
import type { RunRecord } from './run-record.ts';

// The server's runs over the last minutes, counted per interval as they end: what the Server
// view plots live. Kept by the admin service in memory (a restart starts it empty), a fixed
// number of intervals, so it never grows.

/** How long one interval is, and how many the window keeps: ten minutes in all. */
export const ACTIVITY_INTERVAL_MS = 10_000;
export const ACTIVITY_INTERVALS = 60;

export const runActivitySchema = z.strictObject({
  intervalMs: z.number(),
  /** When the newest interval started, in ms since the epoch; the others come before it. */
  newestStart: z.number(),
  /** Runs that ended in each interval, oldest first. */
  runs: z.array(z.number()),
  /** Of those, the runs that failed (a cancelled run did what it was asked: not a failure). */
  errors: z.array(z.number()),
});

export type RunActivity = z.infer<typeof runActivitySchema>;

const startOf = (at: number) => at - (at % ACTIVITY_INTERVAL_MS);

/** No runs in the intervals up to `now`. */
export const noActivity = (now: number): RunActivity => ({
  intervalMs: ACTIVITY_INTERVAL_MS,
  newestStart: startOf(now),
  runs: Array(ACTIVITY_INTERVALS).fill(0),
  errors: Array(ACTIVITY_INTERVALS).fill(0),
});

/** `activity` as it reads at `now`: the intervals since its newest are added, empty. */
export function activityAt(activity: RunActivity, now: number): RunActivity {
  const passed = Math.floor((startOf(now) - activity.newestStart) / activity.intervalMs);
  if (passed <= 0) return activity;
  const shift = (counts: number[]) =>
    [...counts, ...Array(Math.min(passed, counts.length)).fill(0)].slice(-counts.length);
  return {
    ...activity,
    newestStart: startOf(now),
    runs: shift(activity.runs),
    errors: shift(activity.errors),
  };
}

/** Whether a run counts as an error in the plot. */
const isFailure = (run: Pick<RunRecord, 'ok' | 'error'>) =>
  !run.ok && run.error?.code !== 'cancelled';

/** `activity` with one more run, ended at `at`. */
export function countActivity(
  activity: RunActivity,
  at: number,
  run: Pick<RunRecord, 'ok' | 'error'>,
): RunActivity {
  const now = activityAt(activity, at);
  const last = now.runs.length - 1;
  const add = (counts: number[], by: number) => counts.map((n, i) => (i === last ? n + by : n));
  return {
    ...now,
    runs: add(now.runs, 1),
    errors: add(now.errors, isFailure(run) ? 1 : 0),
  };
}
