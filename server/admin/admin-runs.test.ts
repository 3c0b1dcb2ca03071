import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { DesktopOperation } from '../../contract/desktop-api.ts';
import type { RunJsOutput } from '../mcp/tool-schemas.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import { startServerProcess } from '../test-support/server-process.ts';

// Runs as they happen, cancelled from the window or by the client, and runs from the window,
// through the admin API of a real server with a real MCP client. The timeout is long, so that
// only a cancel ends the endless runs while a test waits.
const server = await startServerProcess(['--timeout-ms', '600000']);
const call = <K extends DesktopOperation>(operation: K, input: object = {}) =>
  callAdmin(server, operation, input);

const client = new Client({ name: 'runs-test-client', version: '2.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));

async function runJs(session: string, code: string, signal?: AbortSignal) {
  const result = await client.callTool(
    { name: 'run_js', arguments: { session, code } },
    undefined,
    {
      ...(signal && { signal }),
      timeout: 600_000,
    },
  );
  return result.structuredContent as RunJsOutput;
}

async function activeRunOf(session: string) {
  for (;;) {
    const { runs } = await call('listActiveRuns');
    const run = runs.find((active) => active.session === session);
    if (run) return run;
    await sleep(20);
  }
}

test("a client's run shows while it runs, and Cancel stops it with a cancelled error", async () => {
  const session = 'live-cancel';
  const first = await runJs(session, 'var n = 1');
  const running = runJs(session, 'n = 2; for (;;) {}');
  const active = await activeRunOf(session);
  assert.equal(active.code, 'n = 2; for (;;) {}');
  assert.equal(active.origin.kind, 'client');
  assert.ok(active.origin.kind === 'client' && active.origin.client === 'runs-test-client 2.0');
  await sleep(300);
  assert.deepEqual(await call('cancelRun', { id: active.id }), { cancelled: true });
  const result = await running;
  assert.equal(result.ok, false);
  assert.equal(result.error?.code, 'cancelled');
  assert.equal(result.heap, first.heap);
  assert.equal((await runJs(session, 'n')).value, '1');
  const { runs } = await call('listRuns', { session });
  const cancelled = runs.find((run) => run.id === active.id);
  assert.equal(cancelled?.error?.code, 'cancelled');
  assert.equal(cancelled?.origin?.kind, 'client');
  assert.deepEqual(await call('cancelRun', { id: active.id }), { cancelled: false });
});

test("a client's own cancellation (notifications/cancelled) stops its run", async () => {
  const session = 'client-cancel';
  await runJs(session, 'var n = 1');
  const abort = new AbortController();
  const running = runJs(session, 'n = 2; for (;;) {}', abort.signal);
  const active = await activeRunOf(session);
  await sleep(300);
  abort.abort();
  await assert.rejects(running, /abort/i);
  // Without the cancel, this run would wait ten minutes behind the endless one.
  assert.equal((await runJs(session, 'n')).value, '1');
  const { runs } = await call('listRuns', { session });
  assert.equal(runs.find((run) => run.id === active.id)?.error?.code, 'cancelled');
});

test('code run from the window lands in the session, and the client sees what it did', async () => {
  const session = 'from-window';
  const first = await runJs(session, 'var list = [1]');
  const ran = await call('runCode', { session, code: 'list.push(2); list.length' });
  assert.equal(ran.run.ok, true);
  assert.equal(ran.run.value, '2');
  assert.equal(ran.session, session);
  assert.equal((await runJs(session, 'list.join()')).value, "'1,2'");
  const { runs } = await call('listRuns', { session });
  assert.deepEqual(runs.find((run) => run.code === 'list.push(2); list.length')?.origin, {
    kind: 'window',
  });
  // Forked from the first heap: the new session has the list as it was then.
  const forked = await call('runCode', { heap: first.heap, code: 'list.length' });
  assert.equal(forked.run.ok, true);
  assert.notEqual(forked.session, session);
  const forkRuns = await call('listRuns', { session: forked.session });
  assert.equal(forkRuns.runs.at(-1)?.value, '1');
  const failed = await call('runCode', { session, code: 'throw new Error("nope")' });
  assert.equal(failed.run.ok, false);
  assert.match(failed.run.error?.message ?? '', /nope/);
  // The window's answer is the run as its history keeps it, stack and all.
  assert.deepEqual((await call('listRuns', { session })).runs.at(-1), failed.run);
});

test('the status counts runs, timeouts, memory errors and cancels, and the heap in use', async () => {
  const before = (await call('getStatus')).runStats;
  await call('updateSettings', { settings: { timeoutMs: 200 } });
  try {
    const timedOut = await runJs('stats', 'for (;;) {}');
    assert.equal(timedOut.error?.code, 'timeout');
  } finally {
    await call('updateSettings', { settings: { timeoutMs: 600_000 } });
  }
  await runJs('stats', 'var big = new Array(100000).fill(7)');
  // Each run is counted before its answer is sent (app/run-status.test.ts), the earlier tests' too.
  const status = await call('getStatus');
  assert.equal(status.runStats.attempts, before.attempts + 2);
  assert.equal(status.runStats.timeouts, before.timeouts + 1);
  assert.ok((status.runStats.heapBytes ?? 0) > 800_000, `${status.runStats.heapBytes} bytes`);
  assert.ok((status.runStats.lastRunMs ?? 0) > 0);
  assert.equal(status.memoryLimitBytes, 128 * 1024 * 1024);
});

test('a JSON API caller that hangs up cancels its run', async () => {
  const session = 'hung-up';
  await runJs(session, 'var n = 1');
  const hangUp = new AbortController();
  const request = fetch(`${server.url}/api/exec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session, code: 'n = 2; for (;;) {}' }),
    signal: hangUp.signal,
  });
  const active = await activeRunOf(session);
  assert.deepEqual(active.origin, { kind: 'api' });
  await sleep(300);
  hangUp.abort();
  await assert.rejects(request);
  // Without the cancel, this run would wait ten minutes behind the endless one.
  assert.equal((await runJs(session, 'n')).value, '1');
  const { runs } = await call('listRuns', { session });
  assert.equal(runs.find((run) => run.id === active.id)?.error?.code, 'cancelled');
});

test("the window's record of a run is the client's result: the same error with its stack, the same duration", async () => {
  const session = 'stacked';
  const result = await runJs(session, 'function inner() { throw new TypeError("deep") }\ninner()');
  assert.equal(result.error?.name, 'TypeError');
  assert.match(result.error?.stack ?? '', /deep/);
  const { runs } = await call('listRuns', { session });
  const record = runs.at(-1);
  assert.deepEqual(record?.error, result.error);
  assert.equal(record?.durationMs, result.durationMs);
});
