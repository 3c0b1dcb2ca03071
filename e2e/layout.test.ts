import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernHttpTransport,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { hostileStdio } from '../server/test-support/hostile-mcp-server.ts';
import { esmGreet } from '../server/test-support/npm-fixtures.ts';
import { startNpmRegistry } from '../server/test-support/npm-registry.ts';
import { startRemoteSite } from '../server/test-support/remote-site.ts';
import { tempDir } from '../server/test-support/temp-dir.ts';
import { clientHomeInEveryState } from './support/client-home.ts';
import { openGuiPage } from './support/gui-page.ts';
import { layoutProblems } from './support/layout-checks.ts';
import { mcpServersToStart, toolsStarted } from './support/mcp-servers.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// Every view fits the screens the app is used on, light and dark, filled as a real day's work
// fills it: no sideways scrolling, no control cut off or covered, long values wrapped or cut with
// the whole value a hover away (layout-checks.ts says which element breaks which rule).
const NARROW = { width: 1024, height: 700 };
const LAPTOP = { width: 1280, height: 800 };
const SIZES = [NARROW, LAPTOP, { width: 1920, height: 1080 }, { width: 2560, height: 1440 }];
const THEMES = ['light', 'dark'] as const;

const site = await startRemoteSite();
after(() => site.close());
const registry = await startNpmRegistry();
after(() => registry.close());
await registry.publish(esmGreet);
// A server listing a tool whose name is one long word, as a hostile server may name it.
const LONG_TOOL = `a_tool_with_a_name_that_never_breaks_${'x'.repeat(210)}`;
const toolsFile = join(await tempDir(), 'tools.json');
await writeFile(
  toolsFile,
  JSON.stringify([
    { name: LONG_TOOL, description: 'A tool of a long name', inputSchema: { type: 'object' } },
  ]),
);
const [flag, servers] = mcpServersToStart(join(await tempDir(), 'counts'));
const { server, guiUrl, page, pageErrors, view } = await openGuiPage(
  [
    '--allow-net',
    site.host,
    '--npm-registry',
    registry.url,
    flag as string,
    JSON.stringify({ ...JSON.parse(servers as string), 'long-names': hostileStdio({ toolsFile }) }),
  ],
  { env: await clientHomeInEveryState() },
);

const client = new Client({
  name: 'acme-enterprise-integration-suite-with-a-very-long-client-name',
  version: '12.34.56-beta.7',
});
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
const other = new Client({ name: 'second-client', version: '1.0.0' });
await other.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));

const run = async (session: string, code: string, heap?: string) => {
  const result = await client.callTool({
    name: 'run_js',
    arguments: { session, code, ...(heap && { heap }) },
  });
  return result.structuredContent as { ok: boolean; heap: string; session: string };
};

