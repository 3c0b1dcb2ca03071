import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { ActiveRun } from '../../contract/active-runs.ts';
import type { HeapInspection } from '../../contract/heap-inspection.ts';
import { type Limits, resolveLimits } from '../../contract/limits.ts';
import { DEFAULT_NPM_REGISTRY } from '../../contract/package-policy.ts';
import type { RunReport } from '../../contract/run-report.ts';
import { type FileListing, normalFilePath } from '../../contract/session-files.ts';
import { isExpired } from '../../contract/session-retention.ts';
import type { HeapSummary, SessionPackage, SessionSummary } from '../../contract/sessions.ts';
import type { CacheLimits } from '../sandbox/live-isolates.ts';
import type {
  NetPolicy,
  PackagePolicy,
  SnapshotOutcome,
  UpstreamPolicy,
} from '../sandbox/protocol.ts';
import { cancelledRun } from '../sandbox/run-errors.ts';
import { sandboxRuntime } from '../sandbox/runtime-source.ts';
import { readBlob } from '../store/blob-store.ts';
import { type BlobSweep, sweepBlobs } from '../store/blob-sweep.ts';
import { type DataLayout, defaultDataDir } from '../store/data-dir.ts';
import {
  EMPTY_TREE,
  fileInfoOf,
  IMPLICIT_DIRS,
  nodesBelow,
  type TreeNode,
  treeTotals,
} from '../store/file-tree.ts';
import { readTree, treeAt } from '../store/heap-files.ts';
import { isHeapId, ROOT_HEAP } from '../store/journal-entry.ts';
import { type SessionRecord, SessionStore } from '../store/session-store.ts';
import { BlobCollector } from './blob-collector.ts';
import { EngineError } from './engine-error.ts';
import type {
  EngineEvent,
  EngineOptions,
  FileRead,
  FilesQuery,
  RunInput,
  RunOptions,
} from './engine-types.ts';
import { exportText } from './heap-export.ts';
import { RetentionSweeper } from './retention-sweeper.ts';
import { failedRun, runInSession } from './run-in-session.ts';
import { assertSessionName, createFork, newSessionName, now, summarize } from './session-access.ts';
import { KeyedQueue } from './session-queue.ts';
import { snapshotInProcess } from './snapshot-process.ts';
import { SnapshotScheduler } from './snapshot-scheduler.ts';
import { BACKSTOP_GRACE_MS, WorkerPool } from './worker-pool.ts';

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
  private netPolicy: NetPolicy = { allowNet: [], netHeaders: [] };
  /** Which of the user's other MCP servers runs may call (none until set). */
  private upstreamPolicy: UpstreamPolicy = { servers: {} };
  /** The server's own port, which nothing a run makes the host fetch may reach (RunRequest). */
  private ownPort: number | undefined;
  private packagePolicy: PackagePolicy = {
    enabled: true,
    registry: DEFAULT_NPM_REGISTRY,
    allow: [],
  };
  private readonly pool: WorkerPool;
  private readonly snapshots: SnapshotScheduler;
  private readonly stopping = new AbortController();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  /** Runs queued or under way, and how to cancel each. */
  private readonly active = new Map<string, { run: ActiveRun; cancel: AbortController }>();
  /** See EngineOptions.preludeAppendix. */
  private readonly preludeAppendix: string | undefined;
  /** The runtime the sandbox processes run (SandboxRuntime's id). */
  private readonly runtime: string;
  /** Removes the unnamed sessions idle past their retention (setUnnamedRetention). */
  private readonly retention: RetentionSweeper;
  /** Removes the blobs no session names any more, after deletes and at start. */
  private readonly blobs: BlobCollector;

  private constructor(
    store: SessionStore,
    limits: Limits,
    pool: WorkerPool,
    snapshots: SnapshotScheduler,
    preludeAppendix: string | undefined,
    log: (message: string) => void,
    blobGraceMs: number | undefined,
  ) {
    this.store = store;
    this.currentLimits = limits;
    this.pool = pool;
    this.snapshots = snapshots;
    this.preludeAppendix = preludeAppendix;
    this.runtime = sandboxRuntime(preludeAppendix).id;
    this.retention = new RetentionSweeper(
      (retentionMs) => this.removeExpired(retentionMs),
      (error) => log(`removing unnamed idle sessions failed: ${error.message}`),
    );
    this.blobs = new BlobCollector(
      (signal) =>
        sweepBlobs(store.layout, {
          signal,
          holds: store.blobHolds,
          ...(blobGraceMs !== undefined && { graceMs: blobGraceMs }),
        }),
      (sweep) => {
        if (sweep.removed === 0 && !sweep.skipped) return;
        log(
          sweep.skipped
            ? 'sweeping blobs: sessions were forked or renamed all along, nothing removed'
            : `sweeping blobs: removed ${sweep.removed} no session names (${sweep.removedBytes} bytes) in ${Math.round(sweep.ms)} ms`,
        );
      },
      (error) => log(`sweeping blobs failed: ${error.message}`),
    );
  }

  static async start(options: EngineOptions = {}): Promise<Engine> {
    const limits = resolveLimits(options.limits);
    const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
    const store = await SessionStore.open(options.dataDir ?? defaultDataDir(), {
      report: (session, note) => log(`session ${session} ${note}`),
      ...(options.openJournals !== undefined && { openJournals: options.openJournals }),
    });
    await WorkerPool.clearBuilds(store.layout.root);
    let engine: Engine | undefined;
    const pool = new WorkerPool({
      size: options.workers ?? Math.min(4, Math.max(1, availableParallelism())),
      dataDir: store.layout.root,
      cache: { ...DEFAULT_CACHE, ...options.cache },
      ...(options.workerIdleMs !== undefined && { idleMs: options.workerIdleMs }),
      onEvent: (event) => engine?.scheduleSnapshotNow(event.session, event.heap),
      ...(options.preludeAppendix !== undefined && { preludeAppendix: options.preludeAppendix }),
      ...(options.host && { host: options.host }),
    });
    const scheduler = new SnapshotScheduler(
      options.snapshotIdleMs ?? 1000,
      1,
      (job) => engine?.makeSnapshot(job.session, job.heap) ?? Promise.reject(new Error('closed')),
      (job, error) => log(`snapshot of ${job.session} at ${job.heap} failed: ${error.message}`),
    );
    engine = new Engine(
      store,
      limits,
      pool,
      scheduler,
      options.preludeAppendix,
      log,
      options.blobGraceMs,
    );
    if (options.net) engine.setNetPolicy(options.net);
    if (options.packages) engine.setPackagePolicy(options.packages);
    if (options.upstream) engine.setUpstreamPolicy(options.upstream);
    // What deletes before a crash or an update left behind; it runs beside the first requests.
    engine.blobs.request();
    return engine;
  }

  async run(input: RunInput, options: RunOptions = {}): Promise<RunReport> {
    this.assertOpen();
    if (input.session !== undefined) assertSessionName(input.session);
    const session = input.session ?? newSessionName();
    const run: ActiveRun = {
      id: randomBytes(8).toString('hex'),
      session,
      code: input.code,
      origin: options.origin ?? { kind: 'api' },
      startedAt: now(),
    };
    const cancel = new AbortController();
    const signal = options.signal
      ? AbortSignal.any([options.signal, cancel.signal])
      : cancel.signal;
    this.active.set(run.id, { run, cancel });
    this.emit({ type: 'run-started', run });
    const started = performance.now();
    let dequeued = false;
    const ran = this.queue.run(session, () => {
      dequeued = true;
      if (signal.aborted) return Promise.resolve(this.cancelled(session, input, started));
      const context = {
        store: this.store,
        pool: this.pool,
        snapshots: this.snapshots,
        limits: this.currentLimits,
        net: this.netPolicy,
        packages: this.packagePolicy,
        upstream: this.upstreamPolicy,
        ownPort: this.ownPort,
        runtime: this.runtime,
        workerDeadlineMs: this.workerDeadlineMs(),
      };
      return runInSession(context, session, input, {
        signal,
        onProgress: (progress) => {
          // The window shows it on the active run; the caller gets it as it comes.
          run.progress = progress;
          this.emit({ type: 'run-progress', run });
          options.onProgress?.(progress);
        },
      });
    });
    let result: RunReport;
    try {
      result = await new Promise<RunReport>((resolve, reject) => {
        // Cancelled while it waits behind the session's other runs: answered at once. Once under
        // way, the worker stops it and it answers as a cancelled run (or ends well, if too late).
        const whileQueued = () => {
          if (!dequeued) resolve(this.cancelled(session, input, started));
        };
        signal.addEventListener('abort', whileQueued, { once: true });
        ran.then(resolve, reject).finally(() => signal.removeEventListener('abort', whileQueued));
      });
    } catch (error) {
      // Refused before it ran (an unknown heap, a closing engine): it is no longer active.
      this.active.delete(run.id);
      this.emit({ type: 'run-refused', run });
      throw error;
    }
    this.active.delete(run.id);
    this.emit({ type: 'run', run, result });
    return result;
  }

  private cancelled(session: string, input: RunInput, started: number): RunReport {
    const heap = this.store.get(session)?.head ?? input.heap ?? ROOT_HEAP;
    return failedRun(session, heap, cancelledRun(), performance.now() - started);
  }

  /** The runs queued or under way, oldest first. */
  activeRuns(): ActiveRun[] {
    return [...this.active.values()].map(({ run }) => run);
  }

  /** Cancels a queued or running run; false when it is not (or no longer) active. */
  cancelRun(id: string): boolean {
    const active = this.active.get(id);
    active?.cancel.abort();
    return active !== undefined;
  }

  get limits(): Limits {
    return this.currentLimits;
  }

  /** New limits for the runs that start from now on (checked: a bad value throws). */
  setLimits(limits: Partial<Limits>): void {
    this.currentLimits = resolveLimits({ ...this.currentLimits, ...limits });
  }

  /** What the runs that start from now on may fetch, and the secret headers added. */
  setNetPolicy({ allowNet, netHeaders }: NetPolicy): void {
    this.netPolicy = {
      ...this.netPolicy,
      allowNet: [...allowNet],
      netHeaders: netHeaders.map((header) => ({ ...header })),
    };
  }

  /** Which of the user's other MCP servers, and which tools, the runs from now on may call. */
  setUpstreamPolicy({ servers }: UpstreamPolicy): void {
    this.upstreamPolicy = {
      servers: Object.fromEntries(
        Object.entries(servers).map(([name, { allowTools, disabled }]) => [
          name,
          { allowTools: [...allowTools], disabled },
        ]),
      ),
    };
  }

  /** Whether the runs that start from now on may import packages, from where, and which. */
  setPackagePolicy({ enabled, registry, token, allow }: PackagePolicy): void {
    this.packagePolicy = {
      enabled,
      registry: registry.endsWith('/') ? registry : `${registry}/`,
      ...(token !== undefined && { token }),
      allow: [...allow],
    };
  }

  /** The packages a session's journal pinned. */
  async packages(session: string): Promise<SessionPackage[]> {
    this.requireSession(session);
    const lock = this.store.packageLock(session);
    return Object.values(lock.packages).map((locked) => ({
      name: locked.name,
      version: locked.version,
      integrity: locked.integrity,
      tarballBytes: locked.bytes,
      dependencies: locked.dependencies.length,
      bundles: Object.entries(locked.bundles).map(([subpath, { bytes }]) => ({ subpath, bytes })),
    }));
  }

  /** The port the server listens on, which runs may never reach (see RunRequest). */
  setOwnPort(port: number): void {
    this.ownPort = port;
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

  /** A new session that starts from `heap` (any session's). */
  async fork(input: { heap: string; session?: string }): Promise<SessionSummary> {
    this.assertOpen();
    if (input.session !== undefined) assertSessionName(input.session);
    const session = input.session ?? newSessionName();
    return this.queue.run(session, async () => {
      if (this.store.get(session)) {
        throw new EngineError('session_exists', `session ${session} already exists`);
      }
      const forked = summarize(await createFork(this.store, session, input.heap));
      this.emit({ type: 'session-forked', session, heap: input.heap });
      return forked;
    });
  }

  /**
   * A diverged session goes on from the snapshot its divergence offers (made by the runtime that
   * ran it, loading here): its heap exactly as it was, where replaying would give another.
   */
  async keepSnapshot(session: string): Promise<SessionSummary> {
    this.assertOpen();
    this.requireSession(session);
    return this.queue.run(session, async () => {
      const record = this.requireSession(session);
      const offered = record.diverged?.snapshot;
      if (!offered) {
        throw new EngineError(
          'no_snapshot_to_keep',
          `session ${session} has no snapshot to keep: only a session whose replay differs, with a snapshot its runtime made that still loads here, has one`,
        );
      }
      await this.store.keepSnapshot(session, offered);
      this.emit({ type: 'snapshot-kept', session, heap: offered.heap });
      return summarize(record);
    });
  }

  /** Keeps a run, as the caller shaped it, as the newest of its session's recent runs. */
  recordRun(session: string, run: object): Promise<void> {
    return this.store.runs.record(session, run);
  }

  /** A session's recent runs (RUNS_KEPT), oldest first, as recordRun was given them. */
  runs(session: string): Promise<object[]> {
    return this.store.runs.list(session);
  }

  listSessions(): SessionSummary[] {
    return this.store.list().map(summarize);
  }

  /** Every heap of a session, oldest first, with the code that made it. */
  async history(session: string): Promise<HeapSummary[]> {
    const record = this.requireSession(session);
    const entries = await this.store.entries(session);
    // The heaps its summary counts in heapsWithSnapshot: the store notes a snapshot file in
    // every session that holds its heap, just after the file appears.
    const present = new Set(record.snapshots.map(({ heap }) => heap));
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
    await this.queue.run(session, () => this.removeSession(session));
    this.emit({ type: 'session-deleted', session });
  }

  /**
   * In the session's turn: its snapshots, its live isolate and its folder go, and then, in a
   * sweep of the blob store, the blobs no other session names (once past their grace).
   */
  private async removeSession(session: string): Promise<void> {
    this.snapshots.cancel(session);
    const worker = this.pool.slotFor(session);
    await this.pool.request(worker, { type: 'evict', session }).catch(() => undefined);
    this.pool.forget(session);
    await this.store.delete(session);
    this.blobs.request();
  }

  /**
   * Sweeps the blob store now (after the sweep under way, if one is): the blobs no session names
   * and older than the grace go (store/blob-sweep.ts).
   */
  sweepBlobs(): Promise<BlobSweep> {
    this.assertOpen();
    return this.blobs.sweepNow();
  }

  /**
   * From now on, a session a client never named (`session-…`) is removed once it has had no run
   * for `retentionMs` (contract/session-retention.ts); 0 keeps every session. A named session is
   * never removed, nor a damaged one (its files wait for a person), nor one with a run queued or
   * under way.
   */
  setUnnamedRetention(retentionMs: number): void {
    this.retention.set(retentionMs);
  }

  /** Removes the sessions expired under `retentionMs`, one at a time, in each one's turn. */
  private async removeExpired(retentionMs: number): Promise<void> {
    const due = (record: SessionRecord) =>
      !record.damaged &&
      isExpired(summarize(record), retentionMs, Date.now()) &&
      !this.activeRuns().some((run) => run.session === record.name);
    for (const record of this.store.list().filter(due)) {
      if (this.closed) return;
      const { name } = record;
      // Checked again in its turn: a run may have come meanwhile, or a rename or delete.
      const removed = await this.queue.run(name, async () => {
        if (this.store.get(name) !== record || !due(record)) return false;
        await this.removeSession(name);
        return true;
      });
      if (removed) this.emit({ type: 'session-deleted', session: name });
    }
  }

  /**
   * Gives a session another name (SessionStore.rename: its heaps keep their ids, its forks
   * follow). Refused while a run is queued or under way in it: that run's caller named the old
   * name. Its live isolate is dropped, since a worker keeps isolates by session name, so its next
   * run restores from its newest snapshot, which is made now if the session had none of its head.
   */
  async renameSession(from: string, to: string): Promise<SessionSummary> {
    this.assertOpen();
    this.requireSession(from);
    assertSessionName(to);
    this.refuseTaken(to);
    this.refuseWhileRunning(from, to);
    // Both names are held, always in the same order, so two renames never wait on each other.
    const [first = from, second = to] = [from, to].sort();
    const record = await this.queue.run(first, () =>
      this.queue.run(second, async () => {
        this.requireSession(from);
        this.refuseTaken(to);
        this.refuseWhileRunning(from, to);
        await this.snapshots.settle(from);
        // A worker that cannot be asked holds nothing to drop; an isolate left behind is used
        // only by a run from its exact heap (the worker checks), never by a new session `from`.
        await this.pool
          .request(this.pool.slotFor(from), { type: 'evict', session: from })
          .catch(() => undefined);
        this.pool.forget(from);
        return this.store.rename(from, to);
      }),
    );
    if (!record.snapshots.some(({ heap }) => heap === record.head)) {
      this.scheduleSnapshotNow(to, record.head);
    }
    this.emit({ type: 'session-renamed', from, to });
    return summarize(record);
  }

  private refuseTaken(session: string): void {
    if (this.store.get(session)) {
      throw new EngineError('session_exists', `session ${session} already exists`);
    }
  }

  private refuseWhileRunning(session: string, to: string): void {
    if (this.activeRuns().some((run) => run.session === session)) {
      throw new EngineError(
        'session_busy',
        `session ${session} has a run in progress: rename it to ${to} once the run has ended, or cancel it`,
      );
    }
  }

  /**
   * The globals of any heap (or the properties at `path` below them), read in a throwaway copy
   * of that heap: the session itself is not touched.
   */
  async inspectHeap(input: { heap: string; path?: string[] }): Promise<HeapInspection> {
    this.assertOpen();
    // The worker reads the heap's history itself: here only its session is needed.
    const session = isHeapId(input.heap) ? await this.store.sessionWith(input.heap) : undefined;
    if (!session) throw new EngineError('unknown_heap', `no session has heap ${input.heap}`);
    const kept = this.store.get(session)?.keptSnapshot;
    return this.pool.request(
      this.pool.slotFor(session),
      {
        type: 'inspect',
        session,
        heap: input.heap,
        path: input.path ?? [],
        limits: this.currentLimits,
        packages: this.packagePolicy,
        ownPort: this.ownPort,
        ...(kept && { keptSnapshot: kept }),
      },
      { killAfterMs: this.workerDeadlineMs() },
    );
  }

  /** A heap as a portable file: its journal and its files (heap-export.ts). */
  async exportHeap(heap: string): Promise<string> {
    const chain = isHeapId(heap) ? await this.store.chainTo(heap) : undefined;
    if (!chain) throw new EngineError('unknown_heap', `no session has heap ${heap}`);
    return exportText(this.store.layout, chain.entries);
  }

  /** The files of a session's heap (its newest unless `heap`), below `path`: no replay. */
  async listFiles(query: FilesQuery): Promise<FileListing> {
    const { heap, nodes } = await this.treeOf(query);
    const path = checkedPath(query.path ?? '/');
    const node = nodes.find((each) => each.path === path);
    if (!IMPLICIT_DIRS.has(path) && !node) {
      throw new EngineError('unknown_file', `heap ${heap} of ${query.session} has no ${path}`);
    }
    const below = node && !node.dir ? [node] : nodesBelow(nodes, path);
    const { bytes, count } = treeTotals(nodes);
    return {
      session: query.session,
      heap,
      path,
      files: below.map(fileInfoOf),
      totalBytes: bytes,
      totalFiles: count,
    };
  }

  /** One file of a session's heap (its newest unless `heap`): no replay. */
  async readFile(query: FilesQuery & { path: string }): Promise<FileRead> {
    const { heap, nodes } = await this.treeOf(query);
    const path = checkedPath(query.path);
    const node = nodes.find((each) => each.path === path);
    if (!node?.hash) {
      const what = node || IMPLICIT_DIRS.has(path) ? `${path} is a folder` : `there is no ${path}`;
      throw new EngineError('unknown_file', `in heap ${heap} of ${query.session}, ${what}`);
    }
    const bytes = await readBlob(this.store.layout, node.hash).catch((error: Error) => {
      throw new EngineError(
        'session_damaged',
        `in heap ${heap} of ${query.session}, the content of ${path} is lost from the data directory: ${error.message}`,
      );
    });
    return { heap, info: fileInfoOf(node), bytes };
  }

  /** The heap a files query names (the session's newest by default) and its tree. */
  private async treeOf({
    session,
    heap,
  }: FilesQuery): Promise<{ heap: string; nodes: TreeNode[] }> {
    this.assertOpen();
    const record = this.requireSession(session);
    const at = heap ?? record.head;
    let tree = record.files?.tree ?? EMPTY_TREE;
    if (at !== record.head) {
      const entries = isHeapId(at) ? await this.store.entries(session) : [];
      const index = entries.findIndex((entry) => entry.heap === at);
      if (index === -1 && at !== ROOT_HEAP) {
        throw new EngineError('unknown_heap', `session ${session} has no heap ${at}`);
      }
      tree = treeAt(entries, index);
    }
    const nodes = await readTree(this.store.layout, tree).catch((error: Error) => {
      throw new EngineError(
        'session_damaged',
        `the files of heap ${at} of ${session}: ${error.message}`,
      );
    });
    return { heap: at, nodes };
  }

  /** Makes the snapshot of a session's newest heap now (the GUI asks for this). */
  async snapshot(session: string): Promise<SnapshotOutcome> {
    const record = this.requireSession(session);
    return this.snapshots.now({ session, heap: record.head });
  }

  private scheduleSnapshotNow(session: string, heap: string): void {
    const record = this.store.get(session);
    if (heap === ROOT_HEAP || !record || record.keptSnapshot) return;
    this.snapshots.soon({ session, heap });
  }

  private async makeSnapshot(session: string, heap: string): Promise<SnapshotOutcome> {
    if (heap === ROOT_HEAP) return { heap, bytes: 0, ms: 0, created: false };
    if (this.stopping.signal.aborted)
      throw new EngineError('engine_closed', 'the engine is shut down');
    if (this.requireSession(session).keptSnapshot) {
      throw new Error(
        `session ${session} goes on from a kept snapshot: no replay here makes its later heaps, which restore from that snapshot`,
      );
    }
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
        ...(this.preludeAppendix !== undefined && { preludeAppendix: this.preludeAppendix }),
      },
      this.stopping.signal,
    );
    await this.store.snapshotMade(session, heap, index);
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
    await this.blobs.close();
    await this.retention.close();
    await this.queue.idle();
    // Snapshots in the making are dropped: they are made again from the journal when needed.
    this.stopping.abort();
    await this.snapshots.close();
    await this.pool.close();
    await this.store.close();
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

/** A path a client gave, made normal; one no rule allows is `invalid_files`. */
function checkedPath(path: string): string {
  const normal = normalFilePath(path);
  if ('path' in normal) return normal.path;
  throw new EngineError(
    'invalid_files',
    `${JSON.stringify(path.slice(0, 200))}: ${normal.problem}`,
  );
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}
