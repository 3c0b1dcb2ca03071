import type { ChildProcess } from 'node:child_process';
import type { CacheLimits } from '../sandbox/live-isolates.ts';
import type { WorkerEvent, WorkerRequest, WorkerResponse } from '../sandbox/protocol.ts';
import type { WorkerConfig } from '../sandbox/worker.ts';
import { forkSandbox } from './sandbox-process.ts';

const WORKER_PATH = new URL('../sandbox/worker.ts', import.meta.url);

export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashed';
}

export interface PoolOptions {
  size: number;
  dataDir: string;
  cache: CacheLimits;
  onEvent: (event: WorkerEvent) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  child: ChildProcess;
  pending: Map<number, Pending>;
  /** Why the pool killed this worker, for the error its runs get. */
  killedFor?: string;
  crashes: number[];
}

type Request = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * Sandbox worker processes, each session pinned to one so its live isolate is reused. A worker
 * that dies is replaced at once; the requests it held fail with WorkerCrashedError.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly assignment = new Map<string, number>();
  private nextId = 1;
  private closing = false;
  private readonly options: PoolOptions;

  constructor(options: PoolOptions) {
    this.options = options;
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn(i, []));
  }

  private spawn(index: number, crashes: number[]): Slot {
    const config: WorkerConfig = { dataDir: this.options.dataDir, cache: this.options.cache };
    const child = forkSandbox(WORKER_PATH, { MCP_ISOLATE_WORKER: JSON.stringify(config) });
    const slot: Slot = { child, pending: new Map(), crashes };
    child.on('message', (message: WorkerResponse | WorkerEvent) => {
      if (message.type === 'evicted') {
        this.options.onEvent(message);
        return;
      }
      const pending = slot.pending.get(message.id);
      if (!pending) return;
      slot.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.result);
      else
        pending.reject(
          Object.assign(new Error(message.error.message), { name: message.error.name }),
        );
    });
    child.on('exit', (code, signal) => {
      const reason =
        slot.killedFor ?? `the sandbox worker exited (${signal ?? `code ${code}`}) during the run`;
      for (const pending of slot.pending.values()) {
        clearTimeout(pending.timer);
        pending.reject(new WorkerCrashedError(reason));
      }
      slot.pending.clear();
      if (this.closing) return;
      const now = Date.now();
      const recent = [...slot.crashes.filter((at) => now - at < 10_000), now];
      // A worker that keeps dying is restarted more slowly, never given up on.
      const respawn = () => {
        if (!this.closing) this.slots[index] = this.spawn(index, recent);
      };
      if (recent.length > 3) setTimeout(respawn, 1000).unref();
      else respawn();
    });
    return slot;
  }

  /** The worker a session's runs go to; new sessions go to the least loaded worker. */
  slotFor(session: string): number {
    let index = this.assignment.get(session);
    if (index === undefined) {
      const load = this.slots.map(() => 0);
      for (const assigned of this.assignment.values()) load[assigned] = (load[assigned] ?? 0) + 1;
      index = load.indexOf(Math.min(...load));
      this.assignment.set(session, index);
    }
    return index;
  }

  forget(session: string): void {
    this.assignment.delete(session);
  }

  /** Sends a request; a worker that has not answered after `killAfterMs` is killed. */
  request<T>(index: number, request: Request, killAfterMs?: number): Promise<T> {
    const slot = this.slots[index];
    if (!slot || this.closing)
      return Promise.reject(new WorkerCrashedError('the engine is closing'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { resolve: resolve as (value: unknown) => void, reject };
      if (killAfterMs !== undefined) {
        pending.timer = setTimeout(() => {
          slot.killedFor = `the sandbox worker did not answer within ${killAfterMs} ms and was restarted`;
          slot.child.kill('SIGKILL');
        }, killAfterMs);
      }
      slot.pending.set(id, pending);
      slot.child.send({ ...request, id } as WorkerRequest, (error) => {
        if (!error) return;
        slot.pending.delete(id);
        clearTimeout(pending.timer);
        reject(new WorkerCrashedError(`the sandbox worker is not reachable: ${error.message}`));
      });
    });
  }

  pids(): number[] {
    return this.slots.map((slot) => slot.child.pid ?? -1);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
            slot.child.once('exit', () => resolve());
            slot.child.kill('SIGTERM');
          }),
      ),
    );
  }
}
