import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// The plots of the window, in a real browser, against a real server a real client runs code on:
// a session's heap size and run time over its runs, and the server's runs per second, live.
const { server, guiUrl, page, pageErrors, view } = await openGuiPage();
const client = new Client({ name: 'plots-client', version: '1' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
after(() => client.close());
const runJs = (code: string) =>
  client.callTool({ name: 'run_js', arguments: { session: 'plots', code } });

// Four runs that grow the heap, and one that fails.
await runJs('var kept = []');
for (let i = 0; i < 3; i++)
  await runJs('kept.push(new Array(50000).fill(Math.random())); kept.length');
await runJs('throw new Error("not this one")');

await page.goto(guiUrl);

test('a session shows its heap size over its committed runs and its run time over all of them', async () => {
  await view(/Sessions/).click();
  await page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: /^plots\b/ })
    .click();
  const plots = page.getByTestId('session-plots');
  await plots.getByRole('img', { name: /^Heap size over the last 4 committed runs: / }).waitFor();
  await plots.getByRole('img', { name: /^Run time over the last 5 runs: median / }).waitFor();
  // The heap grew run by run: its newest size is its largest.
  const heap =
    (await plots.getByRole('img', { name: /^Heap size/ }).getAttribute('aria-label')) ?? '';
  const [, last, most] = /to ([\d.]+ \w+), at most ([\d.]+ \w+)$/.exec(heap) ?? [];
  assert.equal(last, most, heap);
  await shootLightAndDark(page, 'session-plots');
});

test('the server view plots the runs of the last minutes, and a new run shows at once', async () => {
  await view(/Server/).click();
  await page
    .getByRole('img', { name: /^Runs over the last 10 minutes: 5 runs, 1 failed;/ })
    .waitFor();
  await runJs('kept.length');
  await page
    .getByRole('img', { name: /^Runs over the last 10 minutes: 6 runs, 1 failed;/ })
    .waitFor();
  await shootLightAndDark(page, 'server-activity');
  assert.deepEqual(pageErrors, []);
});
