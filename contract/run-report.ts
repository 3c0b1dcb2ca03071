import { z } from 'zod';
import { effectSummarySchema } from './effect-kinds.ts';
import { runErrorSchema } from './run-errors.ts';
import { runFilesSchema } from './session-files.ts';

// A run's report, defined once: the sandbox worker produces its part, the engine adds what only
// it knows (the session, the heap it is at, the parent, the time end to end), and every answer
// about a run (the MCP result, the text for the model, the run history, the window's) is a
// projection of it.

export const consoleLineSchema = z.strictObject({
  level: z.string().describe('log, info, debug, warn, error or trace'),
  text: z.string(),
});

export const cancelledTimerSchema = z.strictObject({
  id: z.number(),
  kind: z.string(),
  delay: z.number(),
  dueIn: z.number(),
});

export type ConsoleLine = z.infer<typeof consoleLineSchema>;
export type CancelledTimer = z.infer<typeof cancelledTimerSchema>;

export const runReportSchema = z.strictObject({
  ok: z.boolean(),
  session: z.string(),
  heap: z.string().describe('The heap after the run: new when it committed, unchanged if not'),
  parent: z.string(),
  value: z
    .string()
    .optional()
    .describe("The run's completion value (its last statement's, as in a REPL), rendered"),
  error: runErrorSchema.optional(),
  console: z.array(consoleLineSchema),
  cancelledTimers: z.array(cancelledTimerSchema),
  moreCancelledTimers: z
    .number()
    .optional()
    .describe('Pending timers not listed in cancelledTimers: listing them would pass outputBytes'),
  startTime: z
    .string()
    .optional()
    .describe(
      "The run's start on the session's virtual clock (what Date.now() reads until a timer moves it): the wall-clock time, or where the previous run left the clock if that is later",
    ),
  /** From the engine taking the run to its answer, restoring the heap included. */
  durationMs: z.number(),
  /** Where the session's heap came from: its live isolate, a snapshot, or a journal replay. */
  restoredFrom: z.enum(['live', 'snapshot', 'replay']).optional(),
  /** Time spent restoring the heap before the code ran (part of durationMs). */
  restoreMs: z.number().optional(),
  /** The heap's size in use after a committed run, against the memory limit. */
  heapBytes: z.number().optional(),
  /** What the run asked the host for, committed or not, in order. */
  effects: z.array(effectSummarySchema),
  /** What a committed run did to the session's files, and what it showed (absent: neither). */
  files: runFilesSchema.optional(),
});

export type RunReport = z.infer<typeof runReportSchema>;

/**
 * The sandbox worker's part of a report: all but where the run leaves the session and its time
 * end to end, which the engine adds.
 */
export type SandboxReport = Omit<RunReport, 'session' | 'heap' | 'parent' | 'durationMs'> &
  Required<Pick<RunReport, 'restoredFrom' | 'restoreMs'>>;

/** Durations are reported to the microsecond: rounded here, once, when the engine ends a report. */
export const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;
