import type { ChildProcess } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunProgress } from '../../contract/active-runs.ts';
import type { CacheLimits } from '../sandbox/live-isolates.ts';
import type {
  HostReply,
  WorkerAnswers,
  WorkerAsk,
  WorkerConfig,
  WorkerEvent,
  WorkerRequest,
  WorkerRequestType,
  WorkerResponse,
} from '../sandbox/protocol.ts';
import { dataLayout } from '../store/data-dir.ts';
import { processAlive } from '../store/process-alive.ts';
import { checkedAsk } from './checked-ask.ts';
import type { HostServices } from './engine-types.ts';
import { forkSandbox } from './sandbox-process.ts';

const WORKER_PATH = new URL('../sandbox/worker.ts', import.meta.url);

export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashed';
}

export interface PoolOptions {
  size: number;
  dataDir: string;
  cache: CacheLimits;
  /** A worker with nothing to do for this long exits (its sessions restore from snapshots). */
  idleMs?: number;
  onEvent: (event: Extract<WorkerEvent, { type: 'evicted' }>) => void;
  /** See EngineOptions.preludeAppendix. */
  preludeAppendix?: string;
  /** What the workers' asks go to (EngineOptions.host); without it each is refused. */
  host?: HostServices;
  /** The worker's script: tests put a stub in its place. */
  workerPath?: URL;
}

/** Long enough that a conversation's pauses keep its isolates live; short for a tray app at rest. */
export const WORKER_IDLE_MS = 60_000;

interface Pending {
  request: WorkerRequest;
  resolve: (value: WorkerAnswers[WorkerRequestType]) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
  /** How long the worker has until it answers or announces its first step. */
  killAfterMs?: number;
  /** Sent again once already, after its worker was killed for another request. */
  retried: boolean;
  /** The run asked the server (a tool call may have been made): it is never sent again. */
  asked?: boolean;
  /** The asks the run made, held to its mcpCalls (an honest worker counts them itself). */
  asks?: number;
  onProgress?: (progress: RunProgress) => void;
}

/** How a request is watched: see WorkerPool.request. */
export interface RequestOptions {
  killAfterMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Each progress event of a run, in order, before its answer. */
  onProgress?: ((progress: RunProgress) => void) | undefined;
}

interface Slot {
  child: ChildProcess;
  pending: Map<number, Pending>;
  /** The request the pool killed this worker for, and why, for the error it gets. */
  killed?: { id: number; reason: string };
  /** Ends the worker once it has been idle for `idleMs`. */
  idle?: NodeJS.Timeout;
  retired: boolean;
  /** The worker's asks under way, by its number for them, with the run request asking. */
  asks: Map<number, { run: number; controller: AbortController }>;
}

/** A request as a caller sends it: the pool numbers it. */
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
 * Sandbox worker processes, each session pinned to one so its live isolate is reused. Workers
 * start when a request needs one and exit after `idleMs` without work, so a server at rest holds
 * none. A worker that dies fails the requests it held with WorkerCrashedError, except when the
 * pool killed it for one request: the others committed nothing and run again on a new worker.
 */
export class WorkerPool {
  private readonly slots: (Slot | undefined)[];
  /** Every worker process not yet exited, retired ones included. */
  private readonly living = new Set<Slot>();
  private readonly assignment = new Map<string, number>();
  private nextId = 1;
  /** Numbers each worker started, for its build folder. */
  private started = 0;
  /** Build folders of exited workers being removed. */
  private readonly clearing = new Set<Promise<void>>();
  private closing = false;
  private readonly options: PoolOptions;

  constructor(options: PoolOptions) {
    this.options = options;
    this.slots = Array.from({ length: options.size }, () => undefined);
  }

  /**
   * Removes the build folders no running server uses: a worker killed mid-build, or a whole
   * server that died with its workers, left them. Each folder names its server's process id, so a
   * second server on the data directory (which the control socket should prevent) keeps its own.
   */
  static async clearBuilds(dataDir: string): Promise<void> {
    const builds = dataLayout(dataDir).builds;
    const folders = await readdir(builds).catch(() => []);
    await Promise.all(
      folders
        .filter((folder) => {
          const pid = Number(/^(\d+)-\d+$/.exec(folder)?.[1]);
          return !(pid > 0) || pid === process.pid || !processAlive(pid);
        })
        .map((folder) => rm(join(builds, folder), { recursive: true, force: true, maxRetries: 3 })),
    );
  }

