import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface RotatingLogOptions {
  dir: string;
  /** The current file's name; older ones are `NAME.1` (the newest) to `NAME.KEEP`. */
  name: string;
  /** The current file is rotated before a write would take it past this size. */
  maxBytes?: number;
  /** How many older files are kept (at least 1). */
  keep?: number;
  /** A write that failed (the lines are lost, the log goes on). */
  onError?: (error: Error) => void;
}

/**
 * A log a person can attach to a report: each line stamped with the time, the file rotated by size
 * and the oldest pruned, so it never grows without bound. Lines are queued and appended in order,
 * in batches; a failed write is reported and never thrown, and a deleted folder is made again.
 */
export class RotatingLog {
  readonly path: string;
  private readonly options: Required<Omit<RotatingLogOptions, 'onError'>> &
    Pick<RotatingLogOptions, 'onError'>;
  private queued = '';
  private writing: Promise<void> | undefined;

  constructor(options: RotatingLogOptions) {
    this.options = { maxBytes: 1024 * 1024, keep: 3, ...options };
    this.path = join(options.dir, options.name);
  }

  write(line: string): void {
    this.queued += `${new Date().toISOString()} ${line}\n`;
    this.writing ??= this.drain();
  }

  /** Resolves once every line written so far has been appended (or has failed). */
  flushed(): Promise<void> {
    return this.writing ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.queued) {
      const text = this.queued;
      this.queued = '';
      try {
        await this.append(text);
      } catch (error) {
        this.options.onError?.(error as Error);
      }
    }
    this.writing = undefined;
  }

  private async append(text: string): Promise<void> {
    // The server's output is the owner's alone, like everything in the data directory.
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const size = await stat(this.path).then(
      (stats) => stats.size,
      () => 0,
    );
    if (size > 0 && size + Buffer.byteLength(text) > this.options.maxBytes) await this.rotate();
    await appendFile(this.path, text, { mode: 0o600 });
  }

  private async rotate(): Promise<void> {
    const keep = Math.max(1, this.options.keep);
    await rm(`${this.path}.${keep}`, { force: true });
    for (let index = keep - 1; index >= 1; index--) {
      await rename(`${this.path}.${index}`, `${this.path}.${index + 1}`).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        },
      );
    }
    await rename(this.path, `${this.path}.1`);
  }
}
