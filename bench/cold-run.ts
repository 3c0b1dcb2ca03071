// Cold run (the session is not live in any worker): restoring its heap from a snapshot against
// replaying a 10/100/1000-entry journal, and what making those snapshots costs.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { benchEngine, fillSession } from './bench-engine.ts';
import { median, ms } from './stats.ts';

const REPEATS = 9;

export async function coldRun(lengths = [10, 100, 1000]) {
  const { engine, dataDir, close } = await benchEngine({ workers: 1, snapshotIdleMs: 3_600_000 });
  const snapshots = join(dataDir, 'snapshots');
  const rows: string[] = [];
  const snapshotRows: string[] = [];
  let probe = 0;
  for (const length of lengths) {
    const session = `journal-${length}`;
    const head = await fillSession(engine, session, length);
    // A fork of the head is a session no worker has live: its first run restores the heap.
    const coldRestore = async () => {
      const result = await engine.run({
        session: `probe-${probe++}`,
        heap: head,
        code: 'items.length',
      });
      if (!result.ok || result.value !== String(length)) throw new Error('bad restore');
      return { restoreMs: result.restoreMs ?? Number.NaN, from: result.restoredFrom };
    };
    const clearSnapshots = async () => {
      for (const file of await readdir(snapshots)) await rm(join(snapshots, file));
    };
    const replay: number[] = [];
    const snapshot: number[] = [];
    const making: number[] = [];
    const makingWall: number[] = [];
    let bytes = 0;
    for (let i = 0; i < REPEATS; i++) {
      await clearSnapshots();
      const replayed = await coldRestore();
      if (replayed.from !== 'replay') throw new Error(`expected a replay, got ${replayed.from}`);
      replay.push(replayed.restoreMs);
      const started = performance.now();
      const made = await engine.snapshot(session);
      makingWall.push(performance.now() - started);
      making.push(made.ms);
      bytes = made.bytes;
      const restored = await coldRestore();
      if (restored.from !== 'snapshot')
        throw new Error(`expected a snapshot, got ${restored.from}`);
      snapshot.push(restored.restoreMs);
    }
    rows.push(
      `| ${length} | ${ms(median(snapshot))} | ${ms(median(replay))} | ${(median(replay) / median(snapshot)).toFixed(1)}x |`,
    );
    snapshotRows.push(
      `| ${length} | ${ms(median(making))} | ${ms(median(makingWall))} | ${(bytes / 1024).toFixed(0)} KiB |`,
    );
  }
  await close();
  console.log(`\n## Cold run: restore the heap (median of ${REPEATS})`);
  console.log('| journal entries | from snapshot | replay of the journal | replay / snapshot |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  console.log(`\n## Making a snapshot (median of ${REPEATS})`);
  console.log(
    '| journal entries | createSnapshot + write | with the process | file size |\n| --- | --- | --- | --- |',
  );
  for (const row of snapshotRows) console.log(row);
}

if (import.meta.main) await coldRun();
