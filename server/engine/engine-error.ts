/** A request the engine cannot take (as opposed to a run that failed). */
export type EngineErrorCode =
  | 'invalid_session_name'
  | 'unknown_session'
  | 'unknown_heap'
  | 'heap_conflict'
  | 'session_exists'
  | 'session_damaged'
  /** Renaming was asked of a session with a run queued or under way. */
  | 'session_busy'
  /** Keeping a snapshot was asked of a session that has none to offer. */
  | 'no_snapshot_to_keep'
  | 'engine_closed';

export class EngineError extends Error {
  override name = 'EngineError';
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
