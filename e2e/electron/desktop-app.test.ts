import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { chromium, _electron as electron, type Page } from 'playwright-core';
import { electronBinary } from '../../bin/electron-binary.mjs';
import type { DesktopApi } from '../../contract/desktop-api.ts';
import type { TrayAction, TrayIcon, TrayMenuItem } from '../../electron/tray/tray-menu.ts';
import { processGone } from '../../server/test-support/processes.ts';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { waitUntil } from '../../server/test-support/wait-until.ts';

// The desktop app itself. CI sets MCP_ISOLATE_APP_EXECUTABLE to an app electron-builder built
// (unpacked) and the release to the app its installer installed; elsewhere the specs run the
// source tree in Electron where its binary was downloaded (`npm install` skips that download here,
// and then these specs say why they did not run).
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGED = process.env.MCP_ISOLATE_APP_EXECUTABLE;
const binary = electronBinary();
const skip = PACKAGED ? undefined : binary.why;
if (skip) console.log(`Electron specs did not run: ${skip}`);
/** The tray is read and clicked through the main process, which only the inspector reaches. */
const trayless = skip ?? (PACKAGED ? "the packaged app's fuses refuse the inspector" : undefined);

interface RunningApp {
  window: Page;
  dataDir: string;
  /** The tray as the main process holds it (mcpIsolateTray, mcpIsolateTrayAct in main.ts). */
  tray?: {
    shown(): Promise<{ icon: TrayIcon; menu: TrayMenuItem[] }>;
    act(action: TrayAction): Promise<void>;
  };
  /** Quits the way a user or the system does, and resolves once the app's process has exited. */
  quit(): Promise<void>;
}

