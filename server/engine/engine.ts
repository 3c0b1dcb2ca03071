import { randomBytes, randomInt } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { type Limits, resolveLimits } from '../../contract/limits.ts';
import type { CacheLimits } from '../sandbox/live-isolates.ts';
import type {
  CancelledTimer,
  ConsoleLine,
  HeapInspection,
  RunOutcome,
  SnapshotOutcome,
} from '../sandbox/protocol.ts';
import { limitBroken, RunError, type RunErrorInfo } from '../sandbox/run-errors.ts';
import { type DataLayout, defaultDataDir } from '../store/data-dir.ts';
import { isHeapId, type PendingEntry, ROOT_HEAP } from '../store/journal-entry.ts';
import { isValidSessionName, type SessionRecord, SessionStore } from '../store/session-store.ts';
import { EngineError } from './engine-error.ts';
import { CodeSyntaxError, prepareCode } from './prepare-code.ts';
import { KeyedQueue } from './session-queue.ts';
import { snapshotInProcess } from './snapshot-process.ts';
import { SnapshotScheduler } from './snapshot-scheduler.ts';
import { BACKSTOP_GRACE_MS, WorkerCrashedError, WorkerPool } from './worker-pool.ts';

export interface EngineOptions {
  dataDir?: string;
  limits?: Partial<Limits>;
  /** Sandbox worker processes (default: cores, at least 1, at most 4). */
  workers?: number;
  cache?: Partial<CacheLimits>;
  /** How long a sandbox worker without work lives on (default WORKER_IDLE_MS). */
  workerIdleMs?: number;
  /** How long a session stays quiet before its newest heap is snapshotted. */
  snapshotIdleMs?: number;
  /** Where background problems (a failed snapshot) are reported. */
  log?: (message: string) => void;
}

export interface RunInput {
  code: string;
  /** The session to run in; created on first use. Without one, a new session is made. */
  session?: string;
  /** Start the session from this heap id (a fork when the session is new). */
  heap?: string;
}

export interface RunResult {
  ok: boolean;
  session: string;
  /** The session's heap after the run: the new heap, or the unchanged one after a failure. */
  heap: string;
  parent: string;
  value?: string;
  error?: RunErrorInfo;
  console: ConsoleLine[];
  cancelledTimers: CancelledTimer[];
  /** Pending timers not listed in cancelledTimers, which would have passed the output limit. */
  moreCancelledTimers?: number;
  durationMs: number;
  /** Where the session's heap came from: its live isolate, a snapshot, or a journal replay. */
  restoredFrom?: RunOutcome['restoredFrom'];
  /** Time spent restoring the heap before the code ran (part of durationMs). */
  restoreMs?: number;
}

export type EngineEvent =
  /** Every run, committed or not, in the order the runs ended. */
  | { type: 'run'; code: string; at: string; result: RunResult }
  | { type: 'session-forked'; session: string; heap: string }
  | { type: 'session-deleted'; session: string }
  | { type: 'snapshot-made'; session: string; heap: string; bytes: number };

export interface SessionSummary {
  name: string;
  head: string;
  runs: number;
  createdAt: string;
  updatedAt: string;
  forkedFrom?: SessionRecord['forkedFrom'];
  damaged?: string;
  recovered?: string;
  /** The session's newest heaps that have a snapshot (at most SNAPSHOTS_KEPT_PER_SESSION). */
  snapshots: number;
}

export interface HeapSummary {
  heap: string;
  parent: string;
  code: string;
  time: string;
  durationMs: number;
  /** Size of the heap snapshot file, when one has been made. */
  snapshotBytes?: number;
}

const DEFAULT_CACHE: CacheLimits = { maxIsolates: 32, maxBytes: 512 * 1024 * 1024 };

// Replaying a journal into a snapshot takes about as long as its runs took live; the deadline
// is generous on top, because a snapshot process that overruns is killed and tried again later.
const SNAPSHOT_BASE_MS = 60_000;
const SNAPSHOT_TIME_FACTOR = 10;

/**
 * Persistent JavaScript sessions: runs code in sandbox workers, commits each run to the session's
 * journal, and keeps snapshots of the heaps. Knows nothing of MCP or HTTP.
 */