// A notebook of many runs: long code, console lines and values, with and without spaces to
// break at; fetches with long URLs, an import, a failure.
const NOTEBOOK = 'customer-analytics-notebook-with-a-long-descriptive-session-name';
const longWord = 'x'.repeat(320);
const longQuery = Array.from({ length: 12 }, (_, i) => `parameter${i}=a-long-value-${i}`).join('&');
await run(
  NOTEBOOK,
  `var aGlobalWithAVeryLongNameThatKeepsGoingOnAndOnForTheInspector = { text: '${longWord}', list: Array.from({ length: 50 }, (_, i) => 'item ' + i) }; 1`,
);
for (let i = 0; i < 28; i++) {
  await run(
    NOTEBOOK,
    [
      `console.log('run ${i}', '${i % 3 === 0 ? longWord : 'a line of console output that reads like a sentence '.repeat(6)}');`,
      `var value${i} = ${i % 2 === 0 ? `'${longWord}'` : `({ index: ${i}, words: 'a long value with spaces in it '.repeat(12) })`};`,
      `value${i}`,
    ].join('\n'),
  );
}
await run(
  NOTEBOOK,
  `const answer = await fetch('${site.origin}/bytes?n=20&${longQuery}');\nconst missing = await fetch('${site.origin}/redirect?to=/nowhere/${longWord}');\ntry { await fetch('http://refused-host-with-a-long-name.example/${longWord}') } catch {}\n[answer.status, missing.status]`,
);
await run(NOTEBOOK, "import greet from 'esm-greet';\ngreet('a reader of long tables')");
await run(NOTEBOOK, `throw new Error('a failure with a long message: ${longWord}')`);
// A call of a disabled MCP server with long arguments: refused, with its reason, in the run's tool calls.
await run(
  NOTEBOOK,
  `try { await mcp['internal-knowledge-base-with-a-long-name'].search({ query: '${longWord}' }) } catch {}`,
);
const last = await run(NOTEBOOK, `'${'y'.repeat(40)} ' + ${'1 + '.repeat(60)}1`);
assert.equal(last.ok, true);
await run('scratch', '40 + 2');
await run('scratch', 'var notes = "short"');
await run(`${NOTEBOOK}-fork`, 'value3', last.heap);
await other.callTool({ name: 'run_js', arguments: { code: 'var mine = 1' } });
// A 2026 client over HTTP: a client seen, its requests and runs listed under the table.
const MODERN = 'a-2026-client-seen-only-by-its-requests-with-a-long-name';
const modern = new ModernClient(
  { name: MODERN, version: '2026.7.28-preview.1' },
  { versionNegotiation: { mode: { pin: '2026-07-28' } } },
);
await modern.connect(new ModernHttpTransport(new URL(`${server.url}/mcp`)));
for (const code of ['1 + 1', `'${longWord}'`, 'throw new Error("a failure")']) {
  await modern.callTool({ name: 'run_js', arguments: { code } });
}
await modern.callTool({ name: 'run_js', arguments: { session: NOTEBOOK, code: 'value1' } });
// One that came and went, kept in the history of closed connections.
const leaving = new Client({
  name: 'a-client-that-came-and-went-with-a-long-name-too',
  version: '0.1.0',
});
const leavingTransport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`));
await leaving.connect(leavingTransport);
await leavingTransport.terminateSession();
await leaving.close();

await page.goto(guiUrl);

/** What breaks the fit of the view as it is, at each size in each theme. */
async function problemsAtEverySize(): Promise<string[]> {
  const problems: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const colorScheme of THEMES) {
      await page.emulateMedia({ colorScheme });
      for (const problem of await layoutProblems(page)) {
        problems.push(`${size.width}×${size.height} ${colorScheme}: ${problem}`);
      }
    }
  }
  await page.setViewportSize(LAPTOP);
  await page.emulateMedia({ colorScheme: 'light' });
  return problems;
}

const openNotebook = async () => {
  await view(/Sessions/).click();
  await page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: new RegExp(`^${NOTEBOOK}\\b`) })
    .click();
  await page.getByTestId('runs').getByText('hello a reader of long tables').waitFor();
  await page.getByRole('table', { name: /3 requests/ }).waitFor();
  await page.getByRole('table', { name: '1 tool call · 1 refused' }).waitFor();
  await page.getByTestId('heaps').locator('tbody tr').nth(30).waitFor();
};

test('the Server view fits every screen size', async () => {
  await page.getByTestId('server-state').getByText('Running').waitFor();
  assert.deepEqual(await problemsAtEverySize(), []);
});

test('the Connections view fits every screen size, long client names and a 2026 client seen included', async () => {
  await view(/Connections/).click();
  await page
    .getByTestId('connections')
    .getByText(/acme-enterprise-integration-suite/)
    .waitFor();
  await page
    .getByTestId('closed-connections')
    .getByText(/a-client-that-came-and-went/)
    .waitFor();
  await page
    .getByRole('region', { name: `Requests of ${MODERN} 2026.7.28-preview.1` })
    .getByText(NOTEBOOK)
    .waitFor();
  assert.deepEqual(await problemsAtEverySize(), []);
  await page.setViewportSize(NARROW);
  await shootLightAndDark(page, 'fit-1024-connections');
  await page.setViewportSize(LAPTOP);
});

test('a session with many runs, fetches, imports and heaps fits every screen size', async () => {
  await openNotebook();
  assert.deepEqual(await problemsAtEverySize(), []);
  await page.setViewportSize(NARROW);
  await page.getByTestId('heaps').scrollIntoViewIfNeeded();
  await shootLightAndDark(page, 'fit-1024-heaps');
  await page.setViewportSize(LAPTOP);
});

test("a heap's fork form fits in its row at every screen size", async () => {
  await page
    .getByRole('button', { name: /Fork a new session from heap/ })
    .first()
    .click();
  await page.getByLabel('New session name').waitFor();
  assert.deepEqual(await problemsAtEverySize(), []);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
});

test('Inspect opens the heap inspector in view, and it fits every screen size', async () => {
  // The newest heap: the first row, furthest above where the inspector opens.
  const inspect = page.getByRole('button', { name: /Inspect the globals of heap/ }).first();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await inspect.click();
    const inspector = page.getByRole('region', { name: /Globals of heap/ });
    await inspector.getByText(/aGlobalWithAVeryLongName/).waitFor();
    const box = await inspector.boundingBox();
    assert.ok(
      box && box.y >= 0 && box.y < size.height,
      `the inspector is in view at ${size.width}`,
    );
    await inspector.getByRole('button', { name: 'Close' }).click();
  }
  await inspect.click();
  const inspector = page.getByRole('region', { name: /Globals of heap/ });
  await inspector.getByRole('button', { name: /^Expand aGlobalWithAVeryLongName/ }).click();
  await inspector.getByText('list', { exact: true }).waitFor();
  assert.deepEqual(await problemsAtEverySize(), []);
  await page.setViewportSize(NARROW);
  await inspector.scrollIntoViewIfNeeded();
  await shootLightAndDark(page, 'fit-1024-inspector');
  await page.setViewportSize(LAPTOP);
});

test('the Messages view with a message open fits every screen size', async () => {
  await view(/Messages/).click();
  await page
    .getByRole('listbox', { name: 'Messages' })
    .getByRole('option')
    .filter({ hasText: 'request' })
    .filter({ hasText: 'tools/call' })
    .first()
    .click();
  await page.getByRole('heading', { name: 'Its response' }).waitFor();
  assert.deepEqual(await problemsAtEverySize(), []);
});

test('the Tools view fits every screen size, a server that exits at once, a tool of a long unbroken name and the folds open included', async () => {
  await toolsStarted(page, view);
  await page.getByRole('switch', { name: `Code may call ${LONG_TOOL}`, exact: true }).waitFor();
  for (const fold of await page.locator('.upstream details').all()) {
    await fold.locator('summary').click();
  }
  assert.deepEqual(await problemsAtEverySize(), []);
  await page.locator('main').evaluate((main) => main.scrollTo(0, 0));
  await shootLightAndDark(page, 'upstreams');
});

test("the Settings view fits every screen size, and its MCP servers' JSON dialog fits the narrowest", async () => {
  await view(/Settings/).click();
  await page.getByRole('button', { name: 'Save and apply' }).waitFor();
  assert.deepEqual(await problemsAtEverySize(), []);
  const servers = page.getByRole('group', { name: 'MCP servers' });
  await page.setViewportSize(NARROW);
  await servers.scrollIntoViewIfNeeded();
  await shootLightAndDark(page, 'fit-1024-mcp-servers');
  // The window behind a modal dialog is covered on purpose: the dialog itself must fit.
  await servers.getByRole('button', { name: 'Edit as JSON' }).click();
  const dialog = page.getByRole('dialog', { name: 'MCP servers as JSON' });
  const box = await dialog.boundingBox();
  assert.ok(
    box && box.x >= 0 && box.x + box.width <= NARROW.width && box.y + box.height <= NARROW.height,
    `the dialog is in view: ${JSON.stringify(box)}`,
  );
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.setViewportSize(LAPTOP);
});

test('the Connect view fits every screen size, and the page had no errors', async () => {
  await view(/Connect a client/).click();
  await page.getByRole('heading', { name: 'Claude Desktop' }).waitFor();
  // The clients in every state, a long problem among them.
  await page.getByTestId('clients').getByText('has comments').waitFor();
  assert.deepEqual(await problemsAtEverySize(), []);
  assert.deepEqual(pageErrors, []);
  await client.close().catch(() => undefined);
  await other.close().catch(() => undefined);
  await modern.close().catch(() => undefined);
});
