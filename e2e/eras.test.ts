import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as StreamableHTTPClientTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { callAdmin } from '../server/test-support/admin-api.ts';
import { waitUntil } from '../server/test-support/wait-until.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// The window in both eras, in a real browser against a real server: a 2026 client over HTTP (the
// SDK's version 2, pinned to 2026-07-28) has no connection, so the window lists the client seen,
// its recent requests and runs; a 2025 client (version 1.32) beside it is a session as ever.
const { server, guiUrl, page, pageErrors, view } = await openGuiPage();

const MODERN = 'modern-test';
const modernClient = async () => {
  const client = new Client(
    { name: MODERN, version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  return client;
};
const modern = await modernClient();
const legacy = new ClientV1({ name: 'legacy-test', version: '1.0.0' });
await legacy.connect(new StreamableHTTPClientTransportV1(new URL(`${server.url}/mcp`)));

const sessionOf = (result: unknown) =>
  (result as { structuredContent: { session: string } }).structuredContent.session;
const modernRun = await modern.callTool({ name: 'run_js', arguments: { code: '1+1' } });
const modernSession = sessionOf(modernRun);
const legacySession = sessionOf(
  await legacy.callTool({ name: 'run_js', arguments: { code: 'var kept = 1; kept' } }),
);

// A latency as the window shows it: in µs, ms, s or minutes, to two or three figures.
const DURATION = /^(\d+ µs|\d\.\d ms|\d+ ms|\d+\.\d s|\d+ min \d\d s)$/;
// Date and timers are virtual in the sandbox: a run that lasts is real work.
const ENDLESS = 'let n = 0; for (let i = 0; i < 1e10; i++) n += i; n';

const row = (client: string) =>
  page.getByTestId('connections').getByRole('row').filter({ hasText: client });
const activity = page.getByRole('region', { name: `Requests of ${MODERN} 1.0.0` });
const list = page.getByRole('listbox', { name: 'Messages' });

await page.goto(guiUrl);

test('a 2026 client over HTTP is listed as a client seen with no connection or session; a 2025 one as a session', async () => {
  await view(/Connections/).click();
  const seen = row(`${MODERN} 1.0.0`);
  await seen.getByText('MCP 2026-07-28 · no connection (requests)').waitFor();
  assert.equal(await seen.locator('td').nth(3).textContent(), 'none');
  const session = row('legacy-test 1.0.0');
  await session.getByText('MCP 2025-11-25 session').waitFor();
  await session.getByText(legacySession, { exact: true }).waitFor();
  // Nothing to disconnect: the client seen is forgotten instead; the 2025 one disconnected.
  await seen
    .getByRole('button', { name: `Forget ${MODERN} 1.0.0: end its requests in flight` })
    .waitFor();
  await session
    .getByRole('button', { name: 'Disconnect legacy-test 1.0.0 (streamable-http)' })
    .waitFor();
  // Only the client seen has its requests shown apart: the 2025 one has a session to read.
  assert.equal(await page.getByTestId('client-activity').count(), 1);
});

test('the client seen shows its recent requests with their call, status and latency, and its run', async () => {
  const requests = activity.getByTestId('client-requests');
  const call = requests.getByRole('row').filter({ hasText: 'tools/call run_js' });
  await call.getByText('ok', { exact: true }).waitFor();
  assert.match((await call.locator('td').nth(3).textContent()) ?? '', DURATION);
  // A 2026 client begins with server/discover where a 2025 one sends initialize.
  await requests.getByRole('row').filter({ hasText: 'server/discover' }).first().waitFor();
  const run = activity.getByRole('list', { name: `Runs of ${MODERN} 1.0.0` }).getByRole('listitem');
  await run.filter({ hasText: modernSession }).getByText('ok', { exact: true }).waitFor();
  await shootLightAndDark(page, 'eras-connections');
});

test("a run the client seen asked for shows under it while it runs, and Show session opens a finished one's session", async () => {
  const running = modern.callTool({
    name: 'run_js',
    arguments: { code: 'var slow = 0; for (let i = 0; i < 1e8; i++) slow += i; slow' },
  });
  const runs = activity.getByRole('list', { name: `Runs of ${MODERN} 1.0.0` });
  await runs.getByRole('listitem').filter({ hasText: 'Running' }).waitFor();
  await activity.getByTestId('client-requests').getByText('pending', { exact: true }).waitFor();
  const slowSession = sessionOf(await running);
  await runs
    .getByRole('listitem')
    .filter({ hasText: slowSession })
    .getByText('ok', { exact: true })
    .waitFor();
  // Its end comes as an event of its own, which may follow its answer in the log.
  await runs.getByText('Running').waitFor({ state: 'detached' });
  await activity.getByRole('button', { name: `Show session ${modernSession}` }).click();
  const selected = page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: new RegExp(`^${modernSession}\\b`) });
  assert.equal(await selected.getAttribute('aria-current'), 'true');
});

