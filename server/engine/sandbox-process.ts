import { type ChildProcess, fork } from 'node:child_process';

/**
 * Starts a sandbox process (a worker or a snapshot maker) on this Node, with what every one of
 * them shares: one time zone and locale, so a replay anywhere renders dates as the run did, and
 * output on stderr, because stdout may be a JSON-RPC channel.
 */
export function forkSandbox(script: URL, env: Record<string, string> = {}): ChildProcess {
  return fork(script, [], {
    execArgv: ['--no-node-snapshot'],
    serialization: 'advanced',
    stdio: ['ignore', 2, 2, 'ipc'],
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'en_US.UTF-8', ...env },
  });
}
