import type { Refusal, RefusedRequest } from '../../contract/refusals.ts';
import { RotatingJsonl } from './rotating-jsonl.ts';

export interface RefusalLogOptions {
  /** Folder of `refusals.jsonl` (rotated at 1 MiB, one old file kept); none keeps memory only. */
  dir?: string;
  /** Refusals kept in memory, at most (the oldest go first). */
  capacity?: number;
}

const isRefusal = (record: unknown): record is Refusal => {
  const fields = record as Partial<Refusal> | null;
  return (
    typeof fields?.seq === 'number' &&
    typeof fields.time === 'string' &&
    typeof fields.status === 'number' &&
    typeof fields.reason === 'string'
  );
};

/**
 * Every request the server refused (bad token, Host or Origin, unknown session, body too large,
 * stopped, full...) with its reason and sender: the newest in memory, all appended to the log
 * folder, read back on start.
 */
export class RefusalLog {
  private kept: Refusal[] = [];
  private seq = 0;
  private readonly capacity: number;
  private readonly files: RotatingJsonl | undefined;
  private readonly listeners = new Set<(refusal: Refusal) => void>();

  /** A log that starts with the newest refusals of its file, numbering on after the last. */
  static async open(options: RefusalLogOptions): Promise<RefusalLog> {
    const log = new RefusalLog(options);
    const read = (line: string) => {
      const record: unknown = JSON.parse(line);
      return isRefusal(record) ? record : undefined;
    };
    log.kept = (await log.files?.readNewest(read, { limit: log.capacity })) ?? [];
    log.seq = log.kept.at(-1)?.seq ?? 0;
    return log;
  }

  constructor({ dir, capacity = 200 }: RefusalLogOptions = {}) {
    this.capacity = capacity;
    this.files =
      dir === undefined
        ? undefined
        : new RotatingJsonl(dir, 'refusals', { maxFileBytes: 1024 * 1024, maxFiles: 1 });
  }

  record(refused: RefusedRequest): Refusal {
    const refusal: Refusal = { seq: ++this.seq, time: new Date().toISOString(), ...refused };
    this.kept.push(refusal);
    if (this.kept.length > this.capacity) this.kept.shift();
    this.files?.append(refusal);
    for (const listener of this.listeners) listener(refusal);
    return refusal;
  }

  /** The refusals in memory, oldest first. */
  list(): Refusal[] {
    return [...this.kept];
  }

  subscribe(listener: (refusal: Refusal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once everything recorded so far is on disk. */
  flush(): Promise<void> {
    return this.files?.flush() ?? Promise.resolve();
  }
}
