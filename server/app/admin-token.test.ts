import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { adminTokenOf, callAdmin } from '../test-support/admin-api.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { newTempDir, removeDir } from '../test-support/temp-dir.ts';

const dataDir = await newTempDir();
after(() => removeDir(dataDir));
const tokenFile = join(dataDir, 'admin-token');

test('the admin token survives a restart, so a bookmarked GUI address still works', async () => {
  const first = await startServerProcess([], { dataDir });
  const token = await adminTokenOf(dataDir);
  assert.equal((await readFile(tokenFile, 'utf8')).trim(), token);
  if (process.platform !== 'win32') assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
  await first.stop();
  const second = await startServerProcess([], { dataDir });
  assert.equal(await adminTokenOf(dataDir), token);
  assert.equal((await callAdmin(second, 'getStatus', {}, token)).running, true);
  await second.stop();
});

test('a new admin token refuses the old one at once and ends the event streams opened with it', async () => {
  const server = await startServerProcess([], { dataDir });
  const old = await adminTokenOf(dataDir);
  const events = await fetch(`${server.url}/admin/events`, {
    headers: { authorization: `Bearer ${old}` },
  });
  const reader = (events.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();

  const { token } = await callAdmin(server, 'renewAdminToken', {}, old);
  assert.notEqual(token, old);
  await assert.rejects(callAdmin(server, 'getStatus', {}, old), /401/);
  assert.equal((await callAdmin(server, 'getStatus', {}, token)).running, true);
  // The old stream ends (after whatever it was sent before the renewal).
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
  // Kept for the next start, and announced where the GUI's address is read.
  assert.equal((await readFile(tokenFile, 'utf8')).trim(), token);
  const info = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8'));
  assert.equal(info.adminToken, token);
  assert.equal(info.guiUrl, `${server.url}/#token=${token}`);
  await server.stop();
});
