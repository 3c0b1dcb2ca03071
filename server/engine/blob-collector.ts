import type { BlobSweep } from '../store/blob-sweep.ts';

/** A follow-up sweep for blobs that were young comes at least this long after the last. */
const MIN_FOLLOW_UP_MS = 60_000;

/**
 * When the blob store is swept (store/blob-sweep.ts): on request (a session deleted, the engine
 * started), one sweep at a time, and a request while one runs makes one more after it, however
 * many came. A sweep that left unnamed blobs within their grace plans another for when the first
 * is due, so they go without another delete. Failures go to `onError`, never to the requester.
 */
export class BlobCollector {
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly stop = new AbortController();
  /** Those waiting for a sweep that has not started yet, and for the one under way. */
  private waiting: Waiter[] = [];
  private current: Waiter[] = [];
  private readonly sweep: (signal: AbortSignal) => Promise<BlobSweep>;
  private readonly onSwept: (sweep: BlobSweep) => void;
  private readonly onError: (error: Error) => void;

  constructor(
    sweep: (signal: AbortSignal) => Promise<BlobSweep>,
    onSwept: (sweep: BlobSweep) => void,
    onError: (error: Error) => void,
  ) {
    this.sweep = sweep;
    this.onSwept = onSwept;
    this.onError = onError;
  }

  /** A sweep soon: now, or after the one under way. */
  request(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Requests a sweep and resolves with it once it has ended (one that began after this call). */
  sweepNow(): Promise<BlobSweep> {
    if (this.closed) return Promise.reject(new Error('the engine is shut down'));
    const done = new Promise<BlobSweep>((resolve, reject) =>
      this.waiting.push({ resolve, reject }),
    );
    this.request();
    return done;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      this.current = this.waiting.splice(0);
      try {
        const sweep = await this.sweep(this.stop.signal);
        this.onSwept(sweep);
        if (sweep.dueAt !== undefined) this.followUp(sweep.dueAt);
        for (const waiter of this.current) waiter.resolve(sweep);
      } catch (error) {
        if (!this.closed) this.onError(error as Error);
        for (const waiter of this.current) waiter.reject(error as Error);
      }
    } while ((this.again || this.waiting.length > 0) && !this.closed);
    for (const waiter of this.waiting.splice(0))
      waiter.reject(new Error('the engine is shut down'));
  }

  private followUp(dueAt: number): void {
    if (this.timer || this.closed) return;
    const delay = Math.max(MIN_FOLLOW_UP_MS, dueAt - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.request();
    }, delay);
    this.timer.unref();
  }

  /** No sweep after this; the one under way is stopped and awaited. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.stop.abort();
    await this.running;
  }
}

interface Waiter {
  resolve: (sweep: BlobSweep) => void;
  reject: (error: Error) => void;
}
