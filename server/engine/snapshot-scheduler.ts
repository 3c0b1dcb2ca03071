import type { SnapshotOutcome } from '../sandbox/protocol.ts';

export interface SnapshotJob {
  session: string;
  heap: string;
}

/**
 * Makes snapshots off the request path: a session's newest heap once it has been idle for
 * `idleMs`, and at once when a worker evicts a live isolate. One job per heap at a time, and at
 * most `concurrency` jobs at once.
 */
export class SnapshotScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** By heap: the job under way or waiting its turn, and its outcome. */
  private readonly inFlight = new Map<
    string,
    { session: string; outcome: Promise<SnapshotOutcome> }
  >();
  private readonly idleMs: number;
  private readonly concurrency: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly make: (job: SnapshotJob) => Promise<SnapshotOutcome>;
  private readonly onError: (job: SnapshotJob, error: Error) => void;

  constructor(
    idleMs: number,
    concurrency: number,
    make: (job: SnapshotJob) => Promise<SnapshotOutcome>,
    onError: (job: SnapshotJob, error: Error) => void,
  ) {
    this.idleMs = idleMs;
    this.concurrency = concurrency;
    this.make = make;
    this.onError = onError;
  }

  /** A session committed a run: snapshot its head once it goes quiet. */
  touch(job: SnapshotJob): void {
    clearTimeout(this.timers.get(job.session));
    const timer = setTimeout(() => {
      this.timers.delete(job.session);
      this.soon(job);
    }, this.idleMs);
    timer.unref();
    this.timers.set(job.session, timer);
  }

  /** Snapshots as soon as there is room; a failure goes to onError. */
  soon(job: SnapshotJob): void {
    this.now(job).catch((error: Error) => this.onError(job, error));
  }

  /** Snapshots as soon as there is room and answers with the outcome. */
  now(job: SnapshotJob): Promise<SnapshotOutcome> {
    const queued = this.inFlight.get(job.heap);
    if (queued) return queued.outcome;
    const outcome = this.inTurn(() => this.make(job)).finally(() => this.inFlight.delete(job.heap));
    this.inFlight.set(job.heap, { session: job.session, outcome });
    return outcome;
  }

  /** Snapshot processes compete with runs for the cores, so only a few run at once. */
  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    while (this.running >= this.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  cancel(session: string): void {
    clearTimeout(this.timers.get(session));
    this.timers.delete(session);
  }

  /**
   * Drops `session`'s idle timer and waits for its jobs under way or waiting: a snapshot maker
   * reads the session's journal by its name, which is about to change.
   */
  async settle(session: string): Promise<void> {
    this.cancel(session);
    const jobs = [...this.inFlight.values()].filter((job) => job.session === session);
    await Promise.allSettled(jobs.map((job) => job.outcome));
  }

  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight.values()].map((job) => job.outcome));
  }
}