/** What main.ts's last block exposes for these specs. */
interface MainGlobals {
  mcpIsolateTray?: () => { icon: TrayIcon; menu: TrayMenuItem[] };
  mcpIsolateTrayAct?: (action: TrayAction) => Promise<void>;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : once(child, 'exit').then(() => undefined);

async function launchSourceTree(dataDir: string): Promise<RunningApp> {
  const app = await electron.launch({
    executablePath: binary.path,
    args: [ROOT],
    cwd: ROOT,
    env: { ...process.env, MCP_ISOLATE_DATA_DIR: dataDir },
  });
  // These functions run in the main process: they name its globals themselves.
  const act = (action: TrayAction) =>
    app.evaluate(
      (_electron, action) => (globalThis as unknown as MainGlobals).mcpIsolateTrayAct?.(action),
      action,
    );
  return {
    window: await app.firstWindow(),
    dataDir,
    tray: {
      shown: async () => {
        const shown = await app.evaluate(() =>
          (globalThis as unknown as MainGlobals).mcpIsolateTray?.(),
        );
        assert.ok(shown, 'the main process exposes the tray');
        return shown;
      },
      act,
    },
    // The tray's Quit: app.quit(), which stops the server before the app exits.
    quit: async () => {
      const child = app.process();
      await act('quit').catch(() => undefined);
      await exited(child);
      await app.close().catch(() => undefined);
    },
  };
}

/**
 * The packaged app's fuses refuse --inspect, which Playwright's Electron launcher needs, so the
 * window is reached over Chromium's DevTools protocol instead; the packaged app allows
 * --remote-debugging-port only while MCP_ISOLATE_TEST_SPECS=1.
 */
async function launchPackaged(executable: string, dataDir: string): Promise<RunningApp> {
  const child = spawn(executable, ['--remote-debugging-port=0'], {
    env: { ...process.env, MCP_ISOLATE_DATA_DIR: dataDir, MCP_ISOLATE_TEST_SPECS: '1' },
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
    dataDir,
    quit: async () => {
      await browser.close().catch(() => undefined);
      // SIGTERM is a normal quit for Electron on macOS and Linux: its shutdown handler calls
      // app.quit(), so before-quit stops the server. Windows has no such signal, and closing the
      // window only hides it: there the app is ended outright, and its server, seeing its channel
      // to the app close, shuts itself down.
      child.kill(process.platform === 'win32' ? undefined : 'SIGTERM');
      await exited(child);
    },
  };
}

/** Runs `use` against a freshly started app with its own data folder, and quits it after. */
async function withApp(use: (app: RunningApp) => Promise<void>): Promise<void> {
  const dataDir = await tempDir();
  const app = PACKAGED ? await launchPackaged(PACKAGED, dataDir) : await launchSourceTree(dataDir);
  try {
    await app.window.getByTestId('server-state').getByText('Running').waitFor({ timeout: 60_000 });
    await use(app);
  } finally {
    await app.quit();
  }
}

interface ServerInfo {
  pid: number;
  url: string;
}
const serverInfo = async (dataDir: string): Promise<ServerInfo> =>
  JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8'));

async function mcpClient(url: string): Promise<Client> {
  const client = new Client({ name: 'electron-spec', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
  return client;
}

const mcpStatus = async (url: string) =>
  (await fetch(`${url}/mcp`, { method: 'POST', body: '{}' })).status;

test('the window loads the GUI through mcp-isolate://gui/ and shows the server running', {
  skip,
}, async () => {
  await withApp(async ({ window }) => {
    assert.match(window.url(), /^mcp-isolate:\/\/gui\/index\.html/);
    await window.getByRole('navigation', { name: 'Views' }).waitFor();
  });
});

test('the tray is there with its menu, showing the server running, its toggle and Quit', {
  skip: trayless,
}, async () => {
  await withApp(async ({ tray }) => {
    assert.ok(tray);
    const { icon, menu } = await tray.shown();
    assert.equal(icon, 'running');
    const actions = menu.map((item) => item.action).filter(Boolean);
    for (const action of ['toggle-server', 'open-window', 'copy-url', 'quit'] as const) {
      assert.ok(actions.includes(action), `the menu has ${action}: ${JSON.stringify(menu)}`);
    }
  });
});

test("the tray's toggle stops MCP (503) and starts it again, and an MCP client's call then works", {
  skip: trayless,
}, async () => {
  await withApp(async ({ tray, dataDir }) => {
    assert.ok(tray);
    const { url } = await serverInfo(dataDir);
    await tray.act('toggle-server');
    await waitUntil(async () => (await tray.shown()).icon === 'stopped', 'the tray to say stopped');
    assert.equal(await mcpStatus(url), 503);

    await tray.act('toggle-server');
    await waitUntil(async () => (await tray.shown()).icon === 'running', 'the tray to say running');
    const client = await mcpClient(url);
    try {
      const result = await client.callTool({
        name: 'run_js',
        arguments: { session: 'after-toggle', code: '6 * 7' },
      });
      assert.match(JSON.stringify(result.content), /42/);
    } finally {
      await client.close();
    }
  });
});

test("a call over IPC from the window reaches the app's server: its status and the sessions an MCP client made", {
  skip,
}, async () => {
  await withApp(async ({ window, dataDir }) => {
    const info = await serverInfo(dataDir);
    const client = await mcpClient(info.url);
    try {
      await client.callTool({ name: 'run_js', arguments: { session: 'over-ipc', code: '1 + 1' } });
    } finally {
      await client.close();
    }
    // The preload's `desktop` object, one function per DesktopApi operation.
    const { status, sessions } = await window.evaluate(async () => {
      const desktop = (globalThis as unknown as { desktop: DesktopApi }).desktop;
      return {
        status: await desktop.getStatus({}),
        sessions: JSON.stringify(await desktop.listSessions({})),
      };
    });
    // The server that wrote server.json answered: its own address and the client's session.
    assert.equal(status.running, true);
    assert.equal(status.endpoints.streamableHttp, `${info.url}/mcp`);
    assert.match(sessions, /"over-ipc"/);
  });
});

test('the window stops and starts the server, asking first while a client is connected', {
  skip,
}, async () => {
  await withApp(async ({ window, dataDir }) => {
    const { url } = await serverInfo(dataDir);
    const client = await mcpClient(url);
    await client.callTool({ name: 'run_js', arguments: { session: 'from-spec', code: '1 + 1' } });
    const views = window.getByRole('navigation', { name: 'Views' });
    await views.getByRole('button', { name: /Sessions/ }).click();
    await window.getByRole('button', { name: /^from-spec\b/ }).waitFor();

    await views.getByRole('button', { name: /Server/ }).click();
    // The window may write to the clipboard (its one permission): Copy says Copied, not failed.
    const copy = window.getByRole('button', { name: /^Copy / }).first();
    await copy.click();
    await copy.getByText('Copied').waitFor();
    await window.getByRole('button', { name: 'Stop server' }).click();
    await window
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Stop', exact: true })
      .click();
    await window.getByTestId('server-state').getByText('Stopped').waitFor();
    assert.equal(await mcpStatus(url), 503);
    await client.close().catch(() => undefined);

    await window.getByRole('button', { name: 'Start server' }).click();
    await window.getByTestId('server-state').getByText('Running').waitFor();
    const again = await mcpClient(url);
    await again.callTool({ name: 'run_js', arguments: { session: 'from-spec', code: '2 + 2' } });
    await again.close();
  });
});

test('quitting stops the server cleanly: its process is gone and its server.json removed', {
  skip,
}, async () => {
  let info: ServerInfo | undefined;
  let dataDir = '';
  await withApp(async (app) => {
    dataDir = app.dataDir;
    info = await serverInfo(dataDir);
  });
  const { pid } = info as ServerInfo;
  await waitUntil(() => processGone(pid), `the server (pid ${pid}) to exit`, 30_000);
  // The server removes server.json only on a clean shutdown; one killed after the supervisor's
  // timeout would leave it.
  assert.equal(existsSync(join(dataDir, 'server.json')), false);
});
