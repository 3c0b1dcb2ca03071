// A sandbox worker process: runs code in live isolates and restores them from snapshots or the
// journal. It is its own process because a V8 fatal error (some out-of-memory paths) aborts the
// whole process: that must cost one run, never the server. It only reads journals and snapshots;
// snapshot-maker.ts makes the snapshots.
import ivm from 'isolated-vm';
import { type HeapInspection, heapInspectionSchema } from '../../contract/heap-inspection.ts';
import type { RunErrorCode, RunErrorInfo } from '../../contract/run-errors.ts';
import type { SandboxReport } from '../../contract/run-report.ts';
import { putBlob, readBlob } from '../store/blob-store.ts';
import { dataLayout } from '../store/data-dir.ts';
import { completeEntry, type JournalEntry, type KeptSnapshot } from '../store/journal-entry.ts';
import { readChain } from '../store/journal-file.ts';
import { readSnapshot } from '../store/snapshot-file.ts';
import { callIsolate } from './call-isolate.ts';
import type { EffectContext } from './effects/performer.ts';
import { RunEffects, recordedAnswers } from './effects/run-effects.ts';
import { executeRun, replayEntry } from './execute-run.ts';
import { replayFilesOf } from './files/replay-files.ts';
import { RunFiles } from './files/run-files.ts';
import {
  AFTER_RESTORE,
  BEFORE_SNAPSHOT,
  CONNECT_FILES,
  CONNECT_PROGRESS,
  inspectGlobals,
} from './guest-calls.ts';
import { HostAsks } from './host-asks.ts';
import { dispose, type LiveIsolate, LiveIsolates } from './live-isolates.ts';
import { outboundFetch } from './net/outbound-fetch.ts';
import type {
  HostReply,
  InspectRequest,
  PackagePolicy,
  RunLimits,
  RunOutcome,
  RunRequest,
  WorkerAnswers,
  WorkerAsk,
  WorkerConfig,
  WorkerEvent,
  WorkerRequest,
  WorkerRequestType,
  WorkerResponse,
} from './protocol.ts';
import { replayDiverged } from './replay-divergence.ts';
import { cancelledRun, limitBroken, RunError } from './run-errors.ts';
import { runOutcome } from './run-outcome.ts';
import { progressBuffer, watchProgress } from './run-progress.ts';
import { sandboxRuntime, snapshotLoadsHere } from './runtime-source.ts';
import { killSelf } from './watchdog.ts';

const config = JSON.parse(process.env.MCP_ISOLATE_WORKER ?? '{}') as WorkerConfig;
const layout = dataLayout(config.dataDir);
const runtime = sandboxRuntime(config.preludeAppendix);
const rootSnapshot = ivm.Isolate.createSnapshot([...runtime.prelude, BEFORE_SNAPSHOT]);
const send = (message: WorkerResponse | WorkerEvent | WorkerAsk) => process.send?.(message);
const hostAsks = new HostAsks(send);
const cache = new LiveIsolates(config.cache, (evicted) =>
  send({ type: 'evicted', session: evicted.session, heap: evicted.heap }),
);

/** Tells the pool that request `id` starts a step bounded to `ms` (its backstop follows). */
const announce = (id: number, ms: number) => send({ type: 'deadline', id, ms });

/**
 * A run under way, so that a cancel request can stop it: by disposing its isolate, once it has
 * one, and aborting the effects it waits for.
 */
interface RunInProgress {
  cancelled: boolean;
  isolate?: ivm.Isolate;
  effects: AbortController;
}

/** By run request id. */
const inProgress = new Map<number, RunInProgress>();

/** The isolate request `id` now runs in; one cancelled meanwhile is disposed at once. */
function track(id: number, isolate: ivm.Isolate): void {
  const progress = inProgress.get(id);
  if (!progress) return;
  progress.isolate = isolate;
  if (progress.cancelled && !isolate.isDisposed) isolate.dispose();
}

function cancel(run: number): void {
  const progress = inProgress.get(run);
  if (!progress || progress.cancelled) return;
  progress.cancelled = true;
  progress.effects.abort(cancelledRun());
  if (progress.isolate && !progress.isolate.isDisposed) progress.isolate.dispose();
}

