import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { httpDesktopClient } from '../../contract/http-desktop-client.ts';
import { SERVER_NODE_FLAGS } from '../../contract/server-process.ts';
import { freePort, processGone } from '../../server/test-support/processes.ts';
import { BIN, startServerProcess } from '../../server/test-support/server-process.ts';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import {
  ServerSupervisor,
  type SupervisorOptions,
  type SupervisorState,
} from './server-supervisor.ts';
import { supervisedServer } from './test-fixtures/supervised-server.ts';

const fixture = (name: string) => fileURLToPath(new URL(`test-fixtures/${name}`, import.meta.url));

/** The supervisor's state once it is in `phase` (or matches), now or later. */
function until(
  supervisor: ServerSupervisor,
  match: SupervisorState['phase'] | ((state: SupervisorState) => boolean),
) {
  const matches =
    typeof match === 'string' ? (state: SupervisorState) => state.phase === match : match;
  return new Promise<SupervisorState>((resolve) => {
    if (matches(supervisor.state)) return resolve(supervisor.state);
    const unsubscribe = supervisor.subscribe((state) => {
      if (!matches(state)) return;
      unsubscribe();
      resolve(state);
    });
  });
}

/** How a supervisor reports its first crash; the restart it schedules never comes. */
async function firstCrash(options: SupervisorOptions): Promise<string> {
  const supervisor = new ServerSupervisor({ backoffMs: () => 60_000, ...options });
  after(() => supervisor.stop());
  supervisor.start();
  const crashed = await until(supervisor, 'crashed');
  await supervisor.stop();
  assert.ok(crashed.phase === 'crashed');
  assert.equal(crashed.retryInMs, 60_000);
  return crashed.problem;
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
  if (process.platform === 'linux') {
    const args = (await readFile(`/proc/${first.pid}/cmdline`, 'utf8')).split('\0');
    assert.deepEqual(args.slice(1, 1 + SERVER_NODE_FLAGS.length), SERVER_NODE_FLAGS);
  }

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
  const problem = await firstCrash({
    node: process.execPath,
    serverScript: BIN,
    dataDir: await tempDir(),
    args: ['--port', 'seventy'],
  });
  assert.match(problem, /--port: must be a whole number/);
});

test('a move to another port from Settings is followed: the same process at its new address', async () => {
  const { supervisor, dataDir } = await supervisedServer();
  supervisor.start();
  const first = await until(supervisor, 'running');
  assert.ok(first.phase === 'running');
  assert.equal(first.movedFrom, undefined);

  const target = await freePort();
  const client = httpDesktopClient(first.url, first.adminToken);
  const answer = await client.updateSettings({ settings: { port: target } });
  assert.deepEqual(answer.problems, []);
  const moved = await until(supervisor, (state) => state.phase === 'running' && state !== first);
  assert.deepEqual(moved, {
    phase: 'running',
    url: `http://127.0.0.1:${target}`,
    adminToken: first.adminToken,
    pid: first.pid,
    movedFrom: first.url,
  });
  assert.equal((await fetch(`http://127.0.0.1:${target}/healthz`)).status, 200);
  await supervisor.stop();
});

test('every address line is followed once, however the lines fall across chunks of stderr', async () => {
  const dataDir = await tempDir();
  const lines: string[] = [];
  const supervisor = new ServerSupervisor({
    node: process.execPath,
    serverScript: fixture('stuck-server.ts'),
    dataDir,
    stopTimeoutMs: 200,
    log: (line) => lines.push(line),
  });
  const running: SupervisorState[] = [];
  supervisor.subscribe((state) => state.phase === 'running' && running.push(state));
  after(() => supervisor.stop());
  supervisor.start();
  await until(supervisor, (state) => state.phase === 'running' && state.url.endsWith(':2'));
  while (!lines.includes('fake: done')) await sleep(20);
  await sleep(200);
  const pid = (running[0] as { pid: number }).pid;
  assert.deepEqual(running, [
    { phase: 'running', url: 'http://127.0.0.1:1', adminToken: 'token-1', pid },
    {
      phase: 'running',
      url: 'http://127.0.0.1:2',
      adminToken: 'token-2',
      pid,
      movedFrom: 'http://127.0.0.1:1',
    },
  ]);
  assert.deepEqual(
    lines.filter((line) => !line.startsWith('[supervisor]')),
    [
      'starting',
      'MCP Isolate listening on http://127.0.0.1:1',
      '  GUI: http://127.0.0.1:1/#token=(hidden)',
      'MCP Isolate listening on http://127.0.0.1:2',
      '  GUI: http://127.0.0.1:2/#token=(hidden)',
      'fake: done',
    ],
  );
  await supervisor.stop();
});

