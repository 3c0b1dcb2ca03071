import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { BIN } from '../../server/test-support/server-process.ts';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { ServerSupervisor, type SupervisorState } from './server-supervisor.ts';

function until(supervisor: ServerSupervisor, phase: SupervisorState['phase']) {
  return new Promise<SupervisorState>((resolve) => {
    if (supervisor.state.phase === phase) return resolve(supervisor.state);
    const unsubscribe = supervisor.subscribe((state) => {
      if (state.phase !== phase) return;
      unsubscribe();
      resolve(state);
    });
  });
}

test('starts the server, restarts it with a growing delay when it dies, stops it cleanly', async () => {
  const dataDir = await tempDir();
  const phases: string[] = [];
  const supervisor = new ServerSupervisor({
    node: process.execPath,
    serverScript: BIN,
    dataDir,
    args: ['--port', '0'],
    backoffMs: (attempt) => attempt * 200,
  });
  supervisor.subscribe((state) => phases.push(state.phase));
  after(() => supervisor.stop());
  supervisor.start();
  const first = await until(supervisor, 'running');
  assert.ok(first.phase === 'running');
  assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
  assert.ok(first.adminToken.length > 20);

  process.kill(first.pid, 'SIGKILL');
  const crashed = await until(supervisor, 'crashed');
  assert.ok(crashed.phase === 'crashed');
  assert.deepEqual([crashed.attempt, crashed.retryInMs], [1, 200]);
  assert.match(crashed.problem, /SIGKILL/);
  const second = await until(supervisor, 'running');
  assert.ok(second.phase === 'running' && second.pid !== first.pid);

  process.kill(second.pid, 'SIGKILL');
  const again = await until(supervisor, 'crashed');
  assert.ok(again.phase === 'crashed');
  assert.equal(again.retryInMs, 400, 'the second crash in a row waits longer');
  const third = await until(supervisor, 'running');
  assert.ok(third.phase === 'running');

  await supervisor.stop();
  assert.equal(supervisor.state.phase, 'stopped');
  assert.throws(() => process.kill(third.pid, 0), 'the server process is gone');
  assert.deepEqual(phases.slice(0, 3), ['starting', 'running', 'crashed']);
});

test('a server that cannot start says why, in its own words', async () => {
  const supervisor = new ServerSupervisor({
    node: process.execPath,
    serverScript: BIN,
    dataDir: await tempDir(),
    args: ['--port', 'seventy'],
    backoffMs: () => 60_000,
  });
  after(() => supervisor.stop());
  supervisor.start();
  const crashed = await until(supervisor, 'crashed');
  assert.ok(crashed.phase === 'crashed');
  assert.match(crashed.problem, /--port: must be a whole number/);
  await supervisor.stop();
});