  /** The worker at `index`, started if it is not running. */
  private slotAt(index: number): Slot {
    const running = this.slots[index];
    if (running && !running.retired) return running;
    const slot = this.spawn(index);
    this.slots[index] = slot;
    return slot;
  }

  private spawn(index: number): Slot {
    const buildDir = dataLayout(this.options.dataDir).workerBuilds(process.pid, ++this.started);
    const config: WorkerConfig = {
      dataDir: this.options.dataDir,
      cache: this.options.cache,
      buildDir,
      ...(this.options.preludeAppendix !== undefined && {
        preludeAppendix: this.options.preludeAppendix,
      }),
    };
    const child = forkSandbox(this.options.workerPath ?? WORKER_PATH, {
      MCP_ISOLATE_WORKER: JSON.stringify(config),
    });
    const slot: Slot = { child, pending: new Map(), retired: false, asks: new Map() };
    this.living.add(slot);
    child.on('message', (message: WorkerResponse | WorkerEvent | WorkerAsk) => {
      // Forged by a worker that escaped its isolate: nothing to read.
      if (typeof message !== 'object' || message === null) return;
      if (message.type === 'ask') {
        this.answerAsk(slot, message);
        return;
      }
      if (message.type === 'ask-cancel') {
        slot.asks.get(message.ask)?.controller.abort(new Error('the run withdrew the ask'));
        return;
      }
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
      if (message.type === 'progress') {
        pending.onProgress?.(message.progress);
        return;
      }
      this.settle(slot, message.id);
      if (message.ok) pending.resolve(message.result);
      else
        pending.reject(
          Object.assign(new Error(message.error.message), { name: message.error.name }),
        );
    });
    child.on('exit', (code, signal) => {
      const { killed } = slot;
      clearTimeout(slot.idle);
      this.living.delete(slot);
      // A build the worker was killed in the middle of leaves its folder: no one else uses it.
      const clearing: Promise<void> = rm(buildDir, { recursive: true, force: true, maxRetries: 3 })
        .catch(() => undefined)
        .finally(() => this.clearing.delete(clearing));
      this.clearing.add(clearing);
      if (this.slots[index] === slot) this.slots[index] = undefined;
      // A dead worker's calls are withdrawn upstream: no one is left to receive their answers.
      for (const { controller } of slot.asks.values()) {
        controller.abort(new Error('the sandbox worker exited'));
      }
      slot.asks.clear();
      const again: Pending[] = [];
      for (const [id, pending] of slot.pending) {
        clearTimeout(pending.timer);
        const other = killed && id !== killed.id;
        if (other && !pending.retried && !pending.asked && !this.closing) {
          again.push({ ...pending, retried: true });
          continue;
        }
        const reason =
          killed?.id === id
            ? killed.reason
            : other && pending.asked
              ? 'the sandbox worker was restarted for another run after this run asked for an MCP tool call; the call may have been made'
              : `the sandbox worker exited (${signal ?? `code ${code}`}) during the run`;
        pending.reject(new WorkerCrashedError(reason));
      }
      slot.pending.clear();
      if (again.length === 0 || this.closing) return;
      const fresh = this.slotAt(index);
      for (const pending of again) this.send(fresh, pending);
    });
    return slot;
  }

