import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RunJsOutput } from '../server/mcp/tool-schemas.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// The window as a workbench, in a real browser against a real server and a real MCP client: runs
// as they happen and cancelled from the window, code typed into the window's editor, the heap
// table. The timeout is long, so that only Cancel ends the endless run.
const { server, guiUrl, page, pageErrors, view } = await openGuiPage(['--timeout-ms', '600000'], {
  permissions: ['clipboard-read', 'clipboard-write'],
});
const shoot = (name: string) => shootLightAndDark(page, name);

const client = new Client({ name: 'workbench-client', version: '0.9' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
const runJs = async (session: string, code: string) =>
  (
    await client.callTool({ name: 'run_js', arguments: { session, code } }, undefined, {
      timeout: 600_000,
    })
  ).structuredContent as RunJsOutput;

const openSession = (name: string) =>
  page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: new RegExp(`^${name}\\b`) })
    .click();

await page.goto(guiUrl);

test("a client's long run shows live in its session, and Cancel stops it with a cancelled error", async () => {
  const first = await runJs('bench', 'var total = 1; total');
  await view(/Sessions/).click();

  await openSession('bench');
  const running = runJs('bench', 'total = 2; for (;;) {}');
  const live = page.getByTestId('active-runs');
  await live.getByText('total = 2; for (;;) {}').waitFor();
  await live.getByText('from workbench-client 0.9').waitFor();
  // The elapsed time ticks.
  const elapsed = live.getByTestId('elapsed');
  const before = (await elapsed.textContent()) ?? '';
  await elapsed.filter({ hasNotText: before }).waitFor();
  await page.getByRole('list', { name: 'Sessions' }).getByText('Running').waitFor();
  await shoot('live-run');
  // On its connection too.
  await view(/Connections/).click();
  await page.getByTestId('active-runs').getByText('total = 2; for (;;) {}').waitFor();
  await view(/Sessions/).click();
  await live.getByRole('button', { name: /Cancel the run from workbench-client/ }).click();
  const result = await running;
  assert.equal(result.ok, false);
  assert.equal(result.error?.code, 'cancelled');
  assert.equal(result.heap, first.heap);
  await live.waitFor({ state: 'detached' });
  await page
    .getByTestId('runs')
    .getByText(/Cancelled: The run was cancelled/)
    .waitFor();
  assert.equal((await runJs('bench', 'total')).value, '1');
});

test('code typed into the editor runs in the session on Ctrl+Enter, and the client sees it', async () => {
  const editor = page.getByRole('textbox', { name: 'Code to run' });
  await editor.click();
  await page.keyboard.type('total += 41; console.log("from the window"); total');
  await page.keyboard.press('Control+Enter');
  // The run is the notebook's newest cell, right above the editor, in view where the user looks.
  const runs = page.getByTestId('runs');
  const newest = runs.locator('li').last();
  await newest.getByText('from the window', { exact: true }).waitFor();
  await newest.getByText('42', { exact: true }).waitFor();
  await newest.getByText(/from the window · heap \w+/).waitFor();
  const cell = await newest.boundingBox();
  const notebook = await page.getByRole('region', { name: 'Runs' }).boundingBox();
  const editorBox = await editor.boundingBox();
  assert.ok(cell && notebook && editorBox, 'the cell, the notebook and the editor are drawn');
  assert.ok(cell.y + cell.height <= notebook.y + notebook.height + 1, 'the newest cell is in view');
  assert.ok(notebook.y + notebook.height <= editorBox.y, 'the editor comes after the runs');
  assert.equal((await runJs('bench', 'total')).value, '42');
  // The figures follow: runs, the cancelled one, the heap in use against the limit.
  const figures = page.locator('dl[aria-label^="Figures of bench"]');
  await figures.getByText(/of 128\.0 MiB/).waitFor();
});

