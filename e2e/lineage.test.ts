import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RunJsOutput } from '../server/mcp/tool-schemas.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// A session's heaps drawn as a lineage in a real browser, after a real MCP client ran code in it
// and forked two sessions from two of its older heaps.
const { server, guiUrl, page, pageErrors, view } = await openGuiPage();
const client = new Client({ name: 'lineage-client', version: '1' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
after(() => client.close());
const runJs = async (args: { session: string; code: string; heap?: string }) => {
  const report = (await client.callTool({ name: 'run_js', arguments: args }))
    .structuredContent as RunJsOutput;
  assert.equal(report.ok, true, JSON.stringify(report));
  return report.heap;
};

const first = await runJs({ session: 'notebook', code: 'var total = 1' });
const second = await runJs({ session: 'notebook', code: 'total += 10' });
const third = await runJs({ session: 'notebook', code: 'total *= 3' });
const newest = await runJs({ session: 'notebook', code: 'var done = true' });
await runJs({ session: 'from-first', heap: first, code: 'total - 1' });
await runJs({ session: 'from-second', heap: second, code: 'total + 100' });

const short = (heap: string) => heap.slice(0, 10);
const lineage = page.getByRole('region', { name: 'Lineage of heaps' });
const heapNode = (heap: string) =>
  lineage.getByRole('button', { name: new RegExp(`^Heap ${short(heap)}`) });
const branch = (session: string) =>
  lineage.getByRole('button', { name: new RegExp(`^Open session ${session} forked here`) });

const openNotebook = async () => {
  await view(/Sessions/).click();
  await page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: /^notebook\b/ })
    .click();
  await page.getByRole('heading', { name: 'notebook', level: 2 }).waitFor();
};

test("the lineage draws the session's heaps, newest first, and a branch to each fork at its heap", async () => {
  await page.goto(guiUrl);
  await openNotebook();
  await page.getByRole('heading', { name: 'Lineage', level: 3 }).waitFor();
  await heapNode(first).waitFor();
  // Every heap is a node, named by its short id and the code that made it; the newest is current.
  const names = await lineage.getByRole('button', { name: /^Heap / }).allTextContents();
  assert.deepEqual(
    names.map((name) => name.replace(/\s+/g, ' ').replace(/ at \d\d:\d\d:\d\d$/, '')),
    [
      `Heap ${short(newest)} made by var done = true current`,
      `Heap ${short(third)} made by total *= 3`,
      `Heap ${short(second)} made by total += 10`,
      `Heap ${short(first)} made by var total = 1`,
    ],
  );
  // Each fork's branch, named with its session, sits just above the heap it started from.
  await branch('from-first').getByText('from-first').waitFor();
  await branch('from-second').getByText('from-second').waitFor();
  const top = async (locator: typeof lineage) => (await locator.boundingBox())?.y ?? Number.NaN;
  const [secondTop, branchTop, firstTop] = [
    await top(heapNode(second)),
    await top(branch('from-first')),
    await top(heapNode(first)),
  ];
  assert.ok(secondTop < branchTop && branchTop < firstTop, 'from-first branches off at its heap');
  await lineage.scrollIntoViewIfNeeded();
  await shootLightAndDark(page, 'lineage');
});

test('a heap clicked offers its actions, and Inspect opens the inspector on that heap', async () => {
  await heapNode(second).click();
  const actions = page.getByRole('group', { name: `Heap ${short(second)}` });
  await actions.getByText('total += 10').waitFor();
  await actions.getByRole('button', { name: /^Inspect the globals of heap/ }).click();
  const inspector = page.getByRole('region', { name: `Globals of heap ${short(second)}` });
  await inspector.getByText('total', { exact: true }).waitFor();
  await inspector.getByText('11', { exact: true }).waitFor();
  await inspector.getByRole('button', { name: 'Close' }).click();
});

test('a fork branch opens its session, and where it came from opens the origin again', async () => {
  await branch('from-second').click();
  await page.getByRole('heading', { name: 'from-second', level: 2 }).waitFor();
  // The fork's own lineage: its inherited heaps, and a branch back to the notebook.
  await heapNode(second)
    .and(page.getByRole('button', { name: / inherited at / }))
    .waitFor();
  await lineage
    .getByRole('button', { name: /^Open the session this one was forked from notebook at heap/ })
    .click();
  await page.getByRole('heading', { name: 'notebook', level: 2 }).waitFor();
});

test("a fork's lineage, with where it came from, has no serious accessibility violation, light or dark", async () => {
  await branch('from-second').click();
  await page.getByRole('heading', { name: 'from-second', level: 2 }).waitFor();
  await heapNode(second).click();
  await page.getByRole('group', { name: `Heap ${short(second)}` }).waitFor();
  const violations = async () =>
    (await new AxeBuilder({ page }).include('main').analyze()).violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join('; ')}`,
      );
  const light = await violations();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await violations();
  await page.emulateMedia({ colorScheme: 'light' });
  assert.deepEqual({ light, dark }, { light: [], dark: [] });
  await lineage
    .getByRole('button', { name: /^Open the session this one was forked from notebook/ })
    .click();
  await page.getByRole('heading', { name: 'notebook', level: 2 }).waitFor();
});

test('by keyboard: Tab reaches the nodes, Enter selects a heap and opens a branch', async () => {
  await heapNode(newest).waitFor();
  // A click on the heading starts the keyboard's way there: Tab walks down the picture.
  await page.getByRole('heading', { name: 'Lineage', level: 3 }).click();
  const focused = page.locator(':focus');
  for (const node of [heapNode(newest), heapNode(third), branch('from-second'), heapNode(second)]) {
    await page.keyboard.press('Tab');
    await node.and(focused).waitFor();
  }
  await page.keyboard.press('Enter');
  await page.getByRole('group', { name: `Heap ${short(second)}` }).waitFor();
  assert.equal(await heapNode(second).getAttribute('aria-pressed'), 'true');
  await page.keyboard.press('Tab');
  await branch('from-first').and(focused).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'from-first', level: 2 }).waitFor();
  assert.deepEqual(pageErrors, []);
});
