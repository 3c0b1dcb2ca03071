import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { callAdmin } from '../server/test-support/admin-api.ts';
import { clientHome, putFile } from './support/client-home.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// Connecting clients from the window, against a real server whose home is a temporary folder:
// the buttons change the clients' real config files there, and the rows follow.
const { home, env } = await clientHome();
const { server, guiUrl, page, pageErrors, view } = await openGuiPage([], { env });
const { endpoints } = await callAdmin(server, 'getStatus');
const [command, ...args] = endpoints.stdioCommand;

const cursorFile = await putFile(
  home,
  '.cursor/mcp.json',
  JSON.stringify({ mcpServers: { mine: { command: 'mine', args: ['--fast'] } }, theme: 'dark' }),
);
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
const row = (id: string) => page.getByTestId('clients').locator(`tr[data-client="${id}"]`);

await page.goto(guiUrl);
await view(/Connect a client/).click();

test('the window lists the clients with their config files and states', async () => {
  await row('cursor').getByText('Not connected').waitFor();
  await row('cursor').getByText(cursorFile).waitFor();
  await row('windsurf').getByText('Not installed').waitFor();
  assert.equal(await row('windsurf').getByRole('button').count(), 0);
  await shootLightAndDark(page, 'connect-clients');
});

test('Connect merges the entry into the client’s file, and the row says so', async () => {
  await row('cursor').getByRole('button', { name: 'Connect Cursor' }).click();
  await row('cursor')
    .getByRole('status')
    .getByText(/^Connected: .*kept as/)
    .waitFor();
  await row('cursor').getByText('Connected', { exact: true }).waitFor();
  assert.deepEqual(await readJson(cursorFile), {
    mcpServers: { mine: { command: 'mine', args: ['--fast'] }, 'mcp-isolate': { command, args } },
    theme: 'dark',
  });
  assert.deepEqual((await readdir(dirname(cursorFile))).sort(), [
    'mcp.json',
    'mcp.json.mcp-isolate-backup',
  ]);
});

test('Disconnect, from the keyboard, takes out only MCP Isolate’s entry', async () => {
  const disconnect = row('cursor').getByRole('button', { name: 'Disconnect Cursor' });
  await disconnect.focus();
  await page.keyboard.press('Enter');
  await row('cursor')
    .getByRole('status')
    .getByText(/^Disconnected/)
    .waitFor();
  await row('cursor').getByText('Not connected').waitFor();
  assert.deepEqual(await readJson(cursorFile), {
    mcpServers: { mine: { command: 'mine', args: ['--fast'] } },
    theme: 'dark',
  });
  // The same button, now Connect, still has the focus.
  assert.equal(
    await row('cursor')
      .getByRole('button', { name: 'Connect Cursor' })
      .evaluate((button) => button.ownerDocument.activeElement === button),
    true,
  );
});

test('an outdated entry is shown as such and repaired', async () => {
  const file = await putFile(
    home,
    '.codeium/windsurf/mcp_config.json',
    JSON.stringify({ mcpServers: { 'mcp-isolate': { command: '/old/node', args: ['--stdio'] } } }),
  );
  await page.getByRole('button', { name: 'Check again' }).click();
  await row('windsurf').getByText('Connected with an outdated path').waitFor();
  await row('windsurf').getByRole('button', { name: 'Repair Windsurf' }).click();
  await row('windsurf')
    .getByRole('status')
    .getByText(/^Repaired/)
    .waitFor();
  assert.deepEqual(await readJson(file), { mcpServers: { 'mcp-isolate': { command, args } } });
});

test('a file with comments is refused where the user clicked, and left as it was', async () => {
  const text = '{\n  // mine\n  "servers": {}\n}\n';
  const file = await putFile(home, '.config/Code/User/mcp.json', text);
  await page.getByRole('button', { name: 'Check again' }).click();
  await row('vscode')
    .getByText(/has comments/)
    .first()
    .waitFor();
  await row('vscode').getByRole('button', { name: 'Connect VS Code' }).click();
  const alert = row('vscode').getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), new RegExp(`${file.replaceAll('.', '\\.')} has comments`));
  assert.equal(await readFile(file, 'utf8'), text);
  await shootLightAndDark(page, 'connect-clients-refused');
  assert.deepEqual(pageErrors, []);
});