export class Engine {
  private readonly queue = new KeyedQueue();
  private closed = false;
  private readonly store: SessionStore;
  private currentLimits: Limits;
  private readonly pool: WorkerPool;
  private readonly snapshots: SnapshotScheduler;
  private readonly stopping = new AbortController();
  private readonly listeners = new Set<(event: EngineEvent) => void>();

  private constructor(
    store: SessionStore,
    limits: Limits,
    pool: WorkerPool,
    snapshots: SnapshotScheduler,
  ) {
    this.store = store;
    this.currentLimits = limits;
    this.pool = pool;
    this.snapshots = snapshots;
  }

  static async start(options: EngineOptions = {}): Promise<Engine> {
    const limits = resolveLimits(options.limits);
    const store = await SessionStore.open(options.dataDir ?? defaultDataDir());
    const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
    for (const record of store.list()) {
      if (record.recovered) log(`session ${record.name} ${record.recovered}`);
    }
    let engine: Engine | undefined;
    const pool = new WorkerPool({
      size: options.workers ?? Math.min(4, Math.max(1, availableParallelism())),
      dataDir: store.layout.root,
      cache: { ...DEFAULT_CACHE, ...options.cache },
      ...(options.workerIdleMs !== undefined && { idleMs: options.workerIdleMs }),
      onEvent: (event) => engine?.scheduleSnapshotNow(event.session, event.heap),
    });
    const scheduler = new SnapshotScheduler(
      options.snapshotIdleMs ?? 1000,
      1,
      (job) => engine?.makeSnapshot(job.session, job.heap) ?? Promise.reject(new Error('closed')),
      (job, error) => log(`snapshot of ${job.session} at ${job.heap} failed: ${error.message}`),
    );
    engine = new Engine(store, limits, pool, scheduler);
    return engine;
  }

  async run(input: RunInput): Promise<RunResult> {
    this.assertOpen();
    if (input.session !== undefined) assertSessionName(input.session);
    const session = input.session ?? newSessionName();
    const at = now();
    const result = await this.queue.run(session, () => this.runInSession(session, input));
    this.emit({ type: 'run', code: input.code, at, result });
    return result;
  }

  get limits(): Limits {
    return this.currentLimits;
  }

  /** New limits for the runs that start from now on (checked: a bad value throws). */
  setLimits(limits: Partial<Limits>): void {
    this.currentLimits = resolveLimits({ ...this.currentLimits, ...limits });
  }

  /**
   * How long a worker gets to answer or announce its first bounded step before it is killed: a
   * backstop, since the worker bounds every step itself (restoring, each replayed entry, the run),
   * and each announced step moves the backstop to a few seconds past that step's deadline.
   */
  private workerDeadlineMs(): number {
    return this.currentLimits.timeoutMs + BACKSTOP_GRACE_MS;
  }

  /** Runs, session changes and snapshots, as they happen (for the GUI). */
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private async runInSession(session: string, input: RunInput): Promise<RunResult> {
    const started = performance.now();
    const existing = this.store.get(session);
    // Until the code is known to be valid, nothing is created: a bad first run leaves no session.
    let parent = existing ? existing.head : (input.heap ?? ROOT_HEAP);
    const fail = (error: RunError, extra: Partial<RunResult> = {}) =>
      ({
        ok: false,
        session,
        heap: parent,
        parent,
        error: error.info,
        console: [],
        cancelledTimers: [],
        durationMs: performance.now() - started,
        ...extra,
      }) satisfies RunResult;

    const codeBytes = Buffer.byteLength(input.code);
    if (codeBytes > this.currentLimits.codeBytes) {
      return fail(limitBroken.codeSize(this.currentLimits, codeBytes));
    }
    let prepared: ReturnType<typeof prepareCode>;
    try {
      prepared = prepareCode(input.code);
    } catch (error) {
      if (error instanceof CodeSyntaxError)
        return fail(new RunError('syntax_error', error.message));
      throw error;
    }
    parent = (await this.sessionForRun(session, input.heap)).head;
    const pending: PendingEntry = {
      parent,
      code: input.code,
      script: prepared.script,
      time: Date.now(),
      seed: randomInt(2 ** 32),
      output: this.currentLimits.outputBytes,
    };
    const worker = this.pool.slotFor(session);
    let outcome: RunOutcome;
    try {
      outcome = await this.pool.request<RunOutcome>(
        worker,
        { type: 'run', session, entry: pending, limits: this.currentLimits },
        this.workerDeadlineMs(),
      );
    } catch (error) {
      if (error instanceof WorkerCrashedError) {
        return fail(new RunError('worker_crashed', `${error.message}; the session is unchanged`));
      }
      throw error;
    }
    const base = {
      session,
      parent,
      console: outcome.console,
      cancelledTimers: outcome.cancelledTimers,
      ...(outcome.moreCancelledTimers > 0 && { moreCancelledTimers: outcome.moreCancelledTimers }),
      restoredFrom: outcome.restoredFrom,
      restoreMs: outcome.restoreMs,
    };
    const entry = outcome.entry;
    if (!outcome.ok || !entry) {
      return {
        ...base,
        ok: false,
        heap: parent,
        error: outcome.error ?? new RunError('thrown', 'unknown failure').info,
        durationMs: performance.now() - started,
      };
    }
    try {
      await this.store.append(session, entry);
    } catch (error) {
      await this.pool.request(worker, { type: 'evict', session }).catch(() => undefined);
      return fail(
        new RunError('commit_failed', `the run could not be saved: ${(error as Error).message}`),
      );
    }
    this.snapshots.touch({ session, heap: entry.heap });
    return {
      ...base,
      ok: true,
      heap: entry.heap,
      value: outcome.value,
      durationMs: performance.now() - started,
    };
  }

