import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import type { SnapshotTask } from '../sandbox/protocol.ts';
import { dataLayout } from '../store/data-dir.ts';
import { completeEntry, ROOT_HEAP } from '../store/journal-entry.ts';
import { appendJournal } from '../store/journal-file.ts';
import { startEngine, value } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { prepareCode } from './prepare-code.ts';
import { forkSandbox } from './sandbox-process.ts';
import { snapshotInProcess } from './snapshot-process.ts';

// A journal whose replay spins for many seconds, far past the deadlines below.
const SPIN = 'let n = 0; for (let i = 0; i < 1e11; i++) n += i; n';
const spin = completeEntry(
  {
    parent: ROOT_HEAP,
    code: SPIN,
    script: prepareCode(SPIN).script,
    time: 0,
    seed: 1,
    output: 1024,
  },
  { ticks: 0, check: 0, ms: 0 },
);
const spinTask = async (deadlineMs: number): Promise<SnapshotTask> => {
  const dataDir = await tempDir();
  const layout = dataLayout(dataDir);
  await mkdir(layout.session('spin'), { recursive: true });
  await appendJournal(layout.journal('spin'), [spin], 0);
  return { dataDir, session: 'spin', heap: spin.heap, deadlineMs };
};

test('a snapshot that overruns its deadline is killed and reported', async () => {
  await assert.rejects(
    snapshotInProcess(await spinTask(300), new AbortController().signal),
    /exited \(SIGKILL\) before it finished \(deadline 300 ms\)/,
  );
});

test('a snapshot process whose server is gone still ends at its deadline', async () => {
  const child = forkSandbox(new URL('../sandbox/snapshot-maker.ts', import.meta.url));
  child.send(await spinTask(300));
  // Nobody is left to kill it: only its own watchdog can.
  child.disconnect();
  const [, signal] = await once(child, 'exit');
  assert.equal(signal, 'SIGKILL');
});

test('runs go on while a snapshot of the same session is being made', async () => {
  const engine = await startEngine({ workers: 1, snapshotIdleMs: 60_000 });
  const session = 'busy';
  await value(engine, { session, code: 'let s = 0; for (let i = 0; i < 2e7; i++) s += i; s' });
  const order: string[] = [];
  const snapshot = engine.snapshot(session).then(() => order.push('snapshot'));
  assert.equal(await value(engine, { session, code: '1 + 1' }), '2');
  order.push('run');
  await snapshot;
  assert.deepEqual(order, ['run', 'snapshot']);
});