/** Replaying committed entries gets more time than a run: they are known to finish. */
const REPLAY_TIME_FACTOR = 10;

/**
 * What a run's effects need: the request's policies, limits and own port, its cancel, and its
 * asks of the server, as run request `run` (a restore has none: its replays never ask).
 */
const effectContext = (
  request: EffectContext['request'],
  ownPort: number | undefined,
  cancel: AbortSignal,
  run?: number,
): EffectContext => ({
  request,
  layout,
  buildDir: config.buildDir,
  fetch: outboundFetch(ownPort),
  cancel,
  ask: (ask, signal) =>
    run === undefined
      ? Promise.reject(new Error('a replay never asks the server'))
      : hostAsks.ask(run, ask, signal),
});

/** A restore's replays never fetch or call a server: they serve what the journal recorded. */
const NO_NETWORK = { allowNet: [], netHeaders: [] };
const NO_UPSTREAM = { servers: {} };

/** Listing a heap's globals can run guest code (proxies): it gets this long. */
const INSPECT_TIMEOUT_MS = 5000;

async function entriesUpTo(session: string, heap: string): Promise<JournalEntry[]> {
  const chain = await readChain(layout.journal(session), heap);
  if (!chain) {
    throw new RunError('restore_failed', `heap ${heap} is not in session ${session}'s journal`);
  }
  return chain;
}

async function startIsolate(
  session: string,
  heap: string,
  snapshot: { blob: ivm.ExternalCopy<ArrayBuffer>; runtime: string },
  limits: RunLimits,
): Promise<LiveIsolate> {
  const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb, snapshot: snapshot.blob });
  const context = await isolate.createContext();
  const live = { session, heap, isolate, context, bytes: 0, runtime: snapshot.runtime };
  try {
    await callIsolate(live, AFTER_RESTORE, performance.now() + limits.timeoutMs);
  } catch (error) {
    dispose(live);
    throw error;
  }
  return live;
}

/**
 * Gives a live heap its progress memory, once, after any replay that restored it: a replay's
 * progress() calls find none and do nothing.
 */
async function connectProgress(live: LiveIsolate, timeoutMs: number): Promise<SharedArrayBuffer> {
  if (live.progress) return live.progress;
  const buffer = progressBuffer();
  const answer: unknown = await live.context.evalClosure(
    CONNECT_PROGRESS.code,
    [new ivm.ExternalCopy(buffer).copyInto()],
    { filename: CONNECT_PROGRESS.filename, timeout: timeoutMs },
  );
  if (typeof answer === 'string') throw new RunError('thrown', `progress: ${answer.slice(1)}`);
  live.progress = buffer;
  return buffer;
}

/**
 * Gives a live heap its synchronous way to the files of the run under way in it, once, after any
 * replay that restored it: a replay is handed its files as data instead.
 */
async function connectFiles(live: LiveIsolate, timeoutMs: number): Promise<void> {
  if (live.filesConnected) return;
  const files = new ivm.Reference((op: unknown, ...args: unknown[]) => {
    if (!live.runFiles) throw new Error('no run is under way');
    return live.runFiles.host(op, args);
  });
  const answer: unknown = await live.context.evalClosure(CONNECT_FILES.code, [files], {
    filename: CONNECT_FILES.filename,
    timeout: timeoutMs,
  });
  if (typeof answer === 'string') throw new RunError('thrown', `files: ${answer.slice(1)}`);
  live.filesConnected = true;
}

/** What a restore needs besides the heap: the limits, and how to build a lost bundle again. */
interface Restoring {
  limits: RunLimits;
  packages: PackagePolicy;
  ownPort: number | undefined;
  /** The request's cancel. */
  cancel: AbortSignal;
  /** The snapshot the session goes on from, whatever runtime made it. */
  kept: KeptSnapshot | undefined;
}

