// A short-lived process that makes one heap snapshot. createSnapshot blocks its thread, has no
// timeout of its own and can abort the process: here that costs one snapshot, never a run.
import ivm from 'isolated-vm';
import { readBlob } from '../store/blob-store.ts';
import { dataLayout } from '../store/data-dir.ts';
import { readChain } from '../store/journal-file.ts';
import { readSnapshot, writeSnapshot } from '../store/snapshot-file.ts';
import { recordedAnswers } from './effects/run-effects.ts';
import { replayFilesOf } from './files/replay-files.ts';
import { BEFORE_SNAPSHOT, replaySteps } from './guest-calls.ts';
import type { SnapshotOutcome, SnapshotReply, SnapshotTask } from './protocol.ts';
import { sandboxRuntime } from './runtime-source.ts';
import { startWatchdog } from './watchdog.ts';

/** What a snapshot's replay may be handed of its runs' files together, as JSON text. */
const REPLAY_FILES_MAX_CHARS = 512 * 2 ** 20;

/** Makes the V8 startup snapshot of `heap` by replaying its journal from the prelude. */
async function makeSnapshot(task: SnapshotTask): Promise<SnapshotOutcome> {
  const { dataDir, session, heap } = task;
  const runtime = sandboxRuntime(task.preludeAppendix);
  const layout = dataLayout(dataDir);
  const path = layout.snapshot(heap);
  const existing = await readSnapshot(path, { heap, runtime: runtime.id });
  if (existing.ok) return { heap, bytes: existing.blob.length, ms: 0, created: false };
  const entries = await readChain(layout.journal(session), heap);
  if (!entries) throw new Error(`heap ${heap} is not in session ${session}'s journal`);
  // createSnapshot replays in an isolate without host functions: what the runs' effects
  // received goes in as data, read from the blob store. A bundle the store lost makes no
  // snapshot here: a worker's replay builds it again.
  const from = { readBlob: (hash: string) => readBlob(layout, hash) };
  const answers = await Promise.all(entries.map((entry) => recordedAnswers(entry.effects, from)));
  // So do the files each run started from and read, one entry at a time and bounded: the whole
  // history goes into this one process, where a worker's restore holds one entry's at a time.
  const files: Awaited<ReturnType<typeof replayFilesOf>>[] = [];
  let filesChars = 0;
  for (const index of entries.keys()) {
    const data = await replayFilesOf(layout, entries, index);
    filesChars += data ? JSON.stringify(data).length : 0;
    if (filesChars > REPLAY_FILES_MAX_CHARS) {
      throw new Error(
        `the files its runs read come to more than ${REPLAY_FILES_MAX_CHARS / 2 ** 20} MiB to hand a replay at once: the heap restores by replay in a worker instead`,
      );
    }
    files.push(data);
  }
  const started = performance.now();
  const blob = ivm.Isolate.createSnapshot([
    ...runtime.prelude,
    // Each run must reproduce its outcome, as in every replay. Here that is also how a run that
    // needs the stack or heap a live isolate has (createSnapshot's are V8's defaults) fails: with
    // no snapshot, the heap restores from its journal in a worker, which verifies it again.
    ...entries.flatMap((entry, index) =>
      replaySteps(entry, answers[index] ?? [], true, files[index]),
    ),
    BEFORE_SNAPSHOT,
  ]);
  const bytes = await writeSnapshot(path, new Uint8Array(blob.copy()), {
    heap,
    runtime: runtime.id,
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
