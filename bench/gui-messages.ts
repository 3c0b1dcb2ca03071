// The Messages view with 100,000 messages in the log: time to its first render with all of them
// listed, and the page's memory, in Debian's Chromium against a real server.
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { dataLayout } from '../server/store/data-dir.ts';
import { startIsolate } from './mcp-processes.ts';
import { ms } from './stats.ts';

const PINGS = 50_000;
const WINDOW = 64;
const CHROMIUM = process.env.MCP_ISOLATE_CHROMIUM ?? '/usr/bin/chromium';

/** Fills the log through the control socket: one stdio connection, pings 64 at a time. */
async function fillLog(dataDir: string): Promise<void> {
  const socket = connect(dataLayout(dataDir).controlSocket);
  const rpc = (message: object) => `${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`;
  let sent = 0;
  let answered = 0;
  const sendWindow = () => {
    let batch = '';
    for (; sent < PINGS && sent - answered < WINDOW; sent++)
      batch += rpc({ id: sent + 1, method: 'ping' });
    if (batch) socket.write(batch);
  };
  const done = new Promise<void>((resolve) => {
    createInterface({ input: socket }).on('line', (line) => {
      if ((JSON.parse(line) as { id: number }).id === 0) return sendWindow();
      if (++answered === PINGS) resolve();
      else sendWindow();
    });
  });
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
  await done;
  socket.end();
}

export async function guiMessages() {
  const server = await startIsolate();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const { guiUrl } = JSON.parse(await readFile(join(server.dataDir, 'server.json'), 'utf8'));
    // The baseline, in the same run: the same view over an empty log.
    const empty = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const emptyStarted = performance.now();
    await empty.goto(guiUrl);
    await empty
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Messages/ })
      .click();
    await empty.getByText('No messages yet').waitFor();
    const emptyRender = performance.now() - emptyStarted;
    await empty.close();
    await fillLog(server.dataDir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const started = performance.now();
    await page.goto(guiUrl);
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Messages/ })
      .click();
    const list = page.getByRole('listbox', { name: 'Messages' });
    await list.getByRole('option').first().waitFor();
    const firstRender = performance.now() - started;
    await page
      .getByTestId('message-count')
      .getByText(/^100000 of 100000$/)
      .waitFor({ timeout: 120_000 });
    const allLoaded = performance.now() - started;
    const rows = await list.getByRole('option').count();
    // Scrolling through the list, measured in the page: time per frame while it jumps around.
    const scrollMs = (await page.evaluate(`(async () => {
      const list = document.querySelector('[role=listbox][aria-label=Messages]');
      const frame = () => new Promise(requestAnimationFrame);
      await frame();
      const started = performance.now();
      for (let step = 0; step < 100; step++) {
        list.scrollTop = (step * 97_331) % list.scrollHeight;
        await frame();
      }
      return (performance.now() - started) / 100;
    })()`)) as number;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    console.log('\n## GUI Messages view with 100,000 messages (Chromium, real server)');
    console.log(
      '| first render, empty log (baseline) | first render, 100,000 messages | ratio | all 100,000 listed | rows in the DOM | frame while scrolling | JS heap used | DOM nodes |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    console.log(
      `| ${ms(emptyRender)} | ${ms(firstRender)} | ${(firstRender / emptyRender).toFixed(2)}x | ${(allLoaded / 1000).toFixed(2)} s | ${rows} | ${scrollMs.toFixed(1)} ms | ${(metric('JSHeapUsedSize') / 1024 / 1024).toFixed(1)} MiB | ${metric('Nodes')} |`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.main) await guiMessages();
