import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { callAdmin } from '../test-support/admin-api.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { newTempDir, removeDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

/** Every file and folder under `dir`, with its mode bits (sockets left out: not data). */
async function modesUnder(dir: string): Promise<Map<string, number>> {
  const modes = new Map<string, number>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSocket()) continue;
    const path = join(entry.parentPath, entry.name);
    modes.set(relative(dir, path), (await stat(path)).mode & 0o777);
  }
  return modes;
}

test('every file the server writes in the data directory is owner-only (0600), every folder too (0700), but the stdio launcher clients run (0755)', {
  skip: process.platform === 'win32' && 'Windows has no POSIX modes (the folder is per user)',
}, async () => {
  const parent = await newTempDir();
  after(() => removeDir(parent));
  // A data directory the server makes itself.
  const dataDir = join(parent, 'data');
  const server = await startServerProcess([], { dataDir });
  const client = new Client({ name: 'modes-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  await client.callTool({ name: 'run_js', arguments: { session: 'modes', code: 'var a = 1' } });
  await client.callTool({ name: 'run_js', arguments: { session: 'modes', code: 'a + 1' } });
  await client.close();
  await callAdmin(server, 'updateSettings', { settings: { timeoutMs: 20_000 } });
  // Snapshots are made once the session is idle; one being written is a temporary file first.
  const snapshotMade = async () =>
    (await readdir(join(dataDir, 'snapshots'))).some((name) => name.endsWith('.snap'));
  await waitUntil(snapshotMade, 'a snapshot');
  // server.json lives while the server does.
  assert.equal((await stat(join(dataDir, 'server.json'))).mode & 0o777, 0o600, 'server.json');
  await server.stop();

  const modes = await modesUnder(dataDir);
  for (const path of [
    'settings.json',
    'admin-token',
    'run',
    'logs',
    'logs/messages.jsonl',
    'sessions',
    'sessions/modes',
    'sessions/modes/session.json',
    'sessions/modes/journal.jsonl',
    'sessions/modes/runs.jsonl',
    'snapshots',
    'bin',
    'bin/mcp-isolate',
  ]) {
    assert.ok(modes.has(path), `${path} was written`);
  }
  assert.ok([...modes.keys()].some((path) => path.endsWith('.snap')));
  assert.equal((await stat(dataDir)).mode & 0o777, 0o700, 'the data directory');
  for (const [path, mode] of modes) {
    const folder = (await stat(join(dataDir, path))).isDirectory();
    const expected = path === 'bin/mcp-isolate' ? '755' : folder ? '700' : '600';
    assert.equal(mode.toString(8), expected, path);
  }
});
