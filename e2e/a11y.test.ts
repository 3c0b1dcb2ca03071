import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernHttpTransport,
} from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Locator, Page } from 'playwright-core';
import { startRemoteSite } from '../server/test-support/remote-site.ts';
import { tempDir } from '../server/test-support/temp-dir.ts';
import { clientHomeInEveryState } from './support/client-home.ts';
import { openGuiPage } from './support/gui-page.ts';
import { mcpServersToStart, toolsStarted } from './support/mcp-servers.ts';

// Every view as axe-core judges it, in light and in dark, with real content in it: a client's
// connection, a session with runs (console, an error, fetches), a heap open in the inspector,
// messages with one selected. A serious or critical violation fails, named with where it is.
const site = await startRemoteSite();
after(() => site.close());
const { server, guiUrl, page, pageErrors, view } = await openGuiPage(
  ['--allow-net', site.host, ...mcpServersToStart(join(await tempDir(), 'counts'))],
  {
    env: await clientHomeInEveryState(),
  },
);

const client = new Client({ name: 'a11y-client', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
after(() => client.close());
const runJs = (code: string) =>
  client.callTool({ name: 'run_js', arguments: { session: 'a11y', code } });
await runJs('console.log("hello"); var n = { deep: [1, 2] }; n');
await runJs(`(await fetch('${site.origin}/text')).status`);
await runJs('throw new TypeError("on purpose")');
// A call of a disabled MCP server: refused, in the run's tool calls.
await runJs(
  "try { await mcp['internal-knowledge-base-with-a-long-name'].search({ q: 'a' }) } catch (error) { error.message }",
);
// A 2026 client over HTTP beside it, whose requests and runs the Connections view lists apart,
// one of them failed.
const modern = new ModernClient(
  { name: 'a11y-modern', version: '1.0.0' },
  { versionNegotiation: { mode: { pin: '2026-07-28' } } },
);
await modern.connect(new ModernHttpTransport(new URL(`${server.url}/mcp`)));
after(() => modern.close());
await modern.callTool({ name: 'run_js', arguments: { code: '1+1' } });
await modern.callTool({ name: 'run_js', arguments: { code: 'throw new Error("on purpose")' } });

await page.goto(guiUrl);

/** The serious and critical violations on the page as it is, one line each with where. */
async function violations(target: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page: target }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id} (${violation.impact}): ${node.target.join(' ')}: ${node.failureSummary}`,
      ),
    );
}

/** The page's violations in light and in dark. */
async function inBothThemes(): Promise<string[]> {
  const light = await violations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = (await violations(page)).map((line) => `dark: ${line}`);
  await page.emulateMedia({ colorScheme: 'light' });
  return [...light, ...dark];
}

test('the server view has no serious accessibility violation, light or dark', async () => {
  await view(/Server/).click();
  await page.getByTestId('server-state').getByText('Running').waitFor();
  assert.deepEqual(await inBothThemes(), []);
});

test('the connections view has none, a 2026 client seen with its requests and runs included', async () => {
  await view(/Connections/).click();
  await page.getByTestId('connections').getByText('a11y-client 1.0.0').waitFor();
  await page
    .getByRole('region', { name: 'Requests of a11y-modern 1.0.0' })
    .getByText('tool error')
    .first()
    .waitFor();
  assert.deepEqual(await inBothThemes(), []);
});

test('a session with its runs, effects and an open heap inspector has none', async () => {
  await view(/Sessions/).click();
  await page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: /^a11y\b/ })
    .click();
  await page.getByTestId('runs').getByText('on purpose').first().waitFor();
  await page.getByRole('table', { name: '1 request' }).waitFor();
  await page.getByRole('table', { name: '1 tool call · 1 refused' }).waitFor();
  await page
    .getByRole('button', { name: /Inspect the globals of heap/ })
    .first()
    .click();
  await page
    .getByRole('region', { name: /Globals of heap/ })
    .getByText('n', { exact: true })
    .waitFor();
  assert.deepEqual(await inBothThemes(), []);
});

test('the Run from here dialog has none, and Escape closes it', async () => {
  await page
    .getByRole('button', { name: /Run from here, in a new session from heap/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: /^Run from heap / });
  await dialog.getByRole('textbox', { name: 'Name of the new session' }).waitFor();
  assert.deepEqual(await inBothThemes(), []);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('the question before deleting selected sessions has none, and Escape keeps them', async () => {
  const select = page.getByRole('checkbox', { name: 'Select a11y' });
  await select.check();
  await page.getByRole('button', { name: 'Delete 1 session' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete a11y and its snapshots?' });
  await dialog.getByRole('button', { name: 'Cancel' }).waitFor();
  assert.deepEqual(await inBothThemes(), []);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await select.uncheck();
});

test('the rename dialog has none, and Escape closes it', async () => {
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename a11y' });
  await dialog.getByRole('textbox', { name: 'New name' }).fill('Not A Name');
  await dialog.getByText(/^invalid session name/).waitFor();
  assert.deepEqual(await inBothThemes(), []);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('the messages view with a message selected has none', async () => {
  await view(/Messages/).click();
  await page
    .getByRole('listbox', { name: 'Messages' })
    .getByRole('option')
    .filter({ hasText: 'tools/call run_js' })
    .first()
    .click();
  await page.getByTestId('message-json').getByRole('heading', { name: 'Code' }).waitFor();
  assert.deepEqual(await inBothThemes(), []);
});

test('the Tools view has none, a server that exits at once and one disabled included', async () => {
  await toolsStarted(page, view);
  await page
    .getByText(/^Disabled in Settings/)
    .first()
    .waitFor();
  assert.deepEqual(await inBothThemes(), []);
});

test('the Try dialog with an answer has none, and Escape closes it', async () => {
  await page.getByRole('button', { name: 'Try echo', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Try echo of counting' });
  await dialog.getByRole('button', { name: 'Call' }).click();
  await dialog
    .getByRole('status')
    .getByText(/^Answered in /)
    .waitFor();
  assert.deepEqual(await inBothThemes(), []);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('the settings and connect views have none', async () => {
  await view(/Settings/).click();
  await page.locator('#setting-host').waitFor();
  const settings = await inBothThemes();
  await view(/Connect a client/).click();
  await page.getByRole('heading', { name: 'Connect a client', level: 1 }).waitFor();
  await page.getByTestId('clients').getByText('has comments').waitFor();
  assert.deepEqual([...settings, ...(await inBothThemes())], []);
});

test("the MCP servers' form, its JSON dialog and its import dialog have none, and Escape closes each", async () => {
  await view(/Settings/).click();
  const servers = page.getByRole('group', { name: 'MCP servers' });
  // Renamed, its kept secret asks to be typed again.
  await servers
    .getByRole('group', { name: 'github', exact: true })
    .getByLabel('Name', { exact: true })
    .fill('github-renamed');
  const renamed = servers.getByRole('group', { name: 'github-renamed', exact: true });
  await renamed.getByText(/^Type it again/).waitFor();
  await renamed.scrollIntoViewIfNeeded();
  const form = await inBothThemes();
  await servers.getByRole('button', { name: 'Edit as JSON' }).click();
  const json = page.getByRole('dialog', { name: 'MCP servers as JSON' });
  await json.getByLabel('Servers (JSON)').fill('{"x": ');
  await json.getByRole('alert').waitFor();
  const jsonDialog = await inBothThemes();
  await page.keyboard.press('Escape');
  await json.waitFor({ state: 'detached' });
  await servers.getByRole('button', { name: 'Import from…' }).click();
  const importing = page.getByRole('dialog', { name: 'Import MCP servers' });
  await importing.getByRole('group', { name: 'VS Code' }).waitFor();
  const importDialog = await inBothThemes();
  await page.keyboard.press('Escape');
  await importing.waitFor({ state: 'detached' });
  assert.deepEqual([...form, ...jsonDialog, ...importDialog], []);
});

/**
 * Waits for the button named `name` to have the focus: a dialog moves it in an effect, and gives
 * it back after it closed, a moment after the click or key that closed it.
 */
const focusReaches = (name: string) =>
  page.getByRole('button', { name, exact: true }).and(page.locator(':focus')).waitFor();

/** What the page's code sees of the focused element's focus ring. */
interface RingGlobals {
  document: {
    activeElement: {
      tagName: string;
      id: string;
      className: string;
      textContent: string | null;
      getAttribute(name: string): string | null;
      setAttribute(name: string, value: string): void;
      hasAttribute(name: string): boolean;
      closest(selector: string): unknown;
    } | null;
  };
  getComputedStyle(element: unknown): {
    outlineStyle: string;
    outlineWidth: string;
    boxShadow: string;
  };
}

/**
 * Tabs through the view from its navigation button to the end of the page, and names each stop
 * whose focus cannot be seen (no outline, no shadow).
 */
let tour = 0;
async function stopsWithoutAVisibleFocus(): Promise<{ stops: number; unseen: string[] }> {
  // Each tour marks its stops afresh: a stop marked by this tour ends it.
  const mark = `data-focus-tour-${++tour}`;
  const unseen: string[] = [];
  let stops = 0;
  for (let stop = 0; stop < 120; stop++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate((mark) => {
      const page = globalThis as unknown as RingGlobals;
      const element = page.document.activeElement;
      // Past the last stop the focus leaves the page, or comes round to one already seen.
      if (!element || element.tagName === 'BODY' || element.hasAttribute(mark)) {
        return undefined;
      }
      element.setAttribute(mark, '');
      // The code editor draws its ring on the editor around the text it focuses.
      const style = page.getComputedStyle(element.closest('.cm-editor') ?? element);
      const label = element.getAttribute('aria-label') ?? element.textContent ?? '';
      return {
        name: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${label.slice(0, 40)}"`,
        visible:
          (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 1) ||
          style.boxShadow !== 'none',
      };
    }, mark);
    if (!ring) break;
    stops++;
    if (!ring.visible) unseen.push(ring.name);
  }
  return { stops, unseen };
}