/** The session's heap at `parent`: live, or from the nearest snapshot plus a replay. */
async function openHeap(
  id: number,
  session: string,
  parent: string,
  restoring: Restoring,
): Promise<{ live: LiveIsolate; from: SandboxReport['restoredFrom'] }> {
  const cached = cache.take(session);
  if (cached && cached.heap === parent) return { live: cached, from: 'live' };
  if (cached) dispose(cached);
  return restoreHeap(id, session, parent, restoring);
}

/** A new isolate holding the session's heap `parent`: the nearest snapshot plus a replay. */
async function restoreHeap(
  id: number,
  session: string,
  parent: string,
  { limits, packages, ownPort, cancel, kept }: Restoring,
): Promise<{ live: LiveIsolate; from: 'snapshot' | 'replay' }> {
  const entries = await entriesUpTo(session, parent);
  let start = 0;
  let snapshot = { blob: rootSnapshot, runtime: runtime.id };
  let ownSnapshot: ivm.ExternalCopy<ArrayBuffer> | undefined;
  for (let i = entries.length - 1; i >= 0; i--) {
    const heap = (entries[i] as JournalEntry).heap;
    // A kept snapshot another V8 made is not loaded (V8 may abort): its heap replays, and diverges.
    const made = kept?.heap === heap && snapshotLoadsHere(kept.runtime) ? kept.runtime : runtime.id;
    const check = await readSnapshot(layout.snapshot(heap), { heap, runtime: made });
    if (check.ok) {
      const bytes = new Uint8Array(check.blob.length);
      bytes.set(check.blob);
      ownSnapshot = new ivm.ExternalCopy(bytes.buffer);
      snapshot = { blob: ownSnapshot, runtime: made };
      start = i + 1;
      break;
    }
  }
  announce(id, limits.timeoutMs);
  const live = await startIsolate(session, parent, snapshot, limits).finally(() =>
    ownSnapshot?.release(),
  );
  track(id, live.isolate);
  try {
    const replayLimits = { ...limits, timeoutMs: limits.timeoutMs * REPLAY_TIME_FACTOR };
    const from = {
      readBlob: (hash: string) => readBlob(layout, hash),
      recover: effectContext(
        { session, parent, limits, net: NO_NETWORK, packages, upstream: NO_UPSTREAM },
        ownPort,
        cancel,
      ),
    };
    for (const [index, entry] of entries.entries()) {
      if (index < start) continue;
      // What the run's effects received, from the blob store: replay never performs them. A
      // bundle the store lost is built again within the run's timeout, from tarballs pinned by
      // version and integrity, never resolved anew.
      let recorded: Awaited<ReturnType<typeof recordedAnswers>> = [];
      if (entry.effects) {
        announce(id, limits.timeoutMs);
        recorded = await recordedAnswers(entry.effects, from);
      }
      const files = await replayFilesOf(layout, entries, index);
      announce(id, replayLimits.timeoutMs);
      await replayEntry(live, entry, recorded, replayLimits, files).catch(
        async (error: unknown) => {
          // Out of memory under the limit the run had is a failed restore (a replay's garbage
          // comes and goes differently), not a difference that a lower limit made.
          const lowerLimit =
            entry.ranUnder !== undefined && limits.memoryMb < entry.ranUnder.memoryMb;
          const differs =
            error instanceof RunError &&
            (error.code === 'replay_diverged' || (error.code === 'memory_limit' && lowerLimit));
          if (!differs) throw error;
          const replayedUnder = { runtime: runtime.id, memoryMb: limits.memoryMb };
          const offer = await snapshotStillLoading(entries.slice(entries.indexOf(entry)));
          throw replayDiverged(session, entry, error, replayedUnder, offer);
        },
      );
    }
  } catch (error) {
    dispose(live);
    if (error instanceof RunError && error.code === 'replay_diverged') throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new RunError('restore_failed', `could not restore session ${session}: ${message}`);
  }
  return { live, from: start === entries.length ? 'snapshot' : 'replay' };
}

/**
 * The newest snapshot of `entries` (a diverged entry and the ones after it) that another runtime
 * made and this V8 still loads, checksum checked: a diverged session can go on from it.
 */
