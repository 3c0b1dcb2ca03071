import { z } from 'zod';
import type { RunRecord } from './run-record.ts';

/** Figures over a set of runs (a session's, or the whole server's), as the GUI shows them. */
export const runStatsSchema = z.strictObject({
  /** Runs that ended, committed or not (failed, timed out, cancelled): not heaps. */
  attempts: z.number(),
  timeouts: z.number(),
  memoryErrors: z.number(),
  cancelled: z.number(),
  lastRunMs: z.number().optional(),
  /** The heap in use after the newest committed run (the server: summed over its sessions). */
  heapBytes: z.number().optional(),
});

export type RunStats = z.infer<typeof runStatsSchema>;

export const NO_RUNS: RunStats = { attempts: 0, timeouts: 0, memoryErrors: 0, cancelled: 0 };

/** `stats` with one more run, the newest. */
export function countRun(stats: RunStats, run: RunRecord): RunStats {
  const code = run.error?.code;
  return {
    attempts: stats.attempts + 1,
    timeouts: stats.timeouts + (code === 'timeout' ? 1 : 0),
    memoryErrors: stats.memoryErrors + (code === 'memory_limit' ? 1 : 0),
    cancelled: stats.cancelled + (code === 'cancelled' ? 1 : 0),
    lastRunMs: run.durationMs,
    ...((run.heapBytes ?? stats.heapBytes) !== undefined && {
      heapBytes: run.heapBytes ?? stats.heapBytes,
    }),
  };
}

/** The figures of `runs`, oldest first. */
export const statsOf = (runs: RunRecord[]): RunStats => runs.reduce(countRun, NO_RUNS);