test('every stop of every view shows where the focus is', async () => {
  // Each view with what shows it has loaded: a tour of a view still loading ends early.
  const views: [RegExp, Locator][] = [
    [/Server/, page.getByTestId('server-state')],
    [
      /Connections/,
      page
        .getByRole('region', { name: 'Requests of a11y-modern 1.0.0' })
        .getByText('tool error')
        .first(),
    ],
    [/Sessions/, page.getByRole('list', { name: 'Sessions' })],
    [/Messages/, page.getByRole('listbox', { name: 'Messages' })],
    [/Tools/, page.getByRole('list', { name: 'Tools of counting' })],
    [/Settings/, page.locator('#setting-host')],
    [/Connect a client/, page.getByRole('button', { name: 'Repair Cursor' })],
  ];
  const unseen: string[] = [];
  for (const [index, [name, loaded]] of views.entries()) {
    await view(name).click();
    await loaded.waitFor();
    await view(name).focus();
    const tour = await stopsWithoutAVisibleFocus();
    // The tour starts at the view's button: the buttons after it, then the view's own controls.
    const after = views.length - 1 - index;
    assert.ok(tour.stops > after, `${name.source}: only ${tour.stops} stops`);
    unseen.push(...tour.unseen.map((stop) => `${name.source}: ${stop}`));
  }
  assert.deepEqual(unseen, []);
});