async function snapshotStillLoading(entries: JournalEntry[]): Promise<KeptSnapshot | undefined> {
  for (const { heap } of entries.toReversed()) {
    const path = layout.snapshot(heap);
    const check = await readSnapshot(path, { heap, runtime: runtime.id });
    if (check.ok || check.reason !== 'stale' || !check.runtime) continue;
    if (!snapshotLoadsHere(check.runtime)) continue;
    if ((await readSnapshot(path, { heap, runtime: check.runtime })).ok) {
      return { heap, runtime: check.runtime };
    }
  }
  return undefined;
}

/** A run, stopped with a `cancelled` error when a cancel request came in while it ran. */
async function run(request: RunRequest): Promise<RunOutcome> {
  const progress: RunInProgress = { cancelled: false, effects: new AbortController() };
  inProgress.set(request.id, progress);
  try {
    const outcome = await runUntracked(request, progress.effects.signal);
    // Whatever the cancelled run failed with (a disposed isolate reads as a memory error), it
    // was the cancel.
    if (progress.cancelled && !outcome.report.ok) {
      return { report: { ...outcome.report, error: cancelledRun().info } };
    }
    return outcome;
  } finally {
    inProgress.delete(request.id);
  }
}

async function runUntracked(request: RunRequest, cancel: AbortSignal): Promise<RunOutcome> {
  const started = performance.now();
  const effects = new RunEffects(
    effectContext(
      { ...request, parent: request.entry.parent },
      request.ownPort,
      cancel,
      request.id,
    ),
  );
  let opened: Awaited<ReturnType<typeof openHeap>>;
  try {
    opened = await openHeap(request.id, request.session, request.entry.parent, {
      limits: request.limits,
      packages: request.packages,
      ownPort: request.ownPort,
      cancel,
      kept: request.keptSnapshot,
    });
  } catch (error) {
    const restored = { restoredFrom: 'replay' as const, restoreMs: performance.now() - started };
    const end = { error: failure(error, 'restore_failed') };
    return runOutcome(restored, effects.summaries, undefined, end);
  }
  const { live, from } = opened;
  track(request.id, live.isolate);
  const restoreMs = performance.now() - started;
  const restored = { restoreMs, restoredFrom: from };
  try {
    // The pool gave the request the run's timeout when it sent it: only a restore, which used
    // part of that, needs the run's own deadline announced.
    if (from !== 'live') announce(request.id, request.limits.timeoutMs);
    const buffer = await connectProgress(live, request.limits.timeoutMs);
    await connectFiles(live, request.limits.timeoutMs);
    const files = runFilesOf(request);
    live.runFiles = files;
    const watch = watchProgress(buffer, (progress) =>
      send({ type: 'progress', id: request.id, progress }),
    );
    // Stopped before the result is sent: the last progress goes out first.
    const outcome = await executeRun(live, request.entry, request.limits, effects).finally(() => {
      watch.stop();
      live.runFiles = undefined;
    });
    if (outcome.overflow) {
      dispose(live);
      // Past the output limit, nothing the guest printed is shown.
      const error = limitBroken.output(request.limits).info;
      return runOutcome(restored, effects.summaries, { ...outcome, console: [] }, { error });
    }
    if (outcome.error) {
      dispose(live);
      return runOutcome(restored, effects.summaries, outcome, { error: outcome.error });
    }
    let filesRecord: ReturnType<RunFiles['record']>;
    try {
      filesRecord = files.record();
    } catch (error) {
      dispose(live);
      const message = error instanceof Error ? error.message : String(error);
      const info = new RunError('thrown', `the run's files: ${message}`).info;
      return runOutcome(restored, effects.summaries, outcome, { error: info });
    }
    const entry = completeEntry(request.entry, {
      ticks: outcome.ticks,
      check: outcome.check,
      effects: effects.batches,
      files: filesRecord,
      ms: performance.now() - started - restoreMs,
      ranUnder: { runtime: live.runtime, memoryMb: request.limits.memoryMb },
    });
    try {
      // The bytes its effects kept (fetch bodies) and its files, synced, before the engine may
      // commit an entry that names them; a failed run stores none.
      for (const [hash, bytes] of effects.blobs) await putBlob(layout, hash, bytes);
      for (const [hash, bytes] of files.blobs) await putBlob(layout, hash, bytes);
    } catch (error) {
      dispose(live);
      const message = error instanceof Error ? error.message : String(error);
      const info = new RunError('commit_failed', `the run could not be saved: ${message}`).info;
      return runOutcome(restored, effects.summaries, outcome, { error: info });
    }
    live.heap = entry.heap;
    // What the isolate holds of the process's memory (garbage included), which the cache bounds.
    const stats = live.isolate.getHeapStatisticsSync();
    live.bytes = stats.total_heap_size + stats.externally_allocated_size;
    cache.put(live);
    const heapBytes = stats.used_heap_size + stats.externally_allocated_size;
    return runOutcome(restored, effects.summaries, outcome, {
      entry,
      value: outcome.value,
      heapBytes,
      files: files.report(),
    });
  } catch (error) {
    dispose(live);
    const end = { error: failure(error, 'internal_error') };
    return runOutcome(restored, effects.summaries, undefined, end);
  }
}

