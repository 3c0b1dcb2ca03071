import type { FileHandle } from 'node:fs/promises';

const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EIO: 'the disk reported an input/output error',
  EFBIG: 'the file is too large for the file system',
};

/** A write that failed, said as what it means, with the file: what a person can act on. */
function writeFailure(error: unknown, path: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const cause = (code && CAUSES[code]) ?? (error as Error).message;
  return new Error(`${cause}${code ? ` (${code})` : ''}: cannot write ${path}`, { cause: error });
}

/**
 * Writes every byte of `data` and flushes it to the disk. A write on a full disk is cut short
 * without an error (only the next one says ENOSPC), so one `write()` is never taken for all.
 */
export async function writeAllAndSync(
  file: FileHandle,
  data: Uint8Array | string,
  path: string,
): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
      if (bytesWritten === 0) throw Object.assign(new Error('no byte written'), { code: 'ENOSPC' });
      offset += bytesWritten;
    }
    await file.sync();
  } catch (error) {
    throw writeFailure(error, path);
  }
}
