import { randomInt } from 'node:crypto';
import type { Limits } from '../../contract/limits.ts';
import { type RunReport, roundMs } from '../../contract/run-report.ts';
import type { NetPolicy, PackagePolicy, RunOutcome, UpstreamPolicy } from '../sandbox/protocol.ts';
import { limitBroken, RunError } from '../sandbox/run-errors.ts';
import { EMPTY_TREE } from '../store/file-tree.ts';
import { readTree } from '../store/heap-files.ts';
import { type PendingEntry, ROOT_HEAP } from '../store/journal-entry.ts';
import type { Diverged, SessionStore } from '../store/session-store.ts';
import type { RunInput } from './engine-types.ts';
import { checkInputOver, inputFilesOf } from './input-files.ts';
import { CodeSyntaxError, prepareCode } from './prepare-code.ts';
import { sessionForRun } from './session-access.ts';
import type { SnapshotScheduler } from './snapshot-scheduler.ts';
import { type RequestOptions, WorkerCrashedError, type WorkerPool } from './worker-pool.ts';

/** What one run needs of the engine. */
export interface RunContext {
  store: SessionStore;
  pool: WorkerPool;
  snapshots: SnapshotScheduler;
  limits: Limits;
  net: NetPolicy;
  packages: PackagePolicy;
  upstream: UpstreamPolicy;
  ownPort: number | undefined;
  /** The runtime the workers run (SandboxRuntime's id). */
  runtime: string;
  /** How long the worker may stay silent before it is killed (see Engine). */
  workerDeadlineMs: number;
}

/**
 * One run in one session (the engine queues them per session): prepare the code, have a worker
 * run it from the session's head, and commit its journal entry when it ended well. A failed run
 * changes nothing; a run that cannot be committed is a failure too.
 */
export async function runInSession(
  ctx: RunContext,
  session: string,
  input: RunInput,
  { signal, onProgress }: Pick<RequestOptions, 'signal' | 'onProgress'> = {},
): Promise<RunReport> {
  const started = performance.now();
  const existing = ctx.store.get(session);
  // Until the code is known to be valid, nothing is created: a bad first run leaves no session.
  let parent = existing ? existing.head : (input.heap ?? ROOT_HEAP);
  const fail = (error: RunError) => failedRun(session, parent, error, performance.now() - started);

  const codeBytes = Buffer.byteLength(input.code);
  if (codeBytes > ctx.limits.codeBytes) {
    return fail(limitBroken.codeSize(ctx.limits, codeBytes));
  }
  let prepared: ReturnType<typeof prepareCode>;
  try {
    prepared = prepareCode(input.code);
  } catch (error) {
    if (error instanceof CodeSyntaxError) return fail(new RunError('syntax_error', error.message));
    throw error;
  }
  const inputs = input.files ? inputFilesOf(input.files, ctx.limits) : [];
  const record = await sessionForRun(ctx.store, session, input.heap);
  parent = record.head;
  const parentTree = record.files?.tree ?? EMPTY_TREE;
  if (inputs.length > 0) {
    checkInputOver(await readTree(ctx.store.layout, parentTree), inputs, ctx.limits);
  }
  if (record.diverged) {
    // Refused while a replay would come out the same way; a new runtime or memory limit may not.
    const { replayedUnder } = record.diverged;
    if (replayedUnder.runtime === ctx.runtime && replayedUnder.memoryMb === ctx.limits.memoryMb) {
      return fail(divergedRun(record.diverged));
    }
    await keepDiverged(ctx.store, session, undefined);
  }
  const pending: PendingEntry = {
    parent,
    code: input.code,
    script: prepared.script,
    time: Date.now(),
    seed: randomInt(2 ** 32),
    output: ctx.limits.outputBytes,
  };
  const worker = ctx.pool.slotFor(session);
  const answer = ctx.pool.request(
    worker,
    {
      type: 'run',
      session,
      entry: pending,
      limits: ctx.limits,
      net: ctx.net,
      packages: ctx.packages,
      upstream: ctx.upstream,
      ...(ctx.ownPort !== undefined && { ownPort: ctx.ownPort }),
      ...(record.keptSnapshot && { keptSnapshot: record.keptSnapshot }),
      files: {
        parentTree,
        ...(inputs.length > 0 && {
          input: inputs.map(({ path, bytes }) => ({
            path,
            base64: Buffer.from(bytes).toString('base64'),
          })),
        }),
      },
    },
    { killAfterMs: ctx.workerDeadlineMs, signal, onProgress },
  );
  // The journal is opened and checked while the run runs: committing it is then one write.
  const journal = ctx.store.prepareAppend(session);
  let outcome: RunOutcome;
  try {
    outcome = await answer;
  } catch (error) {
    if (error instanceof WorkerCrashedError) {
      return fail(new RunError('worker_crashed', `${error.message}; the session is unchanged`));
    }
    throw error;
  }
  const { report, entry } = outcome;
  const divergence = report.error?.divergence;
  if (divergence) {
    await keepDiverged(ctx.store, session, { ...divergence, message: report.error?.message ?? '' });
  }
  // The engine's part of the report: where the run leaves the session, and its time end to end.
  const ended = (heap: string): RunReport => ({
    ...report,
    session,
    heap,
    parent,
    restoreMs: roundMs(report.restoreMs),
    durationMs: roundMs(performance.now() - started),
  });
  if (!report.ok || !entry) return ended(parent);
  try {
    // The worker stored the blobs the entry names before it answered.
    await ctx.store.append(session, entry, await journal);
  } catch (error) {
    await ctx.pool.request(worker, { type: 'evict', session }).catch(() => undefined);
    return fail(
      new RunError('commit_failed', `the run could not be saved: ${(error as Error).message}`),
    );
  }
  // A session that goes on from a kept snapshot has heaps no replay of its journal here makes.
  if (!record.keptSnapshot) ctx.snapshots.touch({ session, heap: entry.heap });
  return ended(entry.heap);
}

/**
 * Notes a session's divergence (or its end). Only keeping it across a restart can fail, and then
 * the next replay after the restart finds it again: the run's answer is not spoiled for that.
 */
async function keepDiverged(
  store: SessionStore,
  session: string,
  diverged: Diverged | undefined,
): Promise<void> {
  await store.setDiverged(session, diverged).catch(() => undefined);
}

/** The error a diverged session's runs get, as its first replay reported it. */
function divergedRun({ message, ...divergence }: Diverged): RunError {
  return new RunError('replay_diverged', message, divergence);
}

/** A run that changed nothing: the session stays at `heap`. */
export function failedRun(
  session: string,
  heap: string,
  error: RunError,
  durationMs: number,
): RunReport {
  return {
    ok: false,
    session,
    heap,
    parent: heap,
    error: error.info,
    console: [],
    cancelledTimers: [],
    durationMs: roundMs(durationMs),
    effects: [],
  };
}
