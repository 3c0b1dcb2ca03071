import type { EngineErrorCode } from '../engine/engine-error.ts';

/** The HTTP status a refused engine request answers with, on every HTTP route. */
export const ENGINE_ERROR_STATUS: Record<EngineErrorCode, number> = {
  invalid_session_name: 400,
  unknown_session: 404,
  unknown_heap: 404,
  heap_conflict: 409,
  session_exists: 409,
  session_damaged: 409,
  session_busy: 409,
  no_snapshot_to_keep: 409,
  unknown_file: 404,
  invalid_files: 400,
  engine_closed: 503,
};
