import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// The GUI in a real browser against a real server, while a real MCP client works with it.
const { server, guiUrl, page, pageErrors, view } = await openGuiPage();
const shoot = (name: string) => shootLightAndDark(page, name);

const client = new Client({ name: 'e2e-client', version: '1.2.3' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
const runJs = async (session: string, code: string) =>
  (await client.callTool({ name: 'run_js', arguments: { session, code } })).structuredContent as {
    ok: boolean;
    value?: string;
    heap: string;
  };

await page.goto(guiUrl);

test('the status view shows the running server and its endpoints', async () => {
  await page.getByTestId('server-state').getByText('Running').waitFor();
  await page.getByText(`${server.url}/mcp`).waitFor();
  await shoot('status');
});

test('a client that connects and runs code shows up live: connection, session, runs, snapshot', async () => {
  await runJs('e2e', 'console.log("from the client"); var answer = 6 * 7; answer');
  await view(/Connections/).click();
  await page.getByTestId('connections').getByText('e2e-client 1.2.3').waitFor();
  await shoot('connections');
  await view(/Sessions/).click();
  await page.getByRole('button', { name: /^e2e\b/ }).click();
  const runs = page.getByTestId('runs');
  await runs.getByText('var answer = 6 * 7').waitFor();
  await runs.getByText('from the client', { exact: true }).waitFor();
  await runs.getByText('42', { exact: true }).waitFor();
  // The snapshot is made once the session goes idle; the table follows.
  await page
    .getByTestId('heaps')
    .getByText(/[KM]iB/)
    .waitFor({ timeout: 20_000 });
  await shoot('sessions');
});

test("a heap's globals can be inspected and expanded, and the heap exported with its files", async () => {
  await runJs(
    'e2e',
    'var settings = { theme: "dark", sizes: [1, 2] }; (await import("node:fs")).writeFileSync("settings.json", JSON.stringify(settings))',
  );
  // The timeline follows the run: a second heap appears.
  await page.getByTestId('heaps').locator('tbody tr').nth(1).waitFor();
  // Newest first: the heap the last run made.
  await page
    .getByRole('button', { name: /Inspect the globals of heap/ })
    .first()
    .click();
  const inspector = page.getByRole('region', { name: /Globals of heap/ });
  await inspector.getByText('answer', { exact: true }).waitFor();
  await inspector.getByRole('button', { name: 'Expand settings' }).click();
  await inspector.getByText("'dark'", { exact: true }).waitFor();
  await shoot('inspector');
  const download = page.waitForEvent('download');
  await page
    .getByRole('button', { name: /Export heap/ })
    .first()
    .click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^mcp-isolate-heap-.*\.jsonl$/);
  const lines = (await readFile(await file.path(), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.ok(lines.some((line) => /var settings/.test(line.code)));
  const saved = lines.find((line) => line.file === '/work/settings.json');
  assert.equal(Buffer.from(saved.base64, 'base64').toString(), '{"theme":"dark","sizes":[1,2]}');
});

test('the message log shows the JSON-RPC traffic live, with a JSON view', async () => {
  await view(/Messages/).click();
  const list = page.getByRole('listbox', { name: 'Messages' });
  await list.getByText('tools/call').first().waitFor();
  await list
    .getByRole('option')
    .filter({ hasText: 'request' })
    .filter({ hasText: 'tools/call' })
    .first()
    .click();
  // The request as JSON, and the response paired with it.
  await page
    .getByTestId('message-json')
    .getByText(/var answer = 6 \* 7/)
    .waitFor();
  await page.getByRole('heading', { name: 'Its response' }).waitFor();
  // The keyboard moves through the list too.
  await list.focus();
  await page.keyboard.press('Home');
  await page.getByTestId('message-json').getByText('"initialize"').waitFor();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('heading', { name: 'Its request' }).waitFor();
  await page.getByLabel('Errors only').check();
  await page.getByText('No message matches the filter.').waitFor();
  await page.getByLabel('Errors only').uncheck();
  await shoot('messages');
});

test('forking and deleting in the GUI change what the MCP client sees', async () => {
  await view(/Sessions/).click();
  await page.getByRole('button', { name: /^e2e\b/ }).click();
  await page
    .getByRole('button', { name: /Fork a new session from heap/ })
    .first()
    .click();
  await page.getByLabel('New session name').fill('e2e-fork');
  await page.getByRole('button', { name: 'Fork', exact: true }).click();
  await page.getByRole('button', { name: /^e2e-fork\b/ }).waitFor();
  assert.equal((await runJs('e2e-fork', 'answer')).value, '42');

  await page.getByRole('button', { name: /^e2e-fork\b/ }).click();
  await page.getByRole('button', { name: 'Delete session' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('button', { name: /^e2e-fork\b/ }).waitFor({ state: 'detached' });
  const listed = await client.callTool({ name: 'list_sessions', arguments: {} });
  const names = (listed.structuredContent as { sessions: { name: string }[] }).sessions.map(
    (s) => s.name,
  );
  assert.deepEqual(names, ['e2e']);
});

test('CORS origins changed in Settings change what the server answers a preflight', async () => {
  const origin = 'http://e2e-app.example:3000';
  const preflight = () =>
    fetch(`${server.url}/mcp`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
  assert.equal((await preflight()).status, 403);
  await view(/Settings/).click();
  const origins = page.getByLabel('Allowed browser origins (one per line)');
  await origins.fill('not an origin');
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await page
    .getByRole('alert')
    .getByText(/is not an origin/)
    .waitFor();
  await shoot('settings-problem');
  await origins.fill(origin);
  await page.getByRole('button', { name: 'Save and apply' }).click();
  await page.getByText('Saved and applied.').waitFor();
  const answer = await preflight();
  assert.equal(answer.status, 204);
  assert.equal(answer.headers.get('access-control-allow-origin'), origin);
  await shoot('settings');
});

test('the connect view gives ready-to-copy client configurations', async () => {
  await view(/Connect a client/).click();
  await page.getByRole('heading', { name: 'Claude Desktop' }).waitFor();
  await page.getByText('claude mcp add --transport http mcp-isolate').waitFor();
  await shoot('connect');
});

test('stopping the server from the GUI ends MCP, and the page had no errors', async () => {
  await view(/Server/).click();
  await page.getByRole('button', { name: 'Stop server' }).click();
  // The client is still connected: the window asks first.
  await page.getByRole('alertdialog').getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByTestId('server-state').getByText('Stopped').waitFor();
  const refused = await fetch(`${server.url}/mcp`, { method: 'POST', body: '{}' });
  assert.equal(refused.status, 503);
  await page.getByRole('button', { name: 'Start server' }).click();
  await page.getByTestId('server-state').getByText('Running').waitFor();
  assert.deepEqual(pageErrors, []);
  await client.close().catch(() => undefined);
});
