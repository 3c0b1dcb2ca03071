/** The longest wait between two sweeps, whatever the retention: a day's sessions go within it. */
const MAX_SWEEP_INTERVAL_MS = 3_600_000;
/** The shortest: a retention of seconds (tests, a person trying it) is not swept in a busy loop. */
const MIN_SWEEP_INTERVAL_MS = 250;

/**
 * Calls `sweep` now and then while the retention of unnamed sessions is on: at once when it is
 * set (a server started after a week away removes what expired meanwhile), then every quarter of
 * the retention, within the bounds above, so a session goes at most a quarter late. One sweep at
 * a time; a failed one goes to `onError` and the next comes as planned.
 */
export class RetentionSweeper {
  private retentionMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private closed = false;
  private readonly sweep: (retentionMs: number) => Promise<unknown>;
  private readonly onError: (error: Error) => void;

  constructor(sweep: (retentionMs: number) => Promise<unknown>, onError: (error: Error) => void) {
    this.sweep = sweep;
    this.onError = onError;
  }

  /** The retention from now on, in ms; 0 stops sweeping. */
  set(retentionMs: number): void {
    if (this.closed || retentionMs === this.retentionMs) return;
    this.retentionMs = retentionMs;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (retentionMs > 0) this.run();
  }

  private run(): void {
    this.timer = undefined;
    this.sweeping ??= this.sweep(this.retentionMs)
      .then(
        () => undefined,
        (error: Error) => this.onError(error),
      )
      .finally(() => {
        this.sweeping = undefined;
        this.plan();
      });
  }

  private plan(): void {
    if (this.closed || this.retentionMs <= 0 || this.timer) return;
    const interval = Math.min(
      MAX_SWEEP_INTERVAL_MS,
      Math.max(MIN_SWEEP_INTERVAL_MS, this.retentionMs / 4),
    );
    this.timer = setTimeout(() => this.run(), interval);
    this.timer.unref();
  }

  /** No sweep after this; waits for the one under way. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }
}