  /** The session a run goes to, created (or forked from `heap`) on first use. */
  private async sessionForRun(session: string, heap: string | undefined): Promise<SessionRecord> {
    const record = this.store.get(session);
    if (record?.damaged) {
      throw new EngineError('session_damaged', `session ${session} cannot run: ${record.damaged}`);
    }
    if (record && heap !== undefined && record.head !== heap) {
      throw new EngineError(
        'heap_conflict',
        `session ${session} is at heap ${record.head}, not ${heap}; to go on from ${heap}, ` +
          'run in a new session (or none) with that heap',
      );
    }
    if (record) return record;
    if (heap === undefined) return this.store.create({ name: session, createdAt: now() });
    return this.createFork(session, heap);
  }

  private async createFork(session: string, heap: string): Promise<SessionRecord> {
    if (!isHeapId(heap)) {
      throw new EngineError('unknown_heap', `${JSON.stringify(heap)} is not a heap id`);
    }
    const chain = await this.store.chainTo(heap);
    if (!chain) throw new EngineError('unknown_heap', `no session has heap ${heap}`);
    const forkedFrom = { session: chain.session, heap };
    return this.store.create({ name: session, createdAt: now(), forkedFrom }, chain.entries);
  }

  /** A new session that starts from `heap` (any session's). */
  async fork(input: { heap: string; session?: string }): Promise<SessionSummary> {
    this.assertOpen();
    if (input.session !== undefined) assertSessionName(input.session);
    const session = input.session ?? newSessionName();
    return this.queue.run(session, async () => {
      if (this.store.get(session)) {
        throw new EngineError('session_exists', `session ${session} already exists`);
      }
      const forked = summarize(await this.createFork(session, input.heap));
      this.emit({ type: 'session-forked', session, heap: input.heap });
      return forked;
    });
  }

  listSessions(): SessionSummary[] {
    return this.store.list().map(summarize);
  }

  /** Every heap of a session, oldest first, with the code that made it. */
  async history(session: string): Promise<HeapSummary[]> {
    this.requireSession(session);
    const [entries, present] = await Promise.all([
      this.store.entries(session),
      this.store.snapshotHeaps(),
    ]);
    return Promise.all(
      entries.map(async (entry) => ({
        heap: entry.heap,
        parent: entry.parent,
        code: entry.code,
        time: new Date(entry.time).toISOString(),
        durationMs: entry.ms,
        ...(present.has(entry.heap) && {
          snapshotBytes: await fileSize(this.store.layout.snapshot(entry.heap)),
        }),
      })),
    );
  }

  async deleteSession(session: string): Promise<void> {
    this.requireSession(session);
    await this.queue.run(session, async () => {
      this.snapshots.cancel(session);
      const worker = this.pool.slotFor(session);
      await this.pool.request(worker, { type: 'evict', session }).catch(() => undefined);
      this.pool.forget(session);
      await this.store.delete(session);
    });
    this.emit({ type: 'session-deleted', session });
  }

