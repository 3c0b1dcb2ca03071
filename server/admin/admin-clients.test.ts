import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DesktopEvent, DesktopOperation } from '../../contract/desktop-api.ts';
import { httpDesktopClient } from '../../contract/http-desktop-client.ts';
import { adminTokenOf, answerAdmin, callAdmin } from '../test-support/admin-api.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

// Connecting clients through the admin API of a real server process whose home is a temporary
// folder: the files it changes are real, and nothing of the user's own is touched.
const home = await tempDir('mcp-isolate-home-');
const server = await startServerProcess([], {
  env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
});

async function refused(operation: DesktopOperation, input: object) {
  const { status, body } = await answerAdmin(server, operation, input);
  const { error } = body as { error: { code: string; message: string } };
  return { status, ...error };
}

test('listClients says which clients are installed under the server’s home, and where their files are', async () => {
  await mkdir(join(home, '.cursor'));
  const { clients } = await callAdmin(server, 'listClients');
  assert.deepEqual(
    clients.map(({ id, state }) => [id, state]),
    [
      ['claude-desktop', 'not-installed'],
      ['claude-code', 'not-installed'],
      ['cursor', 'not-connected'],
      ['vscode', 'not-installed'],
      ['windsurf', 'not-installed'],
    ],
  );
  assert.equal(clients[2]?.configPath, join(home, '.cursor', 'mcp.json'));
  assert.equal(
    clients[0]?.configPath,
    join(home, '.config', 'Claude', 'claude_desktop_config.json'),
  );
});

test('connectClient writes the status’s stdio command into the client’s file, and disconnectClient takes it out', async () => {
  const { endpoints } = await callAdmin(server, 'getStatus');
  const [command, ...args] = endpoints.stdioCommand;
  const file = join(home, '.cursor', 'mcp.json');
  await writeFile(file, JSON.stringify({ mcpServers: { mine: { command: 'mine' } } }));
  const connected = await callAdmin(server, 'connectClient', { client: 'cursor' });
  assert.equal(connected.client.state, 'connected');
  assert.equal(connected.backupPath, `${file}.mcp-isolate-backup`);
  assert.match(connected.result, /^Connected/);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), {
    mcpServers: { mine: { command: 'mine' }, 'mcp-isolate': { command, args } },
  });
  const disconnected = await callAdmin(server, 'disconnectClient', { client: 'cursor' });
  assert.equal(disconnected.client.state, 'not-connected');
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), {
    mcpServers: { mine: { command: 'mine' } },
  });
});

test('each change to a client’s file is told to every subscriber, so the window and the tray show what the other did', async () => {
  const desktop = httpDesktopClient(server.url, await adminTokenOf(server.dataDir));
  const changes: DesktopEvent[] = [];
  let heard: (type: DesktopEvent['type']) => void = () => {};
  const unsubscribe = desktop.subscribe(
    (event) => {
      if (event.type === 'clients-changed') changes.push(event);
      heard(event.type);
    },
    () => undefined,
  );
  const next = (type: DesktopEvent['type']) =>
    new Promise<void>((resolve) => {
      heard = (heardType) => heardType === type && resolve();
    });
  // The stream opens with the server's status: after it, nothing it pushes is missed.
  await next('status');
  let told = next('clients-changed');
  await desktop.connectClient({ client: 'cursor' });
  await told;
  told = next('clients-changed');
  await desktop.disconnectClient({ client: 'cursor' });
  await told;
  unsubscribe();
  assert.equal(changes.length, 2);
});

test('a file with comments is refused with a 409 that names it, and an unknown client with a 400', async () => {
  const file = join(home, '.cursor', 'mcp.json');
  const text = '{\n  // mine\n  "mcpServers": {}\n}\n';
  await writeFile(file, text);
  const refusal = await refused('connectClient', { client: 'cursor' });
  assert.equal(refusal.status, 409);
  assert.equal(refusal.code, 'client_config_refused');
  assert.ok(refusal.message.includes(file), refusal.message);
  assert.match(refusal.message, /comments/);
  assert.equal(await readFile(file, 'utf8'), text);
  const { clients } = await callAdmin(server, 'listClients');
  assert.match(clients[2]?.problem ?? '', /comments/);
  const notInstalled = await refused('connectClient', { client: 'windsurf' });
  assert.equal(notInstalled.status, 409);
  assert.equal(notInstalled.code, 'client_not_installed');
  const unknown = await refused('connectClient', { client: 'notepad' });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.code, 'invalid_input');
});