test('a past run is edited and run again, and a heap id is copied', async () => {
  await page
    .getByTestId('runs')
    .locator('li')
    .filter({ hasText: 'var total = 1' })
    .getByRole('button', { name: 'Edit and run again' })
    .click();
  await page
    .getByRole('textbox', { name: 'Code to run' })
    .getByText('var total = 1; total')
    .waitFor();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page
    .getByTestId('runs')
    .locator('li')
    .last()
    .getByText('var total = 1; total', { exact: true })
    .waitFor();
  assert.equal((await runJs('bench', 'total')).value, '1');

  // Every run commits a heap, the client's `total` too: the newest row is the one it made.
  const { heaps } = (
    await client.callTool({ name: 'list_session_snapshots', arguments: { session: 'bench' } })
  ).structuredContent as { heaps: { heap: string }[] };
  const newestHeap = heaps.at(-1)?.heap ?? '';
  const newest = page.getByTestId('heaps').locator('tbody tr').first();
  await newest.getByTitle(newestHeap).waitFor();
  await newest.getByRole('button', { name: /Copy heap id/ }).click();
  await newest.getByText('Copied', { exact: true }).waitFor();
  assert.equal(await page.evaluate('navigator.clipboard.readText()'), newestHeap);
});

test('the heap table reads newest first, marks the current heap and says what each snapshot will do', async () => {
  const rows = page.getByTestId('heaps').locator('tbody tr');
  await rows.first().getByText('current').waitFor();
  await rows.first().getByText('total', { exact: true }).waitFor();
  await rows.nth(1).getByText('var total = 1; total').waitFor();
  // The session went idle: its current heap has its checkpoint; older ones need none.
  await rows
    .first()
    .getByText(/checkpoint made/)
    .waitFor({ timeout: 20_000 });
  await page.getByTestId('heaps').getByText('not needed').first().waitFor();
  assert.equal(await rows.nth(1).getByText('current').count(), 0);
  await shoot('workbench');
});

test('Run from here asks for a name, offering one, and a taken name is refused where it was typed', async () => {
  const editor = page.getByRole('textbox', { name: 'Code to run' });
  await editor.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('total * 100');
  const oldest = page.getByTestId('heaps').locator('tbody tr').last();
  const runFromHere = oldest.getByRole('button', {
    name: /Run from here, in a new session from heap/,
  });
  await runFromHere.click();
  const dialog = page.getByRole('dialog', { name: /^Run from heap / });
  const name = dialog.getByRole('textbox', { name: 'Name of the new session' });
  assert.equal(await name.inputValue(), 'bench-2');
  // The offered name has the focus, selected: typing replaces it.
  await name.and(page.locator(':focus')).waitFor();
  await page.keyboard.type('bench');
  await page.keyboard.press('Enter');
  await dialog.getByRole('alert').getByText(/bench/).waitFor();
  await shoot('run-from-here');
  // Cancel leaves everything as it was, the focus back on the button that asked.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await runFromHere.and(page.locator(':focus')).waitFor();
  await page.getByRole('heading', { name: 'bench', exact: true }).waitFor();
});

test('Run from here opens the new session with the code in its editor and the focus there', async () => {
  const oldest = page.getByTestId('heaps').locator('tbody tr').last();
  await oldest.getByRole('button', { name: /Run from here, in a new session from heap/ }).click();
  await page
    .getByRole('dialog', { name: /^Run from heap / })
    .getByRole('button', { name: 'Open the new session' })
    .click();
  // The new session opens, its editor holding the code and the focus: Ctrl+Enter runs it there.
  await page.getByRole('heading', { name: 'bench-2', exact: true }).waitFor();
  const editor = page.getByRole('textbox', { name: 'Code to run' });
  await editor.and(page.locator(':focus')).waitFor();
  assert.equal(await editor.textContent(), 'total * 100');
  await page.keyboard.press('Control+Enter');
  // Its first run made from the first heap.
  await page.getByTestId('runs').getByText('100', { exact: true }).waitFor();
  await page.getByText(/Forked from bench at heap/).waitFor();
  assert.deepEqual(pageErrors, []);
  await client.close().catch(() => undefined);
});
