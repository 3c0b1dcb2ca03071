import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { SERVER_NODE_FLAGS, SHUTDOWN_MESSAGE } from '../../contract/server-process.ts';
import { exitProblem, spawnProblem } from './problem-text.ts';
import { RotatingLog } from './rotating-log.ts';

export interface SupervisorOptions {
  /** The Node 24 runtime: bundled with the app, the project's own in development. */
  node: string;
  /** `bin/mcp-isolate.mjs` of the bundled server. */
  serverScript: string;
  dataDir: string;
  /** More arguments for the server, e.g. `--port 0`. */
  args?: string[];
  /**
   * A folder for `server.log`: the server's stderr and the supervisor's own notes, each line
   * stamped with the time, rotated by size with a few older files kept.
   */
  logDir?: string;
  /** Wait before the n-th restart in a row (n from 1). */
  backoffMs?: (attempt: number) => number;
  /** How long the server must stay up before a crash counts as the first again. */
  stableMs?: number;
  /** How long a server asked to stop gets before it is killed. */
  stopTimeoutMs?: number;
  /** Each line as it comes: the server's stderr and the supervisor's notes (not stamped). */
  log?: (line: string) => void;
}

export type SupervisorState =
  | { phase: 'starting'; attempt: number }
  | {
      phase: 'running';
      url: string;
      adminToken: string;
      pid: number;
      /**
       * Set when this same process moved its listener (a new host or port from Settings): the
       * address it left. Its sessions and state are the same; only the address changed.
       */
      movedFrom?: string;
    }
  | { phase: 'crashed'; problem: string; retryInMs: number; attempt: number }
  | { phase: 'stopped' };

const defaultBackoff = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1));
const LISTENING = /^MCP Isolate listening on (\S+)/;
/** How many of the server's last stderr lines are kept to say why it died. */
const TAIL_LINES = 40;
/**
 * After `exit`, how long `close` (the end of stderr) may take: a sandbox worker the server left
 * behind holds stderr open until it notices and exits, and must not delay the restart for long.
 */
const CLOSE_GRACE_MS = 1000;
/** The admin token in the GUI's address: a log is meant to be attached to a report. */
const TOKEN = /#token=[\w-]+/g;

/** One server process, from its spawn to its end. */
interface Run {
  child: ChildProcess;
  /** It printed its address, so it listens for the shutdown message. */
  listening: boolean;
  /** Why it was stopped, when the supervisor stopped it because of a problem. */
  problem?: string;
  ended: Promise<void>;
}

/**
 * Keeps the server process running for the desktop app: starts it, follows its address (at start
 * and whenever Settings move it), restarts it with a growing delay when it dies or cannot start,
 * and stops it cleanly. Knows nothing of Electron.
 */
export class ServerSupervisor {
  private run: Run | undefined;
  private current: SupervisorState = { phase: 'stopped' };
  private readonly listeners = new Set<(state: SupervisorState) => void>();
  private restartTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private upSince = 0;
  private stopping = false;
  private readonly file: RotatingLog | undefined;
  private readonly options: Required<Omit<SupervisorOptions, 'log' | 'args' | 'logDir'>> &
    Pick<SupervisorOptions, 'log' | 'args' | 'logDir'>;

  constructor(options: SupervisorOptions) {
    this.options = {
      backoffMs: defaultBackoff,
      stableMs: 60_000,
      stopTimeoutMs: 10_000,
      ...options,
    };
    this.file =
      options.logDir === undefined
        ? undefined
        : new RotatingLog({
            dir: options.logDir,
            name: 'server.log',
            onError: (error) => options.log?.(`cannot write the server log: ${error.message}`),
          });
  }

  get state(): SupervisorState {
    return this.current;
  }

