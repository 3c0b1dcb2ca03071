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
  /** A file path that names no file of the heap (or a folder where a file was asked). */
  | 'unknown_file'
  /** Files given to a run or an upload that a path rule or a file limit refuses. */
  | 'invalid_files'
  | 'engine_closed';

export class EngineError extends Error {
  override name = 'EngineError';
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
