import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { supervisedServer } from '../supervisor/test-fixtures/supervised-server.ts';
import {
  type After,
  type UpdateCheckOptions,
  UpdateChecks,
  type Updater,
} from './update-checks.ts';
import type { UpdateEvent, UpdateState } from './update-state.ts';

/**
 * An updater that answers each check with the next scripted outcome: the events electron-updater
 * would emit, or the error its check would reject with. (autoUpdater needs a packaged Electron.)
 */
class ScriptedUpdater implements Updater {
  checks = 0;
  installs = 0;
  onInstall: () => void = () => undefined;
  private listener: (event: UpdateEvent) => void = () => undefined;
  private readonly outcomes: (UpdateEvent[] | Error)[];

  constructor(outcomes: (UpdateEvent[] | Error)[]) {
    this.outcomes = outcomes;
  }

  onEvent(listener: (event: UpdateEvent) => void): void {
    this.listener = listener;
  }

  async checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    this.listener({ type: 'checking' });
    const outcome = this.outcomes.shift() ?? [{ type: 'not-available' }];
    if (outcome instanceof Error) {
      this.listener({ type: 'failed', reason: outcome.message });
      throw outcome;
    }
    for (const event of outcome) this.listener(event);
    return {};
  }

  quitAndInstall(): void {
    this.installs += 1;
    this.onInstall();
  }

  /** An event the updater reports by itself. */
  emit(event: UpdateEvent): void {
    this.listener(event);
  }
}

/** A timer the test fires by hand: the waits the checks ask for, and a way to run the due one. */
function manualTimer() {
  const waits: number[] = [];
  let due: (() => void) | undefined;
  const timer: After = (ms, run) => {
    waits.push(ms);
    due = run;
    return () => {
      if (due === run) due = undefined;
    };
  };
  return { timer, waits, due: () => due };
}

function checks(updater: Updater, options: Partial<UpdateCheckOptions> = {}) {
  const states: UpdateState[] = [];
  const clock = manualTimer();
  const checks = new UpdateChecks({
    updater,
    enabled: async () => true,
    stopServer: async () => undefined,
    startServer: async () => undefined,
    onChange: (state) => states.push(state),
    firstAfterMs: 60_000,
    everyMs: 6 * 3_600_000,
    after: clock.timer,
    ...options,
  });
  return { checks, states, clock };
}

test('background checks come after a first delay, then periodically', async () => {
  const updater = new ScriptedUpdater([]);
  const { checks: background, clock, states } = checks(updater);
  background.start();
  assert.deepEqual(clock.waits, [60_000]);
  assert.equal(updater.checks, 0);
  await background.checkInBackground();
  assert.equal(updater.checks, 1);
  assert.deepEqual(states.at(-1), { phase: 'up-to-date' });
  assert.deepEqual(clock.waits, [60_000, 6 * 3_600_000]);
  background.stop();
  assert.equal(clock.due(), undefined);
});

test('with the setting off, background checks are skipped but still scheduled', async () => {
  let enabled = false;
  const updater = new ScriptedUpdater([]);
  const { checks: background, clock, states } = checks(updater, { enabled: async () => enabled });
  background.start();
  await background.checkInBackground();
  await background.checkInBackground();
  assert.equal(updater.checks, 0);
  assert.deepEqual(states, []);
  assert.equal(clock.waits.length, 3);
  enabled = true;
  await background.checkInBackground();
  assert.equal(updater.checks, 1, 'turned on again, the next check runs');
});

test('a setting that cannot be read (the server is down) skips the check', async () => {
  const updater = new ScriptedUpdater([]);
  const { checks: background } = checks(updater, {
    enabled: () => Promise.reject(new Error('the MCP Isolate server is not running yet')),
  });
  await background.checkInBackground();
  assert.equal(updater.checks, 0);
});

test('a failed check shows its reason and does not stop later checks', async () => {
  const updater = new ScriptedUpdater([
    new Error('net::ERR_NAME_NOT_RESOLVED'),
    [{ type: 'not-available' }],
  ]);
  const { checks: background, states, clock } = checks(updater);
  background.start();
  await background.checkInBackground();
  assert.deepEqual(background.state, { phase: 'failed', reason: 'net::ERR_NAME_NOT_RESOLVED' });
  assert.ok(clock.due(), 'the next check is scheduled');
  await background.checkInBackground();
  assert.equal(updater.checks, 2);
  assert.deepEqual(states.at(-1), { phase: 'up-to-date' });
});

test('a check from the tray runs whatever the setting says, and not twice at once', async () => {
  const updater = new ScriptedUpdater([[{ type: 'available', version: '0.2.0' }]]);
  const { checks: tray } = checks(updater, { enabled: async () => false });
  await tray.check();
  assert.deepEqual(tray.state, { phase: 'downloading', percent: 0, version: '0.2.0' });
  await tray.check();
  assert.equal(updater.checks, 1, 'a download under way is not checked again');
});

test('restart to update stops the real server cleanly before the updater installs', async () => {
  const { supervisor, dataDir, nextRunning } = await supervisedServer();
  const running = nextRunning();
  supervisor.start();
  await running;
  const serverFile = join(dataDir, 'server.json');
  assert.ok(existsSync(serverFile));

  const updater = new ScriptedUpdater([[{ type: 'downloaded', version: '0.2.0' }]]);
  let atInstall: { phase: string; serverFile: boolean } | undefined;
  updater.onInstall = () => {
    atInstall = { phase: supervisor.state.phase, serverFile: existsSync(serverFile) };
  };
  const { checks: tray } = checks(updater, { stopServer: () => supervisor.stop() });
  await tray.restartToUpdate();
  assert.equal(updater.installs, 0, 'nothing to install before an update is downloaded');
  await tray.check();
  assert.deepEqual(tray.state, { phase: 'ready', version: '0.2.0' });
  await tray.restartToUpdate();
  assert.equal(updater.installs, 1);
  assert.deepEqual(atInstall, { phase: 'stopped', serverFile: false });
});

test('an install that fails without quitting starts the real server again, says why, and the checks go on', async () => {
  const { supervisor, nextRunning } = await supervisedServer();
  const first = nextRunning();
  supervisor.start();
  await first;

  const updater = new ScriptedUpdater([[{ type: 'downloaded', version: '0.2.0' }]]);
  // As electron-updater's deb install does when the password is refused: an error, no quit.
  updater.onInstall = () => updater.emit({ type: 'failed', reason: 'pkexec: not authorized' });
  let restarted: Promise<unknown> = Promise.resolve();
  const { checks: tray, clock } = checks(updater, {
    stopServer: () => supervisor.stop(),
    startServer: async () => {
      restarted = nextRunning();
      supervisor.start();
    },
  });
  await tray.check();
  await tray.restartToUpdate();
  await restarted;
  assert.equal(supervisor.state.phase, 'running');
  assert.deepEqual(tray.state, { phase: 'failed', reason: 'pkexec: not authorized' });
  assert.ok(clock.due(), 'a background check is scheduled again');
});