  /**
   * The globals of any heap (or the properties at `path` below them), read in a throwaway copy
   * of that heap: the session itself is not touched.
   */
  async inspectHeap(input: { heap: string; path?: string[] }): Promise<HeapInspection> {
    this.assertOpen();
    const chain = isHeapId(input.heap) ? await this.store.chainTo(input.heap) : undefined;
    if (!chain?.session) throw new EngineError('unknown_heap', `no session has heap ${input.heap}`);
    return this.pool.request<HeapInspection>(
      this.pool.slotFor(chain.session),
      {
        type: 'inspect',
        session: chain.session,
        heap: input.heap,
        path: input.path ?? [],
        limits: this.currentLimits,
      },
      this.workerDeadlineMs(),
    );
  }

  /**
   * A heap as a portable file: the journal from the root up to it, one JSON entry a line. Any
   * MCP Isolate rebuilds the heap from it exactly; it holds no V8-specific bytes.
   */
  async exportHeap(heap: string): Promise<string> {
    const chain = isHeapId(heap) ? await this.store.chainTo(heap) : undefined;
    if (!chain) throw new EngineError('unknown_heap', `no session has heap ${heap}`);
    return chain.entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
  }

  /** Makes the snapshot of a session's newest heap now (the GUI asks for this). */
  async snapshot(session: string): Promise<SnapshotOutcome> {
    const record = this.requireSession(session);
    return this.snapshots.now({ session, heap: record.head });
  }

  private scheduleSnapshotNow(session: string, heap: string): void {
    if (heap === ROOT_HEAP || !this.store.get(session)) return;
    this.snapshots.soon({ session, heap });
  }

  private async makeSnapshot(session: string, heap: string): Promise<SnapshotOutcome> {
    if (heap === ROOT_HEAP) return { heap, bytes: 0, ms: 0, created: false };
    if (this.stopping.signal.aborted)
      throw new EngineError('engine_closed', 'the engine is shut down');
    this.requireSession(session);
    const entries = await this.store.entries(session);
    const index = entries.findIndex((entry) => entry.heap === heap);
    if (index === -1)
      throw new EngineError('unknown_heap', `session ${session} has no heap ${heap}`);
    const runMs = entries.slice(0, index + 1).reduce((sum, entry) => sum + entry.ms, 0);
    const outcome = await snapshotInProcess(
      {
        dataDir: this.store.layout.root,
        session,
        heap,
        deadlineMs: SNAPSHOT_BASE_MS + SNAPSHOT_TIME_FACTOR * runMs,
      },
      this.stopping.signal,
    );
    this.store.snapshotMade(session, heap, index);
    if (outcome.created) {
      await this.store.pruneSnapshots();
      this.emit({ type: 'snapshot-made', session, heap, bytes: outcome.bytes });
    }
    return outcome;
  }

  /** Where this engine keeps its files. */
  get layout(): DataLayout {
    return this.store.layout;
  }

  workerPids(): number[] {
    return this.pool.pids();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.idle();
    // Snapshots in the making are dropped: they are made again from the journal when needed.
    this.stopping.abort();
    await this.snapshots.close();
    await this.pool.close();
  }

  private requireSession(session: string): SessionRecord {
    const record = this.store.get(session);
    if (!record) throw new EngineError('unknown_session', `no session named ${session}`);
    return record;
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineError('engine_closed', 'the engine is shut down');
  }
}

function assertSessionName(name: string): void {
  if (!isValidSessionName(name)) {
    throw new EngineError(
      'invalid_session_name',
      `invalid session name ${JSON.stringify(name)}: use 1-64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, not ending with '.', and not a Windows device name such as "con"`,
    );
  }
}

function newSessionName(): string {
  return `session-${randomBytes(4).toString('hex')}`;
}

function now(): string {
  return new Date().toISOString();
}

function summarize(record: SessionRecord): SessionSummary {
  return {
    name: record.name,
    head: record.head,
    runs: record.runs,
    createdAt: record.createdAt,
    updatedAt:
      record.lastRunTime !== undefined
        ? new Date(record.lastRunTime).toISOString()
        : record.createdAt,
    forkedFrom: record.forkedFrom,
    damaged: record.damaged,
    recovered: record.recovered,
    snapshots: record.snapshots.length,
  };
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}
