// A short-lived process that makes one heap snapshot. createSnapshot blocks its thread, has no
// timeout of its own and can abort the process: here that costs one snapshot, never a run.
import ivm from 'isolated-vm';
import { readBlob } from '../store/blob-store.ts';
import { dataLayout } from '../store/data-dir.ts';
import { readChain } from '../store/journal-file.ts';
import { readSnapshot, writeSnapshot } from '../store/snapshot-file.ts';
import { BEFORE_SNAPSHOT, replaySteps } from './guest-calls.ts';
import { recordedReplies } from './net/run-network.ts';
import { recordedPackages } from './packages/run-packages.ts';
import type { SnapshotOutcome, SnapshotReply, SnapshotTask } from './protocol.ts';
import { PRELUDE, RUNTIME_ID } from './runtime-source.ts';
import { startWatchdog } from './watchdog.ts';

/** Makes the V8 startup snapshot of `heap` by replaying its journal from the prelude. */
async function makeSnapshot({ dataDir, session, heap }: SnapshotTask): Promise<SnapshotOutcome> {
  const layout = dataLayout(dataDir);
  const path = layout.snapshot(heap);
  const existing = await readSnapshot(path, { heap, runtime: RUNTIME_ID });
  if (existing.ok) return { heap, bytes: existing.blob.length, ms: 0, created: false };
  const entries = await readChain(layout.journal(session), heap);
  if (!entries) throw new Error(`heap ${heap} is not in session ${session}'s journal`);
  // createSnapshot replays in an isolate without host functions: what the runs' fetches
  // received and their imports loaded goes in as data, read from the blob store. A bundle the
  // store lost makes no snapshot here: a worker's replay builds it again.
  const answers = await Promise.all(
    entries.map(async (entry) => ({
      replies: await recordedReplies(entry.net ?? [], (hash) => readBlob(layout, hash)),
      packages: await recordedPackages(entry.packages ?? [], async (loaded) =>
        (await readBlob(layout, loaded.bundle)).toString('utf8'),
      ),
    })),
  );
  const started = performance.now();
  const blob = ivm.Isolate.createSnapshot([
    ...PRELUDE,
    // Replay here runs under other stack and heap limits than a live isolate, so each run must
    // reproduce its outcome, or there is no snapshot and the heap restores from its journal.
    ...entries.flatMap((entry, index) =>
      replaySteps(entry, answers[index] ?? { replies: [], packages: [] }, true),
    ),
    BEFORE_SNAPSHOT,
  ]);
  const bytes = await writeSnapshot(path, new Uint8Array(blob.copy()), {
    heap,
    runtime: RUNTIME_ID,
    entries: entries.length,
  });
  blob.release();
  return { heap, bytes, ms: performance.now() - started, created: true };
}

process.once('message', (job: SnapshotTask) => {
  // The main thread is about to block inside createSnapshot: it would see neither its deadline
  // nor its server going.
  startWatchdog(job.deadlineMs);
  makeSnapshot(job)
    .then(
      (outcome): SnapshotReply => ({ ok: true, outcome }),
      (error: Error): SnapshotReply => ({
        ok: false,
        error: { name: error.name, message: error.message },
      }),
    )
    .then((reply) => process.send?.(reply, () => process.exit(0)));
});
