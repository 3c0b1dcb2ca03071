import { type ChildProcess, fork } from 'node:child_process';
import { SERVER_PID_VARIABLE } from '../sandbox/watchdog.ts';

/** This process's environment less the server's own variables (MCP_ISOLATE_*). */
const inheritedEnvironment = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toUpperCase().startsWith('MCP_ISOLATE_')),
  );

/**
 * Starts a sandbox process (a worker or a snapshot maker) on this Node, with what every one of
 * them shares: one time zone and locale, so a replay anywhere renders dates as the run did,
 * output on stderr, because stdout may be a JSON-RPC channel, and no console window of its own
 * on Windows (a server the desktop app started has none to share). It is told the server's
 * process id, so that it can end when the server is gone (see watchdog.ts). It inherits none of
 * the server's MCP_ISOLATE_* variables: they may hold settings' secrets (MCP_ISOLATE_MCP_SERVERS,
 * _NET_HEADERS, _NPM_TOKEN), of which a worker gets only what a run's request carries, and a
 * guest that broke out of its isolate would read them in /proc/self/environ.
 *
 * V8's compilation cache is off: it keeps every script source an isolate compiles, and each run
 * compiles new ones (its code, and steps that carry the run's key), so a live session's heap grew
 * by about 1 KiB a run, for good, while a cache hit saves nothing here.
 */
export function forkSandbox(script: URL, env: Record<string, string> = {}): ChildProcess {
  return fork(script, [], {
    execArgv: ['--no-node-snapshot', '--no-compilation-cache'],
    serialization: 'advanced',
    stdio: ['ignore', 2, 2, 'ipc'],
    windowsHide: true,
    env: {
      ...inheritedEnvironment(),
      TZ: 'UTC',
      LC_ALL: 'en_US.UTF-8',
      [SERVER_PID_VARIABLE]: String(process.pid),
      ...env,
    },
  });
}
