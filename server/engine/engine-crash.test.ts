import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEngine, value } from '../test-support/engine.ts';
import { processGone } from '../test-support/processes.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const ENGINE_PROCESS = fileURLToPath(new URL('../test-support/engine-process.ts', import.meta.url));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a sandbox worker killed mid-run costs that run only', async () => {
  const engine = await startEngine({ workers: 1, limits: { timeoutMs: 20_000 } });
  const session = 'victim';
  await value(engine, { session, code: 'var committed = "safe"' });
  const [pid] = engine.workerPids();
  const running = engine.run({ session, code: 'committed = "lost"; while (true) {}' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  process.kill(pid as number, 'SIGKILL');
  const result = await running;
  assert.equal(result.ok, false);
  assert.equal(result.error?.code, 'worker_crashed');
  assert.match(result.error?.message ?? '', /SIGKILL/);
  assert.equal(await value(engine, { session, code: 'committed' }), "'safe'");
  assert.notEqual(engine.workerPids()[0], pid, 'a new worker took over');
});

test('the server killed right after a committed run loses nothing', async () => {
  const dataDir = await tempDir();
  const child = spawn(process.execPath, [ENGINE_PROCESS, dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  await next();
  child.stdin.write(
    `${JSON.stringify({ session: 'durable', code: 'var kept = Math.random(); kept' })}\n`,
  );
  const committed = await next();
  assert.equal(committed.ok, true);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;

  const engine = await startEngine({ dataDir });
  assert.equal(await value(engine, { session: 'durable', code: 'kept' }), committed.value);
  // Orphaned workers notice their server is gone and exit.
  assert.ok(committed.workers.length > 0);
  await waitUntil(() => !committed.workers.some(processAlive), 'the orphaned workers to exit');
});

test('a sandbox worker whose guest spins ends as soon as its server is killed', async () => {
  const options = { limits: { timeoutMs: 600_000 } };
  const child = spawn(
    process.execPath,
    [ENGINE_PROCESS, await tempDir(), JSON.stringify(options)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value as string);
  const run = (session: string, code: string) => `${JSON.stringify({ session, code })}\n`;
  await next();
  // Two sessions whose isolates are live in the one worker.
  child.stdin.write(run('spinning', '1') + run('probe', '1'));
  const [pid] = (await next()).workers as number[];
  await next();
  assert.ok(pid);
  // Should it outlive the test, it would spin for the run's ten minutes.
  after(async () => {
    if (!(await processGone(pid))) process.kill(pid, 'SIGKILL');
  });
  // The worker takes its requests in order and starts a live session's run without waiting on
  // anything: once the probe's answer is back, the spinning run is under way.
  child.stdin.write(run('spinning', 'while (true) {}') + run('probe', '2'));
  assert.equal((await next()).value, '2');
  child.kill('SIGKILL');
  await waitUntil(() => processGone(pid), `sandbox worker ${pid} to end`, 10_000);
});
