import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernHttpTransport,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Page } from 'playwright-core';
import { callAdmin } from '../server/test-support/admin-api.ts';
import { waitUntil } from '../server/test-support/wait-until.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// Connections and the server's state as the window shows them, against a real server with real
// clients: states, the history of closed connections, Disconnect, Stop, and the admin token.
const LINGERING_CLIENT = fileURLToPath(new URL('./support/lingering-client.ts', import.meta.url));

// A short idle timeout, so a client that went away is closed within the test.
const IDLE_TIMEOUT_MS = 2000;
const { server, page, pageErrors, view } = await openGuiPage([
  '--idle-timeout-ms',
  String(IDLE_TIMEOUT_MS),
]);
const serverJson = async () =>
  JSON.parse(await readFile(join(server.dataDir, 'server.json'), 'utf8')) as {
    guiUrl: string;
    adminToken: string;
  };
const shoot = (name: string) => shootLightAndDark(page, name);

async function connect(transport: Transport, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return client;
}
const overHttp = (name: string) =>
  connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)), name);
const overSse = (name: string) =>
  connect(new SSEClientTransport(new URL(`${server.url}/sse`)), name);

/** The page's globals, for functions run in the page (the tests are type-checked without the DOM). */
type PageGlobals = {
  document: { querySelectorAll: (selector: string) => { length: number } };
  location: { hash: string };
  notReloaded?: boolean;
};
const openRow = (page: Page, client: string) =>
  page.getByTestId('connections').getByRole('row').filter({ hasText: client });
const closedRow = (page: Page, client: string) =>
  page.getByTestId('closed-connections').getByRole('row').filter({ hasText: client });

const httpClient = await overHttp('e2e-http');
const sseClient = await overSse('e2e-sse');
await page.goto((await serverJson()).guiUrl);

test('a connection shows its state and the session its runs go to', async () => {
  const made = await httpClient.callTool({ name: 'run_js', arguments: { code: 'var x = 1; x' } });
  const { session } = made.structuredContent as { session: string };
  await view(/Connections/).click();
  const row = openRow(page, 'e2e-http 1.0.0');
  // The SDK's client keeps a GET stream open: the server sees it there.
  await row.getByText('streaming', { exact: true }).waitFor();
  await row.getByText(session, { exact: true }).waitFor();
  await openRow(page, 'e2e-sse 1.0.0').getByText('streaming', { exact: true }).waitFor();
});

test('a client killed without ending its session goes idle, then closed into the history', async () => {
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', LINGERING_CLIENT, `${server.url}/mcp`, 'e2e-lingering'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const row = openRow(page, 'e2e-lingering 1.0.0');
  await row.getByText('streaming', { exact: true }).waitFor();
  child.kill('SIGKILL');
  // Its stream closed with its process: nothing shows it is still there.
  await row.getByText('idle', { exact: true }).waitFor();
  // After the idle timeout it is closed, and kept in the history with the reason.
  await row.waitFor({ state: 'detached', timeout: IDLE_TIMEOUT_MS * 5 });
  await closedRow(page, 'e2e-lingering 1.0.0')
    .getByText(`no stream and no message for ${IDLE_TIMEOUT_MS / 1000} s (idleTimeoutMs)`)
    .waitFor();
});

test('Disconnect ends a connection: a request in progress gets an error, and it moves to the history', async () => {
  const running = sseClient.callTool({
    name: 'run_js',
    arguments: { code: 'let n = 0; for (let i = 0; i < 1e10; i++) n += i; n' },
  });
  await waitUntil(
    async () => (await callAdmin(server, 'listActiveRuns')).runs.length > 0,
    'the run under way',
  );
  const refused = assert.rejects(
    running,
    /MCP Isolate closed the connection: disconnected from the window/,
  );
  await page.getByRole('button', { name: 'Disconnect e2e-sse 1.0.0 (sse)' }).click();
  await refused;
  await openRow(page, 'e2e-sse 1.0.0').waitFor({ state: 'detached' });
  await closedRow(page, 'e2e-sse 1.0.0').getByText('disconnected from the window').waitFor();
  // Its EventSource would open a new stream by itself: the client is told to stop.
  await sseClient.close();
  await page.waitForFunction(
    () =>
      (globalThis as unknown as PageGlobals).document.querySelectorAll(
        '[data-testid="connections"] tbody tr',
      ).length === 1,
  );
  await shoot('connection-states');
});

