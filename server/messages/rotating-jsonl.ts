import { appendFile, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OWNER_DIR, OWNER_FILE } from '../store/owner-only.ts';

export interface RotatingJsonlOptions {
  /** A file is rotated at this size. */
  maxFileBytes: number;
  /** Rotated files kept besides the current one. */
  maxFiles: number;
}

/**
 * Records as JSON lines in a folder: `NAME.jsonl`, rotated at a size into `NAME.1.jsonl` (the
 * newest) ... `NAME.N.jsonl`. Writes are queued and never fail the caller (a log must not take
 * the server down); reading back skips lines that do not parse, such as one torn by a crash.
 */
export class RotatingJsonl {
  /** Lines waiting for the next write: one write takes every line appended meanwhile. */
  private unwritten: string[] = [];
  private writes: Promise<void> = Promise.resolve();
  private fileBytes = -1;
  private readonly dir: string;
  private readonly name: string;
  private readonly options: RotatingJsonlOptions;

  constructor(dir: string, name: string, options: RotatingJsonlOptions) {
    this.dir = dir;
    this.name = name;
    this.options = options;
  }

  append(record: unknown): void {
    this.unwritten.push(`${JSON.stringify(record)}\n`);
    if (this.unwritten.length > 1) return;
    this.writes = this.writes.then(() => this.writeUnwritten());
  }

  /** Resolves once everything appended so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }

  /**
   * The newest records in the files, oldest first, as `read` makes them of their lines (a line it
   * throws on or answers undefined for, such as one torn by a crash, is skipped): at most `limit`,
   * none older than the newest that `isStart` accepts, and no more once their lines reach
   * `maxChars` characters. Only the files needed are read, newest first.
   */
  async readNewest<T>(
    read: (line: string) => T | undefined,
    {
      limit = Number.POSITIVE_INFINITY,
      maxChars = Number.POSITIVE_INFINITY,
      isStart = () => false,
    }: { limit?: number; maxChars?: number; isStart?: (record: T) => boolean } = {},
  ): Promise<T[]> {
    const newestFirst: T[] = [];
    let chars = 0;
    for (let n = 0; n <= this.options.maxFiles; n++) {
      const text = await readFile(join(this.dir, this.fileName(n)), 'utf8').catch(() => '');
      const lines = text.split('\n');
      // The text after the last newline is empty, or a line torn mid-write: never a record.
      lines.pop();
      for (let i = lines.length - 1; i >= 0; i--) {
        if (newestFirst.length >= limit || chars >= maxChars) return newestFirst.reverse();
        const line = lines[i] as string;
        let record: T | undefined;
        try {
          record = read(line);
        } catch {
          // Not JSON: a line torn by a crash and written after since.
        }
        if (record === undefined) continue;
        newestFirst.push(record);
        chars += line.length;
        if (isStart(record)) return newestFirst.reverse();
      }
    }
    return newestFirst.reverse();
  }

  private fileName(n: number): string {
    return n === 0 ? `${this.name}.jsonl` : `${this.name}.${n}.jsonl`;
  }

  private async writeUnwritten(): Promise<void> {
    const lines = this.unwritten;
    this.unwritten = [];
    try {
      const current = join(this.dir, this.fileName(0));
      if (this.fileBytes < 0) {
        await mkdir(this.dir, { recursive: true, mode: OWNER_DIR });
        this.fileBytes = await stat(current).then(
          (stats) => stats.size,
          () => 0,
        );
        // A line torn by a crash must not swallow the first one written now.
        if (this.fileBytes > 0 && !(await endsWithNewline(current))) lines.unshift('\n');
      }
      // Each file stays under the limit: the lines go in chunks that fit.
      let next = 0;
      while (next < lines.length) {
        let chunk = '';
        let bytes = 0;
        for (; next < lines.length; next++) {
          const line = lines[next] as string;
          const size = Buffer.byteLength(line);
          if (chunk && this.fileBytes + bytes + size > this.options.maxFileBytes) break;
          chunk += line;
          bytes += size;
        }
        if (this.fileBytes > 0 && this.fileBytes + bytes > this.options.maxFileBytes) {
          await this.rotate();
        }
        await appendFile(current, chunk, { mode: OWNER_FILE });
        this.fileBytes += bytes;
      }
    } catch (error) {
      process.stderr.write(`${this.name} log: ${(error as Error).message}\n`);
      this.fileBytes = -1;
    }
  }

  private async rotate(): Promise<void> {
    const names = new Set(await readdir(this.dir));
    await rm(join(this.dir, this.fileName(this.options.maxFiles)), { force: true });
    for (let n = this.options.maxFiles - 1; n >= 0; n--) {
      if (names.has(this.fileName(n))) {
        await rename(join(this.dir, this.fileName(n)), join(this.dir, this.fileName(n + 1)));
      }
    }
    this.fileBytes = 0;
  }
}

async function endsWithNewline(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const last = Buffer.alloc(1);
    await file.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await file.close();
  }
}