test('stop() asks the server to shut down, and its output and the supervisor notes are in server.log, without the admin token', async () => {
  const dataDir = await tempDir();
  const logDir = join(await tempDir(), 'logs');
  const supervisor = new ServerSupervisor({
    node: process.execPath,
    serverScript: BIN,
    dataDir,
    logDir,
    args: ['--port', '0'],
  });
  after(() => supervisor.stop());
  supervisor.start();
  const running = await until(supervisor, 'running');
  assert.ok(running.phase === 'running');
  await supervisor.stop();
  assert.ok(await processGone(running.pid));
  await assert.rejects(stat(join(dataDir, 'server.json')), /ENOENT/);
  const log = (await readFile(join(logDir, 'server.log'), 'utf8')).trimEnd().split('\n');
  for (const line of log) assert.match(line, /^\d{4}-\d\d-\d\dT\S+Z /);
  const text = log.map((line) => line.replace(/^\S+ /, ''));
  assert.ok(text.includes('[supervisor] starting the server'));
  assert.ok(text.includes(`MCP Isolate listening on ${running.url}`));
  assert.ok(text.includes('MCP Isolate: asked to stop by its app, shutting down'), text.join('\n'));
  assert.equal(text.at(-1), '[supervisor] the server is stopped');
  assert.ok(!text.some((line) => line.includes('SIGTERM')));
  assert.ok(
    !log.some((line) => line.includes(running.adminToken)),
    'the admin token is not logged',
  );
});

test('a server that ignores the request to stop is killed after stopTimeoutMs', async () => {
  const lines: string[] = [];
  const supervisor = new ServerSupervisor({
    node: process.execPath,
    serverScript: fixture('stuck-server.ts'),
    dataDir: await tempDir(),
    stopTimeoutMs: 500,
    log: (line) => lines.push(line),
  });
  after(() => supervisor.stop());
  supervisor.start();
  const running = await until(supervisor, 'running');
  assert.ok(running.phase === 'running');
  const asked = Date.now();
  await supervisor.stop();
  assert.ok(Date.now() - asked >= 500, 'it had its time to stop');
  assert.ok(await processGone(running.pid));
  assert.equal(supervisor.state.phase, 'stopped');
  // Asked over the IPC channel, on every platform, and no SIGTERM (a hard kill on Windows).
  assert.ok(lines.includes('fake: ignoring {"type":"shutdown"}'), lines.join('\n'));
  assert.ok(!lines.includes('fake: ignoring SIGTERM'));
});

test('a log folder that cannot be written costs the log, not the server', async () => {
  const notAFolder = join(await tempDir(), 'logs');
  await writeFile(notAFolder, 'a file where the logs folder should be');
  const lines: string[] = [];
  const supervisor = new ServerSupervisor({
    node: process.execPath,
    serverScript: fixture('stuck-server.ts'),
    dataDir: await tempDir(),
    logDir: notAFolder,
    stopTimeoutMs: 200,
    log: (line) => lines.push(line),
  });
  after(() => supervisor.stop());
  supervisor.start();
  assert.equal((await until(supervisor, 'running')).phase, 'running');
  await supervisor.stop();
  assert.ok(lines.some((line) => /^cannot write the server log: .*(EEXIST|ENOTDIR)/.test(line)));
});

test('a server whose server.json cannot be read is stopped and restarted, saying why', async () => {
  const problem = await firstCrash({
    node: process.execPath,
    serverScript: fixture('stuck-server.ts'),
    dataDir: await tempDir(),
    args: ['--no-server-json'],
    stopTimeoutMs: 200,
  });
  assert.match(problem, /^cannot read server\.json: ENOENT/);
});

