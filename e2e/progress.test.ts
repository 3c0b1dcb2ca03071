import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RunJsOutput } from '../server/mcp/tool-schemas.ts';
import { openGuiPage } from './support/gui-page.ts';
import { shootLightAndDark } from './support/screenshots.ts';

// A run's progress as the window shows it, in a real browser against a real server: the run
// reports, then waits on a site that holds its answer until the test lets it go.
const site = createServer();
site.listen(0, '127.0.0.1');
await once(site, 'listening');
after(() => new Promise((resolve) => site.close(resolve)));
const host = `127.0.0.1:${(site.address() as AddressInfo).port}`;

const { server, guiUrl, page, pageErrors, view } = await openGuiPage(['--allow-net', host]);
const client = new Client({ name: 'progress-client', version: '1.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
after(() => client.close());
const runJs = async (code: string) =>
  (await client.callTool({ name: 'run_js', arguments: { session: 'reporting', code } }))
    .structuredContent as RunJsOutput;

await page.goto(guiUrl);

test('a run in progress shows its latest progress in its session and on its connection, live, until it ends', async () => {
  await runJs('var fetched');
  await view(/Sessions/).click();
  await page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: /^reporting\b/ })
    .click();
  const asked = once(site, 'request');
  const running = runJs(
    [
      "progress(3, 10, 'fetching');",
      `fetched = await (await fetch('http://${host}/held')).text();`,
      "progress(10, 10, 'done');",
      'fetched',
    ].join('\n'),
  );
  const [, held] = (await asked) as [unknown, ServerResponse];

  const live = page.getByTestId('active-runs');
  await live.getByText('3 of 10 · fetching').waitFor();
  const bar = live.getByRole('progressbar', { name: 'Progress of the run in reporting' });
  assert.deepEqual([await bar.getAttribute('value'), await bar.getAttribute('max')], ['3', '10']);
  await shootLightAndDark(page, 'run-progress');
  await view(/Connections/).click();
  await page.getByTestId('active-runs').getByText('3 of 10 · fetching').waitFor();

  held.end('the answer');
  assert.equal((await running).value, "'the answer'");
  await page.getByTestId('active-runs').waitFor({ state: 'detached' });
  assert.deepEqual(pageErrors, []);
});
