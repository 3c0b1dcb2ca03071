import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SnapshotTask } from '../sandbox/protocol.ts';
import { dataLayout } from '../store/data-dir.ts';
import { completeEntry, ROOT_HEAP } from '../store/journal-entry.ts';
import { appendJournal } from '../store/journal-file.ts';
import { startEngine, value } from '../test-support/engine.ts';
import { processGone } from '../test-support/processes.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';
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

test('a snapshot process ends as soon as its server is killed, however long its replay', async () => {
  const script = fileURLToPath(
    new URL('../test-support/snapshot-server-process.ts', import.meta.url),
  );
  const task = JSON.stringify(await spinTask(600_000));
  const server = spawn(process.execPath, [script, task], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(createInterface({ input: server.stdout }), 'line');
  const { pid } = JSON.parse(line as string) as { pid: number };
  // Should it outlive the test, it would spin until its ten-minute deadline.
  after(async () => {
    if (!(await processGone(pid))) process.kill(pid, 'SIGKILL');
  });
  server.kill('SIGKILL');
  await waitUntil(() => processGone(pid), `snapshot process ${pid} to end`, 10_000);
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