test('a 2026 client seen that sends no request for the idle timeout goes into the history, named by its era', async () => {
  const modern = new ModernClient(
    { name: 'e2e-modern', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  await modern.connect(new ModernHttpTransport(new URL(`${server.url}/mcp`)));
  await modern.callTool({ name: 'run_js', arguments: { code: '1 + 1' } });
  const row = openRow(page, 'e2e-modern 1.0.0');
  await row.getByText('MCP 2026-07-28 · no connection (requests)').waitFor();
  // Its requests answered, nothing is streaming: it has no stream to keep open.
  await row.getByText('idle', { exact: true }).waitFor();
  await row.waitFor({ state: 'detached', timeout: IDLE_TIMEOUT_MS * 5 });
  const closed = closedRow(page, 'e2e-modern 1.0.0');
  await closed.getByText('MCP 2026-07-28 · no connection (requests)').waitFor();
  await closed.getByText(/idleTimeoutMs/).waitFor();
  await modern.close();
});

test('stopping asks first when a client is connected; stopped, /api/exec answers 503', async () => {
  await view(/Server/).click();
  await page.getByRole('button', { name: 'Stop server' }).click();
  const question = page.getByRole('alertdialog');
  await question
    .getByText('1 client is connected and will be disconnected. Stop the server?')
    .waitFor();
  await shoot('stop-confirmation');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await question.waitFor({ state: 'detached' });
  assert.equal((await callAdmin(server, 'getStatus')).running, true);

  await page.getByRole('button', { name: 'Stop server' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByTestId('server-state').getByText('Stopped').waitFor();
  const exec = await fetch(`${server.url}/api/exec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: '1 + 1' }),
  });
  assert.equal(exec.status, 503);
  assert.match(
    ((await exec.json()) as { error: { message: string } }).error.message,
    /MCP Isolate is stopped/,
  );
  await view(/Connections/).click();
  await closedRow(page, 'e2e-http 1.0.0').getByText('the server was stopped').waitFor();

  await view(/Server/).click();
  await page.getByRole('button', { name: 'Start server' }).click();
  await page.getByTestId('server-state').getByText('Running').waitFor();
  // Nobody is connected now: stopping asks nothing.
  await page.getByRole('button', { name: 'Stop server' }).click();
  await page.getByTestId('server-state').getByText('Stopped').waitFor();
  await page.getByRole('button', { name: 'Start server' }).click();
  await page.getByTestId('server-state').getByText('Running').waitFor();
  const again = await overHttp('e2e-after-restart');
  await again.callTool({ name: 'run_js', arguments: { code: '1' } });
  await again.close();
});

/** The page works: a client that connects now shows in its Connections view, live. */
async function pageFollowsTheServer(name: string) {
  await view(/Connections/).click();
  const client = await overHttp(name);
  await openRow(page, `${name} 1.0.0`).waitFor();
  await client.close();
}

test('New token makes the old token fail at once while the page goes on with the new one', async () => {
  const old = (await serverJson()).adminToken;
  await view(/Server/).click();
  await page.getByRole('button', { name: 'New token' }).click();
  await page.waitForFunction(
    (token) => !(globalThis as unknown as PageGlobals).location.hash.includes(token),
    old,
  );
  const renewed = (await serverJson()).adminToken;
  assert.notEqual(renewed, old);
  assert.equal(
    await page.evaluate(() => (globalThis as unknown as PageGlobals).location.hash),
    `#token=${renewed}`,
  );
  await assert.rejects(callAdmin(server, 'getStatus', {}, old), /401/);
  assert.equal((await callAdmin(server, 'getStatus', {}, renewed)).running, true);
  await pageFollowsTheServer('e2e-after-new-token');
});

test('a #token address pasted into the open tab takes effect without a reload', async () => {
  // Another tab made a new token: this page's token no longer works.
  const { token } = await callAdmin(server, 'renewAdminToken');
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).notReloaded = true;
  });
  await page.goto(`${server.url}/#token=${token}`);
  await pageFollowsTheServer('e2e-after-paste');
  assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).notReloaded), true);
  await page.getByRole('alert').waitFor({ state: 'detached' });
  assert.deepEqual(pageErrors, []);
  await httpClient.close().catch(() => undefined);
});
