import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RunJsOutput } from '../server/mcp/tool-schemas.ts';
import { openGuiPage } from './support/gui-page.ts';
import { layoutProblems } from './support/layout-checks.ts';
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

test('a session of 120 heaps folds its runs without forks, opens one when asked, and fits every screen', async () => {
  const LONG = 'a-long-running-analysis-with-a-descriptive-name';
  let forkPoint = '';
  for (let i = 0; i < 120; i++) {
    const heap = await runJs({
      session: LONG,
      code: `var step${i} = ${i}; // ${'a long comment '.repeat(8)}`,
    });
    if (i === 60) forkPoint = heap;
  }
  // As long as a session name may be (64 characters).
  const forkName = 'a-fork-of-the-analysis-from-step-sixty-with-its-own-long-name-xy';
  await runJs({ session: forkName, heap: forkPoint, code: 'step60' });
  await page.goto(guiUrl);
  await view(/Sessions/).click();
  await page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: new RegExp(`^${LONG}\\b`) })
    .click();
  await branch(forkName).waitFor();
  // The newest heaps, the fork's heap, the oldest, and a gap on each side of the fork.
  const gaps = lineage.getByRole('button', { name: /^Show \d+ heaps without forks$/ });
  assert.deepEqual(await gaps.allTextContents(), [
    'Show 54 heaps without forks',
    'Show 59 heaps without forks',
  ]);
  const heapNodes = lineage.getByRole('button', { name: /^Heap / });
  assert.equal(await heapNodes.count(), 7);
  await heapNode(forkPoint).click();
  await page
    .getByRole('group', { name: `Heap ${short(forkPoint)}` })
    .getByRole('button', { name: /^Fork a new session/ })
    .click();
  await page
    .getByRole('group', { name: `Heap ${short(forkPoint)}` })
    .getByLabel('New session name')
    .waitFor();
  const problems: string[] = [];
  for (const size of [
    { width: 1024, height: 700 },
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
    { width: 2560, height: 1440 },
  ]) {
    await page.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      problems.push(
        ...(await layoutProblems(page)).map(
          (problem) => `${size.width} ${colorScheme}: ${problem}`,
        ),
      );
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  assert.deepEqual(problems, []);
  await page.setViewportSize({ width: 1024, height: 700 });
  await lineage.scrollIntoViewIfNeeded();
  await shootLightAndDark(page, 'lineage-1024-long');
  await page.setViewportSize({ width: 1280, height: 800 });
  // Opening a gap draws its heaps in its place.
  await gaps.first().click();
  await heapNodes.nth(7 + 53).waitFor();
  assert.equal(await heapNodes.count(), 7 + 54);
  assert.equal(await gaps.count(), 1);
  assert.deepEqual(pageErrors, []);
});