/** The run's files: its parent's tree with the files given to it. */
function runFilesOf(request: RunRequest): RunFiles {
  const { limits } = request;
  return new RunFiles({
    layout,
    parentTree: request.files.parentTree,
    input: (request.files.input ?? []).map(({ path, base64 }) => ({
      path,
      bytes: Buffer.from(base64, 'base64'),
    })),
    time: request.entry.time,
    limits: {
      fileBytes: limits.fileBytes,
      sessionFileBytes: limits.sessionFileBytes,
      sessionFiles: limits.sessionFiles,
      displayBytes: limits.displayBytes,
    },
  });
}

/** A run's error: a RunError as it is, anything else as `otherwise` (what was under way). */
function failure(error: unknown, otherwise: RunErrorCode): RunErrorInfo {
  if (error instanceof RunError) return error.info;
  const message = error instanceof Error ? error.message : String(error);
  return new RunError(otherwise, message).info;
}

/**
 * The globals of a heap at `path`, read in a throwaway copy: inspecting can run guest code
 * (proxies), which must not change the session's live heap.
 */
async function inspect(request: InspectRequest): Promise<HeapInspection> {
  const { live } = await restoreHeap(request.id, request.session, request.heap, {
    limits: request.limits,
    packages: request.packages,
    ownPort: request.ownPort,
    cancel: new AbortController().signal,
    kept: request.keptSnapshot,
  });
  announce(request.id, INSPECT_TIMEOUT_MS);
  try {
    const answer = await callIsolate(
      live,
      inspectGlobals(request.path),
      performance.now() + INSPECT_TIMEOUT_MS,
    );
    return heapInspectionSchema.parse(JSON.parse(answer as string));
  } finally {
    dispose(live);
  }
}

/** Each request type's handler, answering with that type's answer. */
const handlers: {
  [K in WorkerRequestType]: (
    request: Extract<WorkerRequest, { type: K }>,
  ) => Promise<WorkerAnswers[K]>;
} = {
  run,
  inspect,
  evict: async (request) => {
    cache.drop(request.session);
    return null;
  },
  cancel: async (request) => {
    cancel(request.run);
    return null;
  },
};

/** A request to its type's handler (the table checks each handler's answer type). */
const handle = (request: WorkerRequest): Promise<WorkerAnswers[WorkerRequestType]> =>
  (handlers[request.type] as (request: WorkerRequest) => Promise<WorkerAnswers[WorkerRequestType]>)(
    request,
  );

process.on('message', (message: WorkerRequest | HostReply) => {
  if (message.type === 'reply') return hostAsks.settle(message);
  const request = message;
  handle(request).then(
    (result) => send({ type: 'result', id: request.id, ok: true, result }),
    (error: Error) =>
      send({
        type: 'result',
        id: request.id,
        ok: false,
        error: { name: error.name, message: error.message },
      }),
  );
});
// The server went away. The main thread never waits on a guest (isolated-vm runs it on a thread
// of its own), so this is seen at once; but process.exit would wait for a spinning guest.
process.on('disconnect', killSelf);
