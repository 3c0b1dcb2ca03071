import type { SnapshotOutcome } from '../sandbox/protocol.ts';

export interface SnapshotJob {
  session: string;
  heap: string;
}

/**
 * Makes snapshots off the request path: a session's newest heap once it has been idle for
 * `idleMs`, and at once when a worker evicts a live isolate. One job per heap at a time.
 */
export class SnapshotScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, Promise<SnapshotOutcome>>();
  private readonly idleMs: number;
  private readonly make: (job: SnapshotJob) => Promise<SnapshotOutcome>;
  private readonly onError: (job: SnapshotJob, error: Error) => void;

  constructor(
    idleMs: number,
    make: (job: SnapshotJob) => Promise<SnapshotOutcome>,
    onError: (job: SnapshotJob, error: Error) => void,
  ) {
    this.idleMs = idleMs;
    this.make = make;
    this.onError = onError;
  }

  /** A session committed a run: snapshot its head once it goes quiet. */
  touch(job: SnapshotJob): void {
    clearTimeout(this.timers.get(job.session));
    const timer = setTimeout(() => {
      this.timers.delete(job.session);
      this.now(job).catch((error: Error) => this.onError(job, error));
    }, this.idleMs);
    timer.unref();
    this.timers.set(job.session, timer);
  }

  now(job: SnapshotJob): Promise<SnapshotOutcome> {
    const running = this.inFlight.get(job.heap);
    if (running) return running;
    const promise = this.make(job).finally(() => this.inFlight.delete(job.heap));
    this.inFlight.set(job.heap, promise);
    return promise;
  }

  cancel(session: string): void {
    clearTimeout(this.timers.get(session));
    this.timers.delete(session);
  }

  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled(this.inFlight.values());
  }
}
