// The Messages view with 100,000 messages in the log: time to its first render with all of them
// listed, and the page's memory, in Debian's Chromium against a real server.
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { controlSocketPath } from '../server/transports/control-socket.ts';
import { startIsolate } from './mcp-processes.ts';

const PINGS = 50_000;
const CHROMIUM = process.env.MCP_ISOLATE_CHROMIUM ?? '/usr/bin/chromium';

/** Fills the log through the control socket: one stdio connection, pipelined pings. */
async function fillLog(dataDir: string): Promise<void> {
  const socket = connect(controlSocketPath(dataDir));
  const lines = createInterface({ input: socket });
  let answered = 0;
  const done = new Promise<void>((resolve) => {
    lines.on('line', () => {
      if (++answered === PINGS + 1) resolve();
    });
  });
  const rpc = (message: object) => `${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`;
  socket.write(
    rpc({
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'bench', version: '1' },
      },
    }),
  );
  socket.write(rpc({ method: 'notifications/initialized' }));
  let batch = '';
  for (let i = 1; i <= PINGS; i++) batch += rpc({ id: i, method: 'ping' });
  socket.write(batch);
  await done;
  socket.end();
}

export async function guiMessages() {
  const server = await startIsolate();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    await fillLog(server.dataDir);
    const { guiUrl } = JSON.parse(await readFile(join(server.dataDir, 'server.json'), 'utf8'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const started = performance.now();
    await page.goto(guiUrl);
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Messages/ })
      .click();
    await page
      .getByTestId('message-count')
      .getByText(/^100000 of 100000$/)
      .waitFor({ timeout: 120_000 })
      .catch(async (error: Error) => {
        console.error('shown:', await page.getByTestId('message-count').textContent());
        throw error;
      });
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option').first().waitFor();
    const firstRender = performance.now() - started;
    const rows = await list.getByRole('option').count();
    // Scrolling through the list: a frame per step.
    const scrollStarted = performance.now();
    for (let step = 0; step < 50; step++) {
      await list.evaluate((el, y) => el.scrollTo(0, y), step * 50_000);
      await page.evaluate(() => new Promise((resolve) => globalThis.requestAnimationFrame(resolve)));
    }
    const scrollMs = (performance.now() - scrollStarted) / 50;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    console.log('\n## GUI Messages view with 100,000 messages (Chromium, real server)');
    console.log(
      '| first render (load, fetch the newest 100,000 messages, list them) | rows in the DOM | scroll step | JS heap used | DOM nodes |',
    );
    console.log('| --- | --- | --- | --- | --- |');
    console.log(
      `| ${(firstRender / 1000).toFixed(2)} s | ${rows} | ${scrollMs.toFixed(1)} ms | ${(metric('JSHeapUsedSize') / 1024 / 1024).toFixed(1)} MiB | ${metric('Nodes')} |`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.main) await guiMessages();
