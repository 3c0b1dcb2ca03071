import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { chromium, _electron as electron, type Page } from 'playwright-core';
import { electronBinary } from '../../bin/electron-binary.mjs';
import { processGone } from '../../server/test-support/processes.ts';
import { tempDir } from '../../server/test-support/temp-dir.ts';

// The desktop app itself. The release workflow sets MCP_ISOLATE_APP_EXECUTABLE to the packaged
// app it built; elsewhere the specs run the source tree in Electron where its binary was
// downloaded (`npm install` skips that download here, and then these specs say why they did not run).
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGED = process.env.MCP_ISOLATE_APP_EXECUTABLE;
const binary = electronBinary();
const skip = PACKAGED ? undefined : binary.why;
if (skip) console.log(`Electron specs did not run: ${skip}`);

interface RunningApp {
  window: Page;
  /** What the tray shows; unavailable in the packaged app, whose fuses refuse the inspector. */
  tray?: () => Promise<{ icon: string }>;
  close(): Promise<void>;
}

async function launchSourceTree(dataDir: string): Promise<RunningApp> {
  const app = await electron.launch({
    executablePath: binary.path,
    args: [ROOT],
    cwd: ROOT,
    env: { ...process.env, MCP_ISOLATE_DATA_DIR: dataDir },
  });
  return {
    window: await app.firstWindow(),
    tray: async () =>
      (await app.evaluate(() =>
        (globalThis as { mcpIsolateTray?: () => unknown }).mcpIsolateTray?.(),
      )) as { icon: string },
    close: () => app.close(),
  };
}

/**
 * The packaged app's fuses refuse --inspect, which Playwright's Electron launcher needs, so the
 * window is reached over Chromium's DevTools protocol instead.
 */
async function launchPackaged(executable: string, dataDir: string): Promise<RunningApp> {
  const child = spawn(executable, ['--remote-debugging-port=0'], {
    env: { ...process.env, MCP_ISOLATE_DATA_DIR: dataDir },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stderr as NonNullable<ChildProcess['stderr']> });
    lines.on('line', (line) => {
      process.stderr.write(`${line}\n`);
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(line);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before it opened`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0];
  assert.ok(context, 'the app has a browser context');
  const window =
    context.pages().find((page) => page.url().startsWith('mcp-isolate://gui/')) ??
    (await context.waitForEvent('page', {
      predicate: (page) => page.url().startsWith('mcp-isolate://gui/'),
    }));
  return {
    window,
    close: async () => {
      await browser.close().catch(() => undefined);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}

test('the app launches, shows the server state and live sessions, and the toggle stops MCP', {
  skip,
}, async () => {
  const dataDir = await tempDir();
  const app = PACKAGED ? await launchPackaged(PACKAGED, dataDir) : await launchSourceTree(dataDir);
  let serverPid: number | undefined;
  try {
    const { window } = app;
    await window.getByTestId('server-state').getByText('Running').waitFor({ timeout: 60_000 });
    assert.match(
      window.url(),
      /^mcp-isolate:\/\/gui\/index\.html/,
      'the GUI comes from its scheme',
    );
    if (app.tray) assert.equal((await app.tray()).icon, 'running');

    const info = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8'));
    serverPid = info.pid;
    const client = new Client({ name: 'electron-spec', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${info.url}/mcp`)));
    await client.callTool({ name: 'run_js', arguments: { session: 'from-spec', code: '1 + 1' } });
    await window
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Sessions/ })
      .click();
    await window.getByRole('button', { name: /^from-spec\b/ }).waitFor();

    await window
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: /Server/ })
      .click();
    // The window may write to the clipboard (its one permission): Copy says Copied, not failed.
    const copy = window.getByRole('button', { name: /^Copy / }).first();
    await copy.click();
    await copy.getByText('Copied').waitFor();
    await window.getByRole('button', { name: 'Stop server' }).click();
    // The client is still connected: the window asks first.
    await window
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Stop', exact: true })
      .click();
    await window.getByTestId('server-state').getByText('Stopped').waitFor();
    assert.equal((await fetch(`${info.url}/mcp`, { method: 'POST', body: '{}' })).status, 503);
    await client.close().catch(() => undefined);
  } finally {
    await app.close();
  }
  // However the app ended (a hard kill on Windows), its server does not outlive it.
  const deadline = Date.now() + 30_000;
  while (serverPid && Date.now() < deadline && !(await processGone(serverPid))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(!serverPid || (await processGone(serverPid)), 'the server exited with its app');
});
