// The Electron main process: single instance, tray, window, and the server it supervises.
// isolated-vm cannot live in an Electron process, so the server runs on its own Node 24.
import { join } from 'node:path';
import { app, clipboard, ipcMain, Menu, nativeImage, Tray } from 'electron';
import { clientConfigs } from '../../renderer/src/logic/client-configs.ts';
import type { DesktopEvent } from '../../server/admin/desktop-api.ts';
import type { DesktopClient } from '../../server/admin/desktop-client.ts';
import { httpDesktopClient } from '../../server/admin/http-desktop-client.ts';
import { DESKTOP_EVENT_CHANNEL } from '../ipc/desktop-channels.ts';
import { registerDesktopHandlers } from '../ipc/register-handlers.ts';
import { ServerSupervisor } from '../supervisor/server-supervisor.ts';
import {
  type TrayAction,
  type TrayState,
  trayIcon,
  trayMenu,
  trayTooltip,
} from '../tray/tray-menu.ts';
import { createMainWindow } from './main-window.ts';
import { runtimePaths } from './runtime-paths.ts';
import { stableRuntime } from './stable-runtime.ts';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const paths = runtimePaths({
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    projectRoot: join(__dirname, '..', '..'),
    platform: process.platform,
  });
  // Electron's userData is the platform's application-data folder: the headless server's too.
  const dataDir = app.getPath('userData');
  // Started at login: stay in the tray until asked.
  const startedHidden =
    process.argv.includes('--hidden') || app.getLoginItemSettings().wasOpenedAtLogin;
  // The stdio command the GUI shows must outlive an AppImage's changing mount point.
  const server = process.env.APPIMAGE
    ? await stableRuntime(process.resourcesPath, join(dataDir, 'app', app.getVersion()))
    : paths;
  const supervisor = new ServerSupervisor({
    node: server.node,
    serverScript: server.serverScript,
    dataDir,
  });
  let client: DesktopClient | undefined;
  let unsubscribe: (() => void) | undefined;
  const state: TrayState = {
    server: 'starting',
    mcpRunning: false,
    launchAtLogin: app.getLoginItemSettings().openAtLogin,
  };

  const main = createMainWindow({
    gui: paths.gui,
    preload: join(__dirname, 'preload.cjs'),
    onVisibilityChange: (visible) => {
      if (process.platform === 'darwin') void (visible ? app.dock?.show() : app.dock?.hide());
    },
  });
  const tray = new Tray(icon('stopped'));
  const refreshTray = () => {
    tray.setImage(icon(trayIcon(state)));
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(
      Menu.buildFromTemplate(
        trayMenu(state).flatMap((item) => [
          ...(item.separatorBefore ? [{ type: 'separator' as const }] : []),
          {
            label: item.label,
            enabled: item.enabled,
            ...(item.checked !== undefined && { type: 'checkbox' as const, checked: item.checked }),
            click: () => item.action && void act(item.action),
          },
        ]),
      ),
    );
  };
  const forward = (event: DesktopEvent) => {
    if (event.type === 'status') {
      state.mcpRunning = event.status.running;
      refreshTray();
    }
    if (!main.window.isDestroyed()) main.window.webContents.send(DESKTOP_EVENT_CHANNEL, event);
  };

  supervisor.subscribe((supervised) => {
    unsubscribe?.();
    unsubscribe = undefined;
    client = undefined;
    state.server = supervised.phase;
    state.problem = supervised.phase === 'crashed' ? supervised.problem : undefined;
    state.url = supervised.phase === 'running' ? supervised.url : undefined;
    if (supervised.phase === 'running') {
      client = httpDesktopClient(supervised.url, supervised.adminToken);
      unsubscribe = client.subscribe(forward, () => undefined);
      // A new server process: the window loads its state afresh.
      if (!main.window.isDestroyed()) main.window.webContents.reload();
    }
    if (supervised.phase === 'crashed' && !main.window.isDestroyed()) {
      // The window says so in plain words until the restart brings the server back.
      const seconds = Math.round(supervised.retryInMs / 1000);
      main.window.webContents.send(DESKTOP_EVENT_CHANNEL, {
        type: 'status',
        status: {
          running: false,
          version: app.getVersion(),
          dataDir,
          endpoints: { stdioCommand: [] },
          counts: { connections: 0, sessions: 0, messages: 0 },
          error: `The server stopped unexpectedly (${supervised.problem}); it restarts in ${seconds} s.`,
        },
      } satisfies DesktopEvent);
    }
    refreshTray();
  });

  const act = async (action: TrayAction) => {
    switch (action) {
      case 'toggle-server':
        if (state.server === 'running' && client) {
          await client.setServerRunning({ running: !state.mcpRunning });
        } else {
          supervisor.start();
        }
        return;
      case 'open-window':
        main.show();
        return;
      case 'copy-url':
        if (state.url) clipboard.writeText(`${state.url}/mcp`);
        return;
      case 'copy-claude-config':
        if (client) {
          const claude = clientConfigs(await client.getStatus({}))[0];
          if (claude) clipboard.writeText(claude.text);
        }
        return;
      case 'toggle-launch-at-login':
        state.launchAtLogin = !state.launchAtLogin;
        app.setLoginItemSettings({ openAtLogin: state.launchAtLogin, args: ['--hidden'] });
        refreshTray();
        return;
      case 'quit':
        app.quit();
        return;
    }
  };

  registerDesktopHandlers(ipcMain, () => client);
  app.on('second-instance', () => main.show());
  app.on('activate', () => main.show());
  // The app lives in the tray: closing the window does not quit it.
  app.on('window-all-closed', () => undefined);
  let stopped = false;
  app.on('before-quit', (event) => {
    main.allowClose();
    if (stopped) return;
    event.preventDefault();
    unsubscribe?.();
    void supervisor.stop().then(() => {
      stopped = true;
      app.quit();
    });
  });

  // What the tray shows, for the Electron specs (Playwright cannot see the tray itself).
  Object.assign(globalThis, {
    mcpIsolateTray: () => ({ icon: trayIcon(state), menu: trayMenu(state) }),
  });
  refreshTray();
  supervisor.start();
  if (!startedHidden) main.window.once('ready-to-show', () => main.show());
}

function icon(kind: ReturnType<typeof trayIcon>) {
  const image = nativeImage.createFromPath(join(__dirname, '..', 'icons', `tray-${kind}.png`));
  if (process.platform === 'darwin') image.setTemplateImage(true);
  return image;
}