test('the stop question works by keyboard: it holds the focus while open and gives it back', async () => {
  await view(/Server/).click();
  const stopServer = page.getByRole('button', { name: 'Stop server' });
  await stopServer.focus();
  await page.keyboard.press('Enter');
  const question = page.getByRole('alertdialog', { name: /Stop the server\?/ });
  await question.waitFor();
  await focusReaches('Stop');
  // Tab goes round the question's two answers, never out to the window behind it.
  await page.keyboard.press('Tab');
  await focusReaches('Cancel');
  await page.keyboard.press('Tab');
  await focusReaches('Stop');
  await page.keyboard.press('Shift+Tab');
  await focusReaches('Cancel');
  await page.keyboard.press('Escape');
  await question.waitFor({ state: 'detached' });
  await focusReaches('Stop server');
  await page.getByTestId('server-state').getByText('Running').waitFor();
});

test('the stop question and the stopped server have none, and the page had no errors', async () => {
  await view(/Server/).click();
  await page.getByRole('button', { name: 'Stop server' }).click();
  const question = page.getByRole('alertdialog');
  await question.getByRole('button', { name: 'Stop', exact: true }).waitFor();
  const asking = await inBothThemes();
  await question.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByTestId('server-state').getByText('Stopped').waitFor();
  assert.deepEqual([...asking, ...(await inBothThemes())], []);
  assert.deepEqual(pageErrors, []);
});
