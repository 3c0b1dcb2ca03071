import { z } from 'zod';
import { type ActiveRun, runOriginSchema } from './active-runs.ts';
import { effectFields, effectFieldsShape } from './effect-kinds.ts';
import { runErrorSchema } from './run-errors.ts';
import { consoleLineSchema, type RunReport } from './run-report.ts';
import { runFilesSchema } from './session-files.ts';

/** One run as the GUI shows it in a session's timeline, committed or not. */
export const runRecordSchema = z.strictObject({
  /** The run's id while it was active (ActiveRun.id); absent in runs recorded before it existed. */
  id: z.string().optional(),
  at: z.string(),
  code: z.string(),
  origin: runOriginSchema.optional(),
  ok: z.boolean(),
  /** The heap the run made, or the one it left unchanged. */
  heap: z.string(),
  parent: z.string(),
  value: z.string().optional(),
  error: runErrorSchema.optional(),
  console: z.array(consoleLineSchema),
  durationMs: z.number(),
  /** The heap's size in use after a committed run. */
  heapBytes: z.number().optional(),
  /** Its effects by kind (never a request's headers, so never a secret). */
  ...effectFieldsShape,
  /** What it did to the session's files and what it showed (display()), read by heap and path. */
  files: runFilesSchema.optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;

/** One ended run as the history keeps it: its report, with who asked and when. */
export function runRecordOf(active: ActiveRun, report: RunReport): RunRecord {
  return {
    id: active.id,
    at: active.startedAt,
    code: active.code,
    origin: active.origin,
    ok: report.ok,
    heap: report.heap,
    parent: report.parent,
    ...(report.value !== undefined && { value: report.value }),
    ...(report.error && { error: report.error }),
    console: report.console,
    durationMs: report.durationMs,
    ...(report.heapBytes !== undefined && { heapBytes: report.heapBytes }),
    ...effectFields(report.effects),
    ...(report.files && { files: report.files }),
  };
}