test("the message log shows the era of each message, and the client seen's messages are one click away", async () => {
  await view(/Connections/).click();
  await activity
    .getByRole('button', { name: `All its messages, of ${MODERN} 1.0.0, in the message log` })
    .click();
  const filter = page.getByRole('form', { name: 'Filter messages' }).getByLabel('Connection');
  const chosen = filter.locator('option:checked');
  assert.equal(await chosen.textContent(), `${MODERN} (streamable-http, 2026)`);
  const request = list
    .getByRole('option')
    .filter({ hasText: 'request' })
    .filter({ hasText: 'tools/call run_js' })
    .filter({ hasText: modernSession });
  await request.locator('.era', { hasText: '2026' }).waitFor();
  // Only the client seen's messages: none of them is 2025's.
  assert.equal(await list.locator('.era', { hasText: '2025' }).count(), 0);
  await request.click();
  await page
    .getByTestId('message-era')
    .getByText('MCP 2026-07-28 era (each request stands alone)')
    .waitFor();
  await filter.selectOption({ label: 'All' });
  const legacyRequest = list
    .getByRole('option')
    .filter({ hasText: 'tools/call run_js' })
    .filter({ hasText: legacySession })
    .first();
  await legacyRequest.locator('.era', { hasText: '2025' }).waitFor();
  await legacyRequest.click();
  await page
    .getByTestId('message-era')
    .getByText('MCP 2025-11-25 era (initialize, then a session)')
    .waitFor();
  await shootLightAndDark(page, 'eras-messages');
});

test('Forget ends the requests in flight of the client seen and forgets it; its next request makes a new entry', async () => {
  const endless = modern.callTool({ name: 'run_js', arguments: { code: ENDLESS } });
  await waitUntil(
    async () => (await callAdmin(server, 'listActiveRuns')).runs.length > 0,
    'the run under way',
  );
  await view(/Connections/).click();
  const seen = row(`${MODERN} 1.0.0`);
  const id = (await callAdmin(server, 'listConnections')).connections.find(
    (c) => c.era === 'modern',
  )?.id;
  assert.ok(id);
  await seen.getByText('streaming', { exact: true }).waitFor();
  const ended = assert.rejects(endless, /MCP Isolate closed the connection/);
  await seen
    .getByRole('button', { name: `Forget ${MODERN} 1.0.0: end its requests in flight` })
    .click();
  await ended;
  const closed = page
    .getByTestId('closed-connections')
    .getByRole('row')
    .filter({ hasText: `${MODERN} 1.0.0` });
  await closed.getByText('MCP 2026-07-28 · no connection (requests)').waitFor();
  await closed.getByText('disconnected from the window').waitFor();
  await seen.waitFor({ state: 'detached' });
  await modern.callTool({ name: 'run_js', arguments: { code: '2+2' } });
  await seen.waitFor();
  const again = (await callAdmin(server, 'listConnections')).connections.find(
    (c) => c.era === 'modern',
  )?.id;
  assert.ok(again && again !== id, 'a new entry');
  await modern.close();
  await legacy.close();
  assert.deepEqual(pageErrors, []);
});
