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
  onEvent: (event: Extract<WorkerEvent, { type: 'evicted' }>) => void;
}

interface Pending {
  request: WorkerRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  /** How long the worker has until it answers or announces its first step. */
  killAfterMs?: number;
  /** Sent again once already, after its worker was killed for another request. */
  retried: boolean;
}

interface Slot {
  child: ChildProcess;
  pending: Map<number, Pending>;
  /** The request the pool killed this worker for, and why, for the error it gets. */
  killed?: { id: number; reason: string };
  crashes: number[];
}

type Request = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * How long past a step's announced deadline the pool waits before it kills the worker. The worker
 * enforces every deadline itself (isolated-vm's timeout, then disposing the isolate); this is for
 * a worker that stopped answering altogether.
 */
export const BACKSTOP_GRACE_MS = 3000;

/**
 * Sandbox worker processes, each session pinned to one so its live isolate is reused. A worker
 * that dies is replaced at once; the requests it held fail with WorkerCrashedError, except when
 * the pool killed it for one request: the others committed nothing and run again on the new one.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  /** Requests that wait for a worker being restarted. */
  private readonly waiting = new Map<number, Pending[]>();
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
      if (message.type === 'deadline') {
        this.arm(slot, pending, message.ms + BACKSTOP_GRACE_MS);
        return;
      }
      slot.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.result);
      else
        pending.reject(
          Object.assign(new Error(message.error.message), { name: message.error.name }),
        );
    });
    child.on('exit', (code, signal) => {
      const { killed } = slot;
      const again: Pending[] = [];
      for (const [id, pending] of slot.pending) {
        clearTimeout(pending.timer);
        if (killed && id !== killed.id && !pending.retried && !this.closing) {
          again.push({ ...pending, retried: true });
          continue;
        }
        const reason =
          killed?.id === id
            ? killed.reason
            : `the sandbox worker exited (${signal ?? `code ${code}`}) during the run`;
        pending.reject(new WorkerCrashedError(reason));
      }
      slot.pending.clear();
      if (this.closing) return;
      this.waiting.set(index, [...(this.waiting.get(index) ?? []), ...again]);
      const now = Date.now();
      const recent = [...slot.crashes.filter((at) => now - at < 10_000), now];
      // A worker that keeps dying is restarted more slowly, never given up on.
      const respawn = () => {
        if (this.closing) return;
        const fresh = this.spawn(index, recent);
        this.slots[index] = fresh;
        const queued = this.waiting.get(index) ?? [];
        this.waiting.delete(index);
        for (const pending of queued) this.send(fresh, pending);
      };
      if (recent.length > 3) setTimeout(respawn, 1000).unref();
      else respawn();
    });
    return slot;
  }

  /** Kills the worker unless `pending` is answered (or its deadline moves) within `ms`. */
  private arm(slot: Slot, pending: Pending, ms: number): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      slot.killed ??= {
        id: pending.request.id,
        reason: `the sandbox worker did not answer within ${ms} ms and was restarted`,
      };
      slot.child.kill('SIGKILL');
    }, ms);
  }

  private send(slot: Slot, pending: Pending): void {
    const { id } = pending.request;
    slot.pending.set(id, pending);
    if (pending.killAfterMs !== undefined) this.arm(slot, pending, pending.killAfterMs);
    slot.child.send(pending.request, (error) => {
      if (!error || !slot.pending.has(id)) return;
      slot.pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(
        new WorkerCrashedError(`the sandbox worker is not reachable: ${error.message}`),
      );
    });
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

  /**
   * Sends a request; a worker that has not answered (or announced a step's deadline) after
   * `killAfterMs` is killed.
   */
  request<T>(index: number, request: Request, killAfterMs?: number): Promise<T> {
    const slot = this.slots[index];
    if (!slot || this.closing)
      return Promise.reject(new WorkerCrashedError('the engine is closing'));
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        request: { ...request, id: this.nextId++ } as WorkerRequest,
        resolve: resolve as (value: unknown) => void,
        reject,
        killAfterMs,
        retried: false,
      };
      this.send(slot, pending);
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
