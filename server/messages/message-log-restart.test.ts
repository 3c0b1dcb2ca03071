import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { DesktopOperation } from '../../contract/desktop-api.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import { type ServerProcess, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

const admin = <K extends DesktopOperation>(
  server: ServerProcess,
  operation: K,
  input: object = {},
) => callAdmin(server, operation, input);

test('the message log and the refusals survive a restart of the server on the same data directory', async () => {
  const dataDir = await tempDir();
  const first = await startServerProcess([], { dataDir });
  const client = new Client({ name: 'before-restart', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${first.url}/mcp`)));
  await client.callTool({ name: 'run_js', arguments: { session: 'kept', code: '6 * 7' } });
  await client.close();
  const refused = await fetch(`${first.url}/mcp`, {
    method: 'POST',
    headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(refused.status, 403);
  const logged = (await admin(first, 'listMessages')).messages;
  assert.equal(await first.stop(), 0);

  const second = await startServerProcess([], { dataDir });
  const { messages } = await admin(second, 'listMessages');
  assert.deepEqual(messages, logged);
  assert.ok(messages.some((message) => message.client?.name === 'before-restart'));
  const { refusals } = await admin(second, 'listRefusals');
  assert.equal(refusals.at(-1)?.origin, 'http://evil.example');
  // Numbering goes on, so the GUI takes new messages as newer than the ones read back.
  const client2 = new Client({ name: 'after-restart', version: '1' });
  await client2.connect(new StreamableHTTPClientTransport(new URL(`${second.url}/mcp`)));
  const newer = (await admin(second, 'listMessages', { after: logged.at(-1)?.seq })).messages;
  assert.ok(newer.length > 0);
  assert.equal(newer[0]?.client?.name, 'after-restart');
  assert.equal((newer[0]?.body as { method?: string } | undefined)?.method, 'initialize');
  await client2.close();
});
