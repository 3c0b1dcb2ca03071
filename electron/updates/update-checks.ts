import {
  NO_UPDATE,
  nextUpdateState,
  type UpdateEvent,
  type UpdateState,
  updateBusy,
} from './update-state.ts';

/** What the checks need of electron-updater's `autoUpdater` (main.ts adapts it to this). */
export interface Updater {
  /** Resolves when the check is done (a download it starts goes on); rejects when it fails. */
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  /** Reports what the updater does (checking, found, progress, downloaded, failed). */
  onEvent(listener: (event: UpdateEvent) => void): void;
}

/** Runs `run` after `ms`; the answer cancels it. */
export type After = (ms: number, run: () => void) => () => void;

const afterTimeout: After = (ms, run) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export interface UpdateCheckOptions {
  updater: Updater;
  /** The `checkForUpdates` setting, read when a background check is due (false: skipped). */
  enabled: () => Promise<boolean>;
  /** Stops the server cleanly: done before the app quits into an update. */
  stopServer: () => Promise<void>;
  /** Starts it again when the install did not happen (a refused password, a bad signature). */
  startServer: () => Promise<void>;
  onChange: (state: UpdateState) => void;
  /** The first background check, after the start has settled. */
  firstAfterMs: number;
  /** Then one every this long. */
  everyMs: number;
  after?: After;
}

/**
 * The app's update checks: in the background (after a delay, then periodically, unless the
 * setting is off), on request from the tray (whatever the setting), and the restart into a
 * downloaded update, which stops the server before the updater quits the app.
 */
export class UpdateChecks {
  private current: UpdateState = NO_UPDATE;
  private cancel: (() => void) | undefined;
  /** The server was stopped for an install that has not quit the app yet. */
  private installing = false;
  private readonly options: UpdateCheckOptions;

  constructor(options: UpdateCheckOptions) {
    this.options = options;
    options.updater.onEvent((event) => {
      this.set(nextUpdateState(this.current, event));
      if (event.type === 'failed' && this.installing) void this.resume();
    });
  }

  get state(): UpdateState {
    return this.current;
  }

  /** Schedules the background checks. */
  start(): void {
    this.schedule(this.options.firstAfterMs);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /** The background check: skipped while the setting is off; the next one is scheduled anyway. */
  async checkInBackground(): Promise<void> {
    this.cancel = undefined;
    try {
      if (await this.options.enabled().catch(() => false)) await this.check();
    } finally {
      this.schedule(this.options.everyMs);
    }
  }

  /** A check now; a failure is shown as the state, never thrown. */
  async check(): Promise<void> {
    if (updateBusy(this.current) || this.current.phase === 'ready') return;
    this.set(nextUpdateState(this.current, { type: 'checking' }));
    try {
      await this.options.updater.checkForUpdates();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.set(nextUpdateState(this.current, { type: 'failed', reason }));
    }
  }

  /**
   * Stops the server cleanly first (its sessions saved, server.json removed), then installs. An
   * install can fail without quitting the app (electron-updater then reports an error): the
   * server starts again, the failure shows, and the background checks go on.
   */
  async restartToUpdate(): Promise<void> {
    if (this.current.phase !== 'ready' || this.installing) return;
    this.stop();
    this.installing = true;
    await this.options.stopServer();
    this.options.updater.quitAndInstall();
  }

  private async resume(): Promise<void> {
    this.installing = false;
    await this.options.startServer();
    this.start();
  }

  private schedule(ms: number): void {
    this.cancel?.();
    this.cancel = (this.options.after ?? afterTimeout)(ms, () => void this.checkInBackground());
  }

  private set(state: UpdateState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onChange(state);
  }
}

/**
 * The background checks' timing: the first a minute after start, once the server is up and the
 * start's own work is done; then every six hours, so an app left in the tray for days hears of
 * a release the same working day, at four requests a day to GitHub.
 */
export const BACKGROUND_CHECKS = { firstAfterMs: 60_000, everyMs: 6 * 3_600_000 } as const;
