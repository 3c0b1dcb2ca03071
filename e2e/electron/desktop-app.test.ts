import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  chromium,
  type ElectronApplication,
  _electron as electron,
  type Page,
} from 'playwright-core';
import { electronBinary } from '../../bin/electron-binary.mjs';
import type { DesktopAnswer, DesktopBridge } from '../../contract/desktop-answer.ts';
import type { Status } from '../../contract/desktop-api.ts';
import { GUI_CSP } from '../../contract/gui-csp.ts';
import type { TrayAction, TrayIcon, TrayMenuItem } from '../../electron/tray/tray-menu.ts';
import { adminTokenOf } from '../../server/test-support/admin-api.ts';
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
  /** The main process, where the inspector reaches it (a source-tree run). */
  main?: ElectronApplication;
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

async function launchSourceTree(dataDir: string, env: NodeJS.ProcessEnv): Promise<RunningApp> {
  const app = await electron.launch({
    executablePath: binary.path,
    args: [ROOT],
    cwd: ROOT,
    env: { ...process.env, ...env, MCP_ISOLATE_DATA_DIR: dataDir },
  });
  // These functions run in the main process: they name its globals themselves.
  const act = (action: TrayAction) =>
    app.evaluate(
      (_electron, action) => (globalThis as unknown as MainGlobals).mcpIsolateTrayAct?.(action),
      action,
    );
  return {
    main: app,
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
      // `--quit` tells the running app to quit the normal way (app.quit(), so before-quit stops
      // the server first), on every platform: Windows has no signal for it, and closing the
      // window only hides it.
      const quitter = spawn(executable, ['--quit'], {
        env: { ...process.env, MCP_ISOLATE_DATA_DIR: dataDir, MCP_ISOLATE_TEST_SPECS: '1' },
        stdio: 'inherit',
      });
      await Promise.all([exited(quitter), exited(child)]);
    },
  };
}

/**
 * Runs `use` against a freshly started app with its own data folder, and quits it after. `env`:
 * more variables for a source-tree run (its server inherits them).
 */
async function withApp(
  use: (app: RunningApp) => Promise<void>,
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  const dataDir = await tempDir();
  const app = PACKAGED
    ? await launchPackaged(PACKAGED, dataDir)
    : await launchSourceTree(dataDir, env);
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

test("a call over IPC from the window reaches the app's server, and a refusal keeps its code as over HTTP", {
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
    // The preload's `desktop` bridge: one function per DesktopApi operation, answering its
    // outcome as data (contract/desktop-answer.ts).
    const { status, sessions, refused } = await window.evaluate(async () => {
      const desktop = (globalThis as unknown as { desktop: DesktopBridge }).desktop;
      return {
        status: (await desktop.getStatus({})) as DesktopAnswer<Status>,
        sessions: JSON.stringify(await desktop.listSessions({})),
        refused: await desktop.renameSession({ session: 'no-such-session', to: 'other' }),
      };
    });
    // The server that wrote server.json answered: its own address and the client's session.
    assert.ok(status.ok);
    assert.equal(status.value.running, true);
    assert.equal(status.value.endpoints.streamableHttp, `${info.url}/mcp`);
    assert.match(sessions, /"over-ipc"/);
    // The same refusal over HTTP: the window sees the same code either way.
    const overHttp = await fetch(`${info.url}/admin/api/renameSession`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await adminTokenOf(dataDir)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ session: 'no-such-session', to: 'other' }),
    });
    const { error } = (await overHttp.json()) as { error: { code: string } };
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, error.code);
  });
});

test("the GUI comes from the app's scheme with its Content Security Policy as a header", {
  skip,
}, async () => {
  await withApp(async ({ window }) => {
    const header = await window.evaluate(async () =>
      (await fetch('mcp-isolate://gui/index.html')).headers.get('content-security-policy'),
    );
    assert.equal(header, GUI_CSP);
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

/** The app's log of its server: DATA/app-logs, or ~/Library/Logs on macOS (main.ts). */
const serverLog = (dataDir: string) =>
  process.platform === 'darwin'
    ? join(homedir(), 'Library', 'Logs', 'MCP Isolate', 'server.log')
    : join(dataDir, 'app-logs', 'server.log');

test('quitting the normal way stops the server first: its process is gone, its server.json removed, and the supervisor said it stopped it', {
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
  // An app that was killed leaves its server to stop by itself when their channel closes; only
  // the app's own quit has its supervisor stop it and say so last.
  const notes = (await readFile(serverLog(dataDir), 'utf8'))
    .split('\n')
    .filter((line) => line.includes('[supervisor]'));
  assert.match(notes.at(-1) ?? '', /the server is stopped$/);
});

test('a packaged app refuses --remote-debugging-port outside the specs, before anything starts', {
  skip: PACKAGED ? undefined : 'only a packaged app refuses it',
}, async () => {
  const dataDir = await tempDir();
  const env: NodeJS.ProcessEnv = { ...process.env, MCP_ISOLATE_DATA_DIR: dataDir };
  delete env.MCP_ISOLATE_TEST_SPECS;
  const child = spawn(PACKAGED as string, ['--remote-debugging-port=0'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 2, stderr);
  assert.match(stderr, /remote-debugging/);
  assert.equal(existsSync(join(dataDir, 'server.json')), false, 'no server started');
});

test('on Linux, where a desktop may show no tray, the window has a menu with Open Logs and Quit', {
  skip: trayless ?? (process.platform === 'linux' ? undefined : 'the window menu is for Linux'),
}, async () => {
  await withApp(async ({ main }) => {
    const labels = await main?.evaluate(({ Menu }) =>
      Menu.getApplicationMenu()?.items.flatMap((item) =>
        (item.submenu?.items ?? []).map((entry) => entry.label),
      ),
    );
    assert.ok(labels?.includes('Open Logs') && labels.includes('Quit'), JSON.stringify(labels));
  });
});

test("the tray's Connect a client merges MCP Isolate into the client's own file, and the window shows it connected", {
  skip:
    trayless ?? (process.platform === 'linux' ? undefined : 'a temporary XDG_CONFIG_HOME is Linux'),
}, async () => {
  // Claude Desktop's folder on Linux is under XDG_CONFIG_HOME: a temporary one holds a config
  // with a server of the user's own.
  const config = await tempDir();
  const file = join(config, 'Claude', 'claude_desktop_config.json');
  await mkdir(join(config, 'Claude'));
  await writeFile(file, JSON.stringify({ mcpServers: { mine: { command: 'mine' } } }));
  await withApp(
    async ({ tray, window }) => {
      assert.ok(tray);
      await waitUntil(
        async () => (await tray.shown()).menu.some((item) => item.label === 'Connect a client'),
        'the tray to list the clients',
      );
      await tray.act({ client: 'claude-desktop', change: 'connect' });
      const written = JSON.parse(await readFile(file, 'utf8'));
      assert.deepEqual(Object.keys(written.mcpServers), ['mine', 'mcp-isolate']);
      await window
        .getByRole('navigation', { name: 'Views' })
        .getByRole('button', { name: /Connect a client/ })
        .click();
      await window
        .locator('[data-client="claude-desktop"]')
        .getByText('Connected', { exact: true })
        .waitFor();
      await waitUntil(
        async () =>
          (await tray.shown()).menu
            .find((item) => item.label === 'Connect a client')
            ?.submenu?.find((item) => item.label === 'Claude Desktop')?.checked === true,
        'Claude Desktop ticked in the tray',
      );
    },
    { XDG_CONFIG_HOME: config },
  );
});
