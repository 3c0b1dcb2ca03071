import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { callAdmin } from '../test-support/admin-api.ts';
import { modernRequest } from '../test-support/mcp-requests.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const server = await startServerProcess();
const setRunning = (running: boolean) => callAdmin(server, 'setServerRunning', { running });

test('POST /api/exec answers 503 with a JSON body while the server is stopped', async () => {
  const exec = () =>
    fetch(`${server.url}/api/exec`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: '1 + 1' }),
    });
  await setRunning(false);
  const refused = await exec();
  assert.equal(refused.status, 503);
  assert.match(String(refused.headers.get('content-type')), /^application\/json/);
  const { error } = (await refused.json()) as { error: { code: string; message: string } };
  assert.equal(error.code, 'stopped');
  assert.match(error.message, /MCP Isolate is stopped/);
  await setRunning(true);
  const served = await exec();
  assert.equal(served.status, 200);
  assert.equal(((await served.json()) as { value: string }).value, '2');
});

// Without answers the client would wait for ever: the timeout makes that a failure.
for (const era of ['2025', '2026'] as const)
  test(`a joined stdio client of ${era} gets errors with its request ids while stopped, and is served again after, in its era`, {
    timeout: 30_000,
  }, async () => {
    const client = `stdio-stop-test-${era}`;
    const session = `stopped-mid-run-${era}`;
    const bridge = spawn(process.execPath, [BIN, '--stdio', '--data-dir', server.dataDir], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const answers = new Map<number, (answer: Record<string, unknown>) => void>();
    createInterface({ input: bridge.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as { id: number };
      answers.get(answer.id)?.(answer);
    });
    // A 2026 request carries its version and client itself; a 2025 one is in an initialized session.
    const request = (id: number, method: string, params: Record<string, unknown> = {}) => {
      const answered = new Promise<Record<string, unknown>>((resolve) => answers.set(id, resolve));
      const message =
        era === '2026'
          ? modernRequest(method, params, { id, client }).body
          : { jsonrpc: '2.0', id, method, params };
      bridge.stdin.write(`${JSON.stringify(message)}\n`);
      return answered;
    };
    if (era === '2025') {
      await request(1, 'initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: client, version: '1' },
      });
      bridge.stdin.write(
        `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`,
      );
    }

    // A run still going when the server stops is answered, with its id, not left waiting.
    const long = request(2, 'tools/call', {
      name: 'run_js',
      arguments: { session, code: 'let n = 0; for (;;) n++' },
    });
    await waitUntil(
      async () =>
        (await callAdmin(server, 'listActiveRuns')).runs.some((run) => run.session === session),
      'the run under way',
    );
    await setRunning(false);
    assert.deepEqual((await long).error, {
      code: -32000,
      message: 'MCP Isolate closed the connection: the server was stopped',
    });
    // And it is cancelled, as the SDK (v2) aborts the requests of a connection that closes: it
    // commits nothing, where it once ran on to its timeout with no one to answer.
    await waitUntil(
      async () =>
        (await callAdmin(server, 'listRuns', { session })).runs[0]?.error?.code === 'cancelled',
      'the run cancelled',
      10_000,
    );
    assert.deepEqual((await callAdmin(server, 'listActiveRuns')).runs, []);
    const refused = await request(3, 'tools/list');
    assert.equal(refused.id, 3);
    assert.match(String((refused.error as { message: string }).message), /MCP Isolate is stopped/);

    await setRunning(true);
    const served = await request(4, 'tools/call', {
      name: 'run_js',
      arguments: { code: '20 + 22' },
    });
    assert.equal(
      (served.result as { structuredContent: { value: string } }).structuredContent.value,
      '42',
    );
    // The connection that serves it again still knows who the client is, and its era.
    const { connections } = await callAdmin(server, 'listConnections');
    const mine = connections.find((c) => c.client?.name === client);
    assert.deepEqual([mine?.transport, mine?.era], ['stdio', era === '2026' ? 'modern' : 'legacy']);
    bridge.stdin.end();
    await once(bridge, 'exit');
  });