  /**
   * Passes a worker's ask to the host and sends its answer back. The worker is untrusted (one
   * that escaped its isolate can forge messages): an ask must name a run of its own under way, be
   * of a shape the host takes (see checkedAsk), and be within the run's mcpCalls; whatever the
   * host throws is a refusal, never the server's crash.
   */
  private answerAsk(slot: Slot, { ask, run, request }: Extract<WorkerAsk, { type: 'ask' }>): void {
    const reply = (message: HostReply) => {
      if (slot.child.connected) slot.child.send(message, () => undefined);
    };
    const refuse = (error: { name: string; message: string }) =>
      reply({ type: 'reply', ask, ok: false, error: { name: error.name, message: error.message } });
    const pending = slot.pending.get(run);
    if (pending?.request.type !== 'run' || slot.asks.has(ask)) {
      refuse({ name: 'Error', message: `ask ${ask} names no run under way in this worker` });
      return;
    }
    const { host } = this.options;
    if (!host) {
      refuse({ name: 'Error', message: 'no MCP servers in this engine' });
      return;
    }
    const { limits, session } = pending.request;
    const checked = checkedAsk(request, limits);
    if ('refused' in checked) {
      refuse({ name: 'Error', message: checked.refused });
      return;
    }
    pending.asks = (pending.asks ?? 0) + 1;
    if (pending.asks > limits.mcpCalls) {
      refuse({ name: 'Error', message: `the run asked more than mcpCalls=${limits.mcpCalls}` });
      return;
    }
    pending.asked = true;
    const asking = { run, controller: new AbortController() };
    slot.asks.set(ask, asking);
    const done = () => {
      if (slot.asks.get(ask) === asking) slot.asks.delete(ask);
    };
    const context = { session, signal: asking.controller.signal };
    // Asked now, before a withdrawal that came in the same read can abort the signal; a throw is
    // the ask's failure.
    let answer: ReturnType<HostServices['ask']>;
    try {
      answer = host.ask(checked, context);
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (result) => {
        done();
        reply({ type: 'reply', ask, ok: true, result });
      },
      (error: unknown) => {
        done();
        refuse(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /** A request is answered: the worker starts its idle countdown when it has none left. */
  private settle(slot: Slot, id: number): void {
    const pending = slot.pending.get(id);
    clearTimeout(pending?.timer);
    slot.pending.delete(id);
    // A run's answer ends its asks: anything still under way is withdrawn.
    for (const [ask, { run, controller }] of slot.asks) {
      if (run !== id) continue;
      controller.abort(new Error('the run ended'));
      slot.asks.delete(ask);
    }
    if (slot.pending.size > 0) return;
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      if (slot.pending.size > 0) return;
      // Retired first, so no request is sent to a worker on its way out.
      slot.retired = true;
      slot.child.kill('SIGTERM');
    }, this.options.idleMs ?? WORKER_IDLE_MS);
    slot.idle.unref();
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
    clearTimeout(slot.idle);
    slot.pending.set(id, pending);
    if (pending.killAfterMs !== undefined) this.arm(slot, pending, pending.killAfterMs);
    slot.child.send(pending.request, (error) => {
      if (!error || !slot.pending.has(id)) return;
      this.settle(slot, id);
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
   * `killAfterMs` is killed. Aborting `signal` asks the worker to cancel the request (a run): it
   * then answers with a cancelled run.
   */
  request<R extends Request>(
    index: number,
    request: R,
    { killAfterMs, signal, onProgress }: RequestOptions = {},
  ): Promise<WorkerAnswers[R['type']]> {
    type Answer = WorkerAnswers[R['type']];
    if (this.closing) return Promise.reject(new WorkerCrashedError('the engine is closing'));
    // Evicting from a worker that is not running has nothing to do.
    if (request.type === 'evict' && !this.slots[index]) return Promise.resolve(null as Answer);
    const slot = this.slotAt(index);
    const id = this.nextId++;
    // The request may have moved to a new worker since (see the exit handler): ask the current one.
    const cancel = () => {
      if (this.slots[index]?.pending.has(id)) {
        this.request(index, { type: 'cancel', run: id }).catch(() => undefined);
      }
    };
    return new Promise<Answer>((resolve, reject) => {
      const done = () => signal?.removeEventListener('abort', cancel);
      const pending: Pending = {
        request: { ...request, id } as WorkerRequest,
        resolve: (value) => {
          done();
          // The worker answers a request of each type with that type's answer (its handler table).
          resolve(value as Answer);
        },
        reject: (error) => {
          done();
          reject(error);
        },
        killAfterMs,
        retried: false,
        ...(onProgress && { onProgress }),
      };
      this.send(slot, pending);
      signal?.addEventListener('abort', cancel, { once: true });
      if (signal?.aborted) cancel();
    });
  }

  /** The running workers' process ids. */
  pids(): number[] {
    return this.slots.flatMap((slot) => (slot && !slot.retired ? [slot.child.pid ?? -1] : []));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.living].map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
            slot.child.once('exit', () => resolve());
            slot.child.kill('SIGTERM');
          }),
      ),
    );
    await Promise.all(this.clearing);
  }
}