test('a server that dies is reported at once even while a process it left holds its stderr', async () => {
  const lines: string[] = [];
  const supervisor = new ServerSupervisor({
    node: process.execPath,
    serverScript: fixture('exits-leaving-stderr-open.ts'),
    dataDir: await tempDir(),
    backoffMs: () => 60_000,
    log: (line) => lines.push(line),
  });
  after(() => supervisor.stop());
  const started = Date.now();
  supervisor.start();
  const crashed = await until(supervisor, 'crashed');
  const holder = Number(lines.find((line) => line.startsWith('holder '))?.split(' ')[1]);
  process.kill(holder, 'SIGKILL');
  assert.ok(Date.now() - started < 5000, 'not when the holder ends, 10 s later');
  assert.deepEqual(crashed, {
    phase: 'crashed',
    problem: 'something broke; the server exited (code 3)',
    retryInMs: 60_000,
    attempt: 1,
  });
  await supervisor.stop();
});

test('a runtime that does not exist is a crash naming its path, retried like any other', async () => {
  const dir = await tempDir();
  const missing = join(dir, 'no-such-node');
  const supervisor = new ServerSupervisor({
    node: missing,
    serverScript: BIN,
    dataDir: dir,
    backoffMs: () => 100,
  });
  after(() => supervisor.stop());
  supervisor.start();
  const crashed = await until(supervisor, 'crashed');
  assert.deepEqual(crashed, {
    phase: 'crashed',
    problem: `cannot start the server's runtime ${missing}: it does not exist (ENOENT)`,
    retryInMs: 100,
    attempt: 1,
  });
  const again = await until(
    supervisor,
    (state) => state.phase === 'crashed' && state.attempt === 2,
  );
  assert.ok(again.phase === 'crashed' && again.problem.includes('ENOENT'));
  await supervisor.stop();
  assert.equal(supervisor.state.phase, 'stopped');
});

test('a runtime without the execute bit is a crash that says it is not executable', {
  skip: process.platform === 'win32' && 'Windows has no execute bit',
}, async () => {
  const dir = await tempDir();
  const runtime = join(dir, 'node');
  await writeFile(runtime, '#!/bin/sh\nexit 0\n');
  await chmod(runtime, 0o644);
  assert.equal(
    await firstCrash({ node: runtime, serverScript: BIN, dataDir: dir }),
    `cannot start the server's runtime ${runtime}: it is not executable (permission denied) (EACCES)`,
  );
});

test('a server script that is missing says so in the words Node used', async () => {
  const dir = await tempDir();
  const script = join(dir, 'mcp-isolate.mjs');
  assert.match(
    await firstCrash({ node: process.execPath, serverScript: script, dataDir: dir }),
    /^Error.*: Cannot find module '.*mcp-isolate\.mjs'.*; the server exited \(code 1\)$/,
  );
});

test('the server exits by itself, cleanly, when the app supervising it is killed', async () => {
  const dataDir = await tempDir();
  const app = spawn(process.execPath, [fixture('supervise.ts'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  after(() => app.kill('SIGKILL'));
  const [line] = (await once(createInterface({ input: app.stdout }), 'line')) as [string];
  const server = JSON.parse(line) as { pid: number; url: string };
  after(async () => {
    if (!(await processGone(server.pid))) process.kill(server.pid, 'SIGKILL');
  });
  app.kill('SIGKILL');
  const deadline = Date.now() + 15_000;
  while (!(await processGone(server.pid)) && Date.now() < deadline) await sleep(50);
  assert.ok(await processGone(server.pid), 'the server has exited');
  await assert.rejects(stat(join(dataDir, 'server.json')), /ENOENT/, 'and removed its server.json');
  // Its port and its data directory are free: a new server takes both.
  const port = new URL(server.url).port;
  const next = await startServerProcess(['--port', port], { dataDir });
  assert.equal(next.url, server.url);
  assert.equal(await next.stop(), 0);
});
