import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SupervisorOptions {
  /** The Node 24 runtime: bundled with the app, the project's own in development. */
  node: string;
  /** `bin/mcp-isolate.mjs` of the bundled server. */
  serverScript: string;
  dataDir: string;
  /** More arguments for the server, e.g. `--port 0`. */
  args?: string[];
  /** Wait before the n-th restart in a row (n from 1). */
  backoffMs?: (attempt: number) => number;
  /** How long the server must stay up before a crash counts as the first again. */
  stableMs?: number;
  /** How long a stopping server gets before it is killed. */
  stopTimeoutMs?: number;
  log?: (line: string) => void;
}

export type SupervisorState =
  | { phase: 'starting'; attempt: number }
  | { phase: 'running'; url: string; adminToken: string; pid: number }
  | { phase: 'crashed'; problem: string; retryInMs: number; attempt: number }
  | { phase: 'stopped' };

const defaultBackoff = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1));
const LISTENING = /MCP Isolate listening on (\S+)/;

/**
 * Keeps the server process running for the desktop app: starts it, notices when it is ready,
 * restarts it with a growing delay when it dies, and stops it cleanly. Knows nothing of Electron.
 */
export class ServerSupervisor {
  private child: ChildProcess | undefined;
  private current: SupervisorState = { phase: 'stopped' };
  private readonly listeners = new Set<(state: SupervisorState) => void>();
  private restartTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private upSince = 0;
  private stopping = false;
  private readonly options: Required<Omit<SupervisorOptions, 'log' | 'args'>> &
    Pick<SupervisorOptions, 'log' | 'args'>;

  constructor(options: SupervisorOptions) {
    this.options = {
      backoffMs: defaultBackoff,
      stableMs: 60_000,
      stopTimeoutMs: 10_000,
      ...options,
    };
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
    if (this.child) return;
    clearTimeout(this.restartTimer);
    this.stopping = false;
    this.spawn();
  }

  /** Stops the server (no restart) and resolves once it has exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
      await exited;
      clearTimeout(killer);
    }
    this.set({ phase: 'stopped' });
  }

  private spawn(): void {
    const { node, serverScript, dataDir, args = [] } = this.options;
    this.set({ phase: 'starting', attempt: this.attempt });
    const child = spawn(node, [serverScript, '--data-dir', dataDir, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    let announced = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.options.log?.(chunk.trimEnd());
      // Only the tail matters: the reason it died, if it does.
      stderr = (stderr + chunk).slice(-4000);
      const listening = LISTENING.exec(stderr);
      // Once per process: more output may arrive while server.json is being read.
      if (listening?.[1] && !announced) {
        announced = true;
        void this.ready(listening[1], child.pid as number);
      }
    });
    child.once('error', (error) => {
      stderr += `\n${error.message}`;
    });
    child.once('exit', (code, signal) => {
      this.child = undefined;
      if (this.stopping) return;
      if (Date.now() - this.upSince > this.options.stableMs && this.upSince > 0) this.attempt = 0;
      this.upSince = 0;
      this.attempt++;
      const retryInMs = this.options.backoffMs(this.attempt);
      const exit = `the server exited (${signal ?? `code ${code}`})`;
      const error = errorLine(stderr);
      const why = error ? `${error}; ${exit}` : exit;
      this.set({ phase: 'crashed', problem: why, retryInMs, attempt: this.attempt });
      this.restartTimer = setTimeout(() => this.spawn(), retryInMs);
    });
  }

  private async ready(url: string, pid: number): Promise<void> {
    const info = JSON.parse(await readFile(join(this.options.dataDir, 'server.json'), 'utf8')) as {
      adminToken: string;
    };
    // The process may have died while its server.json was read.
    if (this.child?.pid !== pid) return;
    this.upSince = Date.now();
    this.set({ phase: 'running', url, adminToken: info.adminToken, pid });
  }

  private set(state: SupervisorState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}

/** The server's own last error message (`mcp-isolate: …` and its lines), if it wrote one. */
function errorLine(text: string): string | undefined {
  const at = text.lastIndexOf('mcp-isolate: ');
  if (at === -1) return undefined;
  return text
    .slice(at + 'mcp-isolate: '.length)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}