  subscribe(listener: (state: SupervisorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the server unless it runs or is starting already. */
  start(): void {
    if (this.run) return;
    clearTimeout(this.restartTimer);
    this.stopping = false;
    this.spawn();
  }

  /** Stops the server (no restart) and resolves once it has exited and the log is written. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    if (this.run) await this.halt(this.run);
    this.set({ phase: 'stopped' });
    await this.file?.flushed();
  }

  private spawn(): void {
    const { node, serverScript, dataDir, args = [] } = this.options;
    this.set({ phase: 'starting', attempt: this.attempt });
    // The IPC channel: the server stops when asked over it, and by itself when it closes (this
    // app crashed or was killed), so it never outlives the app holding the port and data.
    // No console window on Windows: the app has none, and Node would open one for node.exe.
    const child = spawn(
      node,
      [...SERVER_NODE_FLAGS, serverScript, '--data-dir', dataDir, ...args],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        windowsHide: true,
      },
    );
    const { promise: ended, resolve: markEnded } = Promise.withResolvers<void>();
    const run: Run = { child, listening: false, ended };
    this.run = run;

    const tail: string[] = [];
    let url: string | undefined;
    let announced = Promise.resolve();
    // Whole lines however the chunks fall: a line split across two is seen once, whole.
    createInterface({ input: child.stderr as Readable }).on('line', (line) => {
      this.write(line.replace(TOKEN, '#token=(hidden)'));
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      const address = LISTENING.exec(line)?.[1];
      if (!address) return;
      run.listening = true;
      // Every line, at start and after each move, in order: a slow read must not be overtaken.
      announced = announced.then(async () => {
        if (await this.announce(run, address, url)) url = address;
      });
    });

    let done = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (problem: () => string) => {
      if (done) return;
      done = true;
      clearTimeout(grace);
      this.run = undefined;
      markEnded();
      if (!this.stopping) this.crashed(run.problem ?? problem());
    };
    child.on('error', (error) => {
      // No pid: the runtime never started, and Node emits no `exit` for it.
      if (child.pid === undefined) finish(() => spawnProblem(node, error));
      else this.note(`the server process: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      grace = setTimeout(() => finish(() => exitProblem(tail, code, signal)), CLOSE_GRACE_MS);
    });
    // After `exit` and the last of stderr, so the reason it died is read in full.
    child.once('close', (code, signal) => finish(() => exitProblem(tail, code, signal)));
  }

  /** Announces the address a server printed, with the admin token from its server.json. */
  private async announce(run: Run, url: string, movedFrom: string | undefined): Promise<boolean> {
    let adminToken: string;
    try {
      const info = await readFile(join(this.options.dataDir, 'server.json'), 'utf8');
      ({ adminToken } = JSON.parse(info) as { adminToken: string });
    } catch (error) {
      // Without its token the app cannot use the server: restart it, saying why.
      if (this.run === run && !this.stopping) {
        run.problem = `cannot read server.json: ${(error as Error).message}`;
        void this.halt(run);
      }
      return false;
    }
    // The process may have died, or be stopping, while its server.json was read.
    if (this.run !== run || this.stopping) return false;
    if (movedFrom === undefined) this.upSince = Date.now();
    const pid = run.child.pid as number;
    this.set({ phase: 'running', url, adminToken, pid, ...(movedFrom && { movedFrom }) });
    return true;
  }

  private crashed(problem: string): void {
    // A server that stayed up a while died of something new: the backoff starts again.
    if (this.upSince > 0 && Date.now() - this.upSince > this.options.stableMs) this.attempt = 0;
    this.upSince = 0;
    this.attempt++;
    const retryInMs = this.options.backoffMs(this.attempt);
    this.set({ phase: 'crashed', problem, retryInMs, attempt: this.attempt });
    this.restartTimer = setTimeout(() => this.spawn(), retryInMs);
  }

  /**
   * Asks the server to shut down, which its own shutdown does cleanly (close, flush the message
   * log, remove server.json), and kills it only if it has not ended after `stopTimeoutMs`. Asked
   * over the IPC channel on every platform, because on Windows `kill('SIGTERM')` is a hard kill.
   */
  private async halt(run: Run): Promise<void> {
    const { child } = run;
    // Before its address line the server may not hear messages yet; it handles SIGTERM by then,
    // or dies of it before anything needs flushing.
    if (run.listening && child.connected) {
      child.send(SHUTDOWN_MESSAGE, (error) => error && child.kill('SIGTERM'));
    } else {
      child.kill('SIGTERM');
    }
    const killer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
    await run.ended;
    clearTimeout(killer);
  }

  private set(state: SupervisorState): void {
    this.current = state;
    this.note(stateLine(state));
    for (const listener of this.listeners) listener(state);
  }

  /** A line of the supervisor's own, told apart from the server's in the log. */
  private note(line: string): void {
    this.write(`[supervisor] ${line}`);
  }

  private write(line: string): void {
    this.options.log?.(line);
    this.file?.write(line);
  }
}

/** The supervisor's note in the log for each state. */
function stateLine(state: SupervisorState): string {
  switch (state.phase) {
    case 'starting':
      return state.attempt > 0
        ? `starting the server (restart ${state.attempt})`
        : 'starting the server';
    case 'running':
      return state.movedFrom
        ? `the server (pid ${state.pid}) moved from ${state.movedFrom} to ${state.url}`
        : `the server (pid ${state.pid}) is listening on ${state.url}`;
    case 'crashed':
      return `${state.problem}; restarting in ${state.retryInMs / 1000} s`;
    case 'stopped':
      return 'the server is stopped';
  }
}
