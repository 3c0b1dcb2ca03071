// Finding, creating and forking the session a request names, and how a session is summed up.
import { randomBytes } from 'node:crypto';
import { sessionNameProblem } from '../../contract/session-names.ts';
import type { SessionSummary } from '../../contract/sessions.ts';
import { isHeapId } from '../store/journal-entry.ts';
import type { SessionRecord, SessionStore } from '../store/session-store.ts';
import { EngineError } from './engine-error.ts';

/** The session a run goes to, created (or forked from `heap`) on first use. */
export async function sessionForRun(
  store: SessionStore,
  session: string,
  heap: string | undefined,
): Promise<SessionRecord> {
  const record = store.get(session);
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
  if (heap === undefined) return store.create({ name: session, createdAt: now() });
  return createFork(store, session, heap);
}

/** A new session whose journal is the chain of `heap`, found in any session. */
export async function createFork(
  store: SessionStore,
  session: string,
  heap: string,
): Promise<SessionRecord> {
  if (!isHeapId(heap)) {
    throw new EngineError('unknown_heap', `${JSON.stringify(heap)} is not a heap id`);
  }
  // From reading the chain to writing the fork's journal, its blobs' names are in memory only
  // (its parent may be deleted meanwhile): a blob sweep must not mark then.
  return store.blobHolds.hold(async () => {
    const chain = await store.chainTo(heap);
    if (!chain) throw new EngineError('unknown_heap', `no session has heap ${heap}`);
    const forkedFrom = { session: chain.session, heap };
    // A snapshot a session goes on from serves the fork too, when the fork's chain holds its heap.
    const heaps = new Set(chain.entries.map((entry) => entry.heap));
    const keptSnapshot = store
      .list()
      .map((record) => record.keptSnapshot)
      .find((kept) => kept !== undefined && heaps.has(kept.heap));
    return store.create(
      { name: session, createdAt: now(), forkedFrom, ...(keptSnapshot && { keptSnapshot }) },
      chain.entries,
    );
  });
}

export function assertSessionName(name: string): void {
  const problem = sessionNameProblem(name);
  if (problem) throw new EngineError('invalid_session_name', problem);
}

export function newSessionName(): string {
  return `session-${randomBytes(4).toString('hex')}`;
}

export function now(): string {
  return new Date().toISOString();
}

export function summarize(record: SessionRecord): SessionSummary {
  return {
    name: record.name,
    head: record.head,
    heaps: record.heaps,
    inheritedHeaps: record.inheritedHeaps,
    heapsWithSnapshot: record.snapshots.length,
    createdAt: record.createdAt,
    updatedAt:
      record.lastRunTime !== undefined
        ? new Date(record.lastRunTime).toISOString()
        : record.createdAt,
    fileBytes: record.files?.bytes ?? 0,
    files: record.files?.count ?? 0,
    forkedFrom: record.forkedFrom,
    damaged: record.damaged,
    recovered: record.recovered,
    ...(record.diverged && {
      diverged: {
        message: record.diverged.message,
        heap: record.diverged.heap,
        forkFrom: record.diverged.forkFrom,
        ...(record.diverged.snapshot && { snapshot: record.diverged.snapshot }),
      },
    }),
    ...(record.keptSnapshot && { keptSnapshot: record.keptSnapshot }),
  };
}
