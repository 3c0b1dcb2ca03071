import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { callAdmin } from '../test-support/admin-api.ts';
import { initializeRequest } from '../test-support/mcp-requests.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';

const server = await startServerProcess();

test('disconnecting a joined stdio client from the window ends its process, and says why', async () => {
  const bridge = spawn(process.execPath, [BIN, '--stdio', '--data-dir', server.dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const initialize = initializeRequest('stdio-disconnect-test');
  bridge.stdin.write(`${JSON.stringify(initialize)}\n`);
  await once(createInterface({ input: bridge.stdout }), 'line');
  const { connections } = await callAdmin(server, 'listConnections');
  const joined = connections.find((c) => c.client?.name === 'stdio-disconnect-test');
  assert.equal(joined?.state, 'streaming');

  const exited = once(bridge, 'exit');
  assert.deepEqual(await callAdmin(server, 'disconnect', { id: joined?.id }), {
    disconnected: true,
  });
  assert.deepEqual(await exited, [0, null]);
  const { closed } = await callAdmin(server, 'listConnections');
  assert.equal(closed[0]?.id, joined?.id);
  assert.equal(closed[0]?.closeReason, 'disconnected from the window');
  // Once closed, there is nothing to disconnect.
  assert.deepEqual(await callAdmin(server, 'disconnect', { id: joined?.id }), {
    disconnected: false,
  });
});
