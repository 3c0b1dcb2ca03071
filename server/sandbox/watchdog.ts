// How a sandbox process (a worker, a snapshot maker) ends when it must, whatever its main thread
// is doing: the server that started it is gone, or its own deadline passed.
import { Worker } from 'node:worker_threads';

/** What the watchdog thread is given. */
export interface WatchdogData {
  /** The server's process id: this process must not outlive it. */
  server: number;
  deadlineMs: number;
}

/** How forkSandbox tells a sandbox process which process is its server. */
export const SERVER_PID_VARIABLE = 'MCP_ISOLATE_SERVER_PID';

/**
 * Ends this process at once. process.exit would not: it first waits for every isolate still
 * running a call (isolated-vm), up to that call's timeout, so a worker whose guest spins would
 * outlive its server by a whole run's timeout. Ending like a crash loses nothing: the journal is
 * the truth, and what a sandbox process writes is written whole or in a build folder the next
 * server clears.
 */
export function killSelf(): void {
  process.kill(process.pid, 'SIGKILL');
}

/**
 * Kills this process when its server is gone or `deadlineMs` has passed, from a thread of its
 * own: the main thread may be blocked (createSnapshot has no timeout and returns to nothing until
 * it ends), so it would see neither.
 */
export function startWatchdog(deadlineMs: number): void {
  const data: WatchdogData = {
    server: Number(process.env[SERVER_PID_VARIABLE] ?? process.ppid),
    deadlineMs,
  };
  new Worker(new URL('./watchdog-thread.ts', import.meta.url), { workerData: data }).unref();
}
