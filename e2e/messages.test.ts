import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openGuiPage } from './support/gui-page.ts';
import { SCREENSHOTS, shootLightAndDark } from './support/screenshots.ts';

// The message log as a person reads it, in a real browser against a real server, while a real
// MCP client works with it; and the requests the server refused, in "Connection problems".
const { server, guiUrl, page, pageErrors, view } = await openGuiPage();

const client = new Client({ name: 'log-reader', version: '2.0.0' });
const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`));
await client.connect(transport);
const runJs = (session: string, code: string) =>
  client.callTool({ name: 'run_js', arguments: { session, code } });

// A latency as the table shows it: in µs, ms, s or minutes, to two or three figures.
const DURATION = /^(\d+ µs|\d\.\d ms|\d+ ms|\d+\.\d s|\d+ min \d\d s)$/;

const CODE = 'const greeting = "hi";\nconsole.log(greeting + "\\nthere");\ngreeting.length';
// Date and timers are virtual in the sandbox: a long run is real work (about 2.5 s here).
const LONG_CODE = 'let x = 0;\nfor (let i = 0; i < 5e8; i++) { x = (x * 31 + i) % 1000003 }\nx';

const list = page.getByRole('listbox', { name: 'Messages' });
const detail = page.getByTestId('message-json');
const runRequestRow = (session: string) =>
  list
    .getByRole('option')
    .filter({ hasText: 'request' })
    .filter({ hasText: 'tools/call run_js' })
    .filter({ hasText: session });

await page.goto(guiUrl);

test('the log is a table: a run_js call names its tool, session, status and latency', async () => {
  await runJs('reading', CODE);
  await view(/Messages/).click();
  const columns = page.getByTestId('message-columns');
  for (const name of ['Time', 'Kind', 'Call', 'Session', 'Status', 'Latency', 'Era', 'Client']) {
    await columns.getByText(name, { exact: true }).waitFor();
  }
  const row = runRequestRow('reading');
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /tools\/call run_js\s*reading\s*ok/);
  assert.match((await row.locator('.latency').textContent()) ?? '', DURATION);
  assert.match((await row.locator('.client').textContent()) ?? '', /log-reader/);
});

test('a request still waiting is pending, then turns ok when its response arrives', async () => {
  const long = runJs('slow', LONG_CODE);
  const row = runRequestRow('slow');
  await row.locator('.status', { hasText: 'pending' }).waitFor();
  await long;
  await row.locator('.status', { hasText: 'ok' }).waitFor();
  // About 2.5 s here: whatever it takes, it reads in seconds, not thousands of milliseconds.
  assert.match((await row.locator('.latency').textContent()) ?? '', /^\d+\.\d s$|min/);
});

test('the detail shows code and console unescaped, with the raw JSON one click away', async () => {
  await runRequestRow('reading').click();
  await detail.getByRole('heading', { name: 'Code' }).waitFor();
  assert.equal(await detail.locator('pre.code').textContent(), CODE);
  // Its response, read the same way: the console's lines and the value.
  const response = page.locator('.message-detail pre.console');
  assert.equal(await response.textContent(), 'hi\nthere');
  assert.equal(await page.locator('.message-detail pre.value').textContent(), '2');
  const raw = page.getByRole('button', { name: 'Raw JSON' });
  await raw.click();
  assert.equal(await raw.getAttribute('aria-pressed'), 'true');
  assert.match((await detail.locator('pre.json').textContent()) ?? '', /"code": "const greeting/);
  assert.match((await detail.textContent()) ?? '', /\\nconsole\.log/);
  await raw.click();
  await detail.locator('pre.code').waitFor();
  await shootLightAndDark(page, 'messages');
});

test("a run's detail shows its run, and the run shows its messages again", async () => {
  await page.getByRole('button', { name: 'Show run' }).click();
  const session = page.getByRole('button', { name: /^reading\b/ });
  await session.waitFor();
  assert.equal(await session.getAttribute('aria-current'), 'true');
  await page.getByTestId('runs').getByText('const greeting = "hi";').waitFor();
  await page.getByTestId('runs').getByRole('button', { name: 'Messages', exact: true }).click();
  const selected = list.locator('[aria-selected="true"]');
  await selected.filter({ hasText: 'tools/call run_js' }).filter({ hasText: 'reading' }).waitFor();
  assert.equal(await detail.locator('pre.code').textContent(), CODE);
});

test('a filter that hides the selected message clears the detail', async () => {
  await runRequestRow('reading').click();
  await detail.locator('pre.code').waitFor();
  const method = page.getByRole('form', { name: 'Filter messages' }).getByLabel('Method');
  await method.fill('tools/list');
  await page.getByText('Select a message to read it').waitFor();
  assert.equal(await detail.count(), 0);
  // Showing the message again does not bring back a selection the filter cleared.
  await method.fill('');
  await runRequestRow('reading').waitFor();
  assert.equal(await list.locator('[aria-selected="true"]').count(), 0);
  await page.getByText('Select a message to read it').waitFor();
});

test('with no message open, a client with a long name shows whole, and every latency reads in human units', async () => {
  const name = 'desktop-assistant-with-a-forty-char-name';
  assert.equal(name.length, 40);
  const long = new Client({ name, version: '1.0.0' });
  await long.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  await long.callTool({ name: 'run_js', arguments: { session: 'long-named', code: '1 + 1' } });
  // Every connection's messages (the run's Messages button showed only its own connection's).
  await page
    .getByRole('form', { name: 'Filter messages' })
    .getByLabel('Connection')
    .selectOption({ label: 'All' });
  const cell = runRequestRow('long-named').locator('.client');
  await cell.filter({ hasText: name }).waitFor();
  const fits = await cell.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(fits.scroll <= fits.client, `the name is cut: ${JSON.stringify(fits)}`);
  // Where a row has less room (a message open beside it), the whole name is one hover away.
  assert.equal(await cell.first().getAttribute('title'), name);
  await long.close();
  const latencies = await list.locator('.latency').allTextContents();
  const shown = latencies.filter((text) => text !== '');
  assert.ok(shown.length > 0);
  for (const latency of shown) assert.match(latency, DURATION);
});

test('at 1024 px the detail goes under the table, and every column heading shows whole', async () => {
  await page.setViewportSize({ width: 1024, height: 700 });
  try {
    await runRequestRow('reading').click();
    await detail.locator('pre.code').waitFor();
    const headings = page.getByTestId('message-columns').locator('span');
    for (const heading of await headings.all()) {
      const fits = await heading.evaluate((el) => el.scrollWidth <= el.clientWidth);
      assert.ok(fits, `${await heading.textContent()} is cut`);
    }
    const table = await page.locator('.message-table').boundingBox();
    const pane = await page.locator('.message-detail').boundingBox();
    assert.ok(table && pane && pane.y >= table.y + table.height);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('requests the server refused show in Connection problems, with why and what to do', async () => {
  const evil = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(evil.status, 403);
  const lost = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: {
      'mcp-session-id': 'long-gone',
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
  assert.equal(lost.status, 404);
  await view(/Server/).click();
  const problems = page.getByTestId('connection-problems');
  await problems
    .getByText(
      '403: Origin http://evil.example is not allowed: add it to the allowed browser origins in Settings if you trust that page',
    )
    .waitFor();
  await problems.getByText(/^404: the client's MCP session is unknown/).waitFor();
  await problems.getByText(/Session not found: long-gone/).waitFor();
  // A refusal while the panel is open shows at once.
  await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { origin: 'http://other.example', 'content-type': 'application/json' },
    body: '{}',
  });
  await problems.getByText(/^403: Origin http:\/\/other\.example is not allowed/).waitFor();
  await page.getByRole('region', { name: 'Connection problems' }).screenshot({
    path: join(SCREENSHOTS, 'connection-problems.png'),
  });
});

test('a closed connection is still offered in the filter, by client, transport and start time', async () => {
  // DELETE /mcp ends the session: the server closes the connection.
  await transport.terminateSession();
  await client.close();
  await view(/Messages/).click();
  const filter = page.getByRole('form', { name: 'Filter messages' }).getByLabel('Connection');
  const closed = filter.locator('option', {
    hasText: /^log-reader \(streamable-http, \d\d:\d\d:\d\d, closed\)$/,
  });
  await closed.waitFor({ state: 'attached' });
  await filter.selectOption({ label: (await closed.textContent()) ?? '' });
  await runRequestRow('reading').waitFor();
  assert.deepEqual(pageErrors, []);
});
