// A session's run history as the admin API shows it; the session store keeps it (on disk in the
// session's folder: store/run-history-file.ts).

import { copyEffectFields, type EffectFields } from '../../contract/effect-kinds.ts';
import type { ActiveRun, RunOrigin, RunResult } from '../engine/engine-types.ts';

/**
 * One run as the GUI shows it in a session's timeline, committed or not; its effects under each
 * kind's field (fetches never with their headers, so never a secret).
 */
export interface RunRecord extends EffectFields {
  /** The run's id while it was active (ActiveRun.id); absent in runs recorded before it existed. */
  id?: string;
  at: string;
  code: string;
  origin?: RunOrigin;
  ok: boolean;
  /** The heap the run made, or the one it left unchanged. */
  heap: string;
  parent: string;
  value?: string;
  error?: { code: string; name: string; message: string };
  console: { level: string; text: string }[];
  durationMs: number;
  /** The heap's size in use after a committed run. */
  heapBytes?: number;
}

/** One ended run as the history keeps it. */
export function runRecordOf(active: ActiveRun, result: RunResult): RunRecord {
  return {
    id: active.id,
    at: active.startedAt,
    code: active.code,
    origin: active.origin,
    ok: result.ok,
    heap: result.heap,
    parent: result.parent,
    ...(result.value !== undefined && { value: result.value }),
    ...(result.error && {
      error: { code: result.error.code, name: result.error.name, message: result.error.message },
    }),
    console: result.console,
    durationMs: Math.round(result.durationMs * 1000) / 1000,
    ...(result.heapBytes !== undefined && { heapBytes: result.heapBytes }),
    ...copyEffectFields(result),
  };
}
