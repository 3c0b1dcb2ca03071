import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { McpClient, McpClientState } from '../../../contract/mcp-clients.ts';
import { changeText, clientAction } from './client-rows.ts';

const client = (state: McpClientState): McpClient => ({
  id: 'cursor',
  name: 'Cursor',
  configPath: '/home/ann/.cursor/mcp.json',
  state,
});

test('a client offers Connect, Repair or Disconnect by its state, and nothing when not installed', () => {
  assert.equal(clientAction(client('not-installed')), undefined);
  assert.deepEqual(clientAction(client('not-connected')), {
    operation: 'connectClient',
    label: 'Connect',
  });
  assert.deepEqual(clientAction(client('outdated')), {
    operation: 'connectClient',
    label: 'Repair',
  });
  assert.deepEqual(clientAction(client('connected')), {
    operation: 'disconnectClient',
    label: 'Disconnect',
  });
});

test('a change says where the old file is kept when there was one', () => {
  const result = 'Connected: it runs MCP Isolate.';
  assert.equal(changeText({ client: client('connected'), result }), result);
  assert.equal(
    changeText({ client: client('connected'), result, backupPath: '/b' }),
    `${result} The file as it was is kept as /b.`,
  );
});
