import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** What a failed write means, in words a person can act on (the clients' config writes add theirs). */
export const WRITE_FAILURE_CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EIO: 'the disk reported an input/output error',
  EFBIG: 'the file is too large for the file system',
};

/** A write that failed, said as what it means, with the file: what a person can act on. */
function writeFailure(error: unknown, path: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const cause = (code && WRITE_FAILURE_CAUSES[code]) ?? (error as Error).message;
  return new Error(`${cause}${code ? ` (${code})` : ''}: cannot write ${path}`, { cause: error });
}

/**
 * Flags that open a file for appending with each write on the disk when it returns (O_DSYNC): one
 * call per append instead of a write and then an fsync. Undefined where there is no O_DSYNC
 * (Windows); there, the file is opened with 'a' and synced after writing.
 */
export const SYNCED_APPEND =
  constants.O_DSYNC === undefined
    ? undefined
    : constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC;

/**
 * Writes every byte of `data` and flushes it to the disk (unless `file` was opened with
 * SYNCED_APPEND, whose writes are). A write on a full disk is cut short without an error (only
 * the next one says ENOSPC), so one `write()` is never taken for all.
 */
export async function writeAllAndSync(
  file: FileHandle,
  data: Uint8Array | string,
  path: string,
  writesAreSynced = false,
): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
      if (bytesWritten === 0) throw Object.assign(new Error('no byte written'), { code: 'ENOSPC' });
      offset += bytesWritten;
    }
    if (!writesAreSynced) await file.sync();
  } catch (error) {
    throw writeFailure(error, path);
  }
}
