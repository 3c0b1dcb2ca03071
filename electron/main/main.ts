// The Electron main process: single instance, tray, window, and the server it supervises.
// isolated-vm cannot live in an Electron process, so the server runs on its own Node 24.
import { join, resolve } from 'node:path';
import {
  app,
  clipboard,
  dialog,
  autoUpdater as electronUpdater,
  ipcMain,
  Menu,
  shell,
} from 'electron';
import { clientConfigs } from '../../contract/client-configs.ts';
import type { DesktopEvent } from '../../contract/desktop-api.ts';
import { noActivity } from '../../contract/run-activity.ts';
import { NO_RUNS } from '../../contract/run-stats.ts';
import { DESKTOP_EVENT_CHANNEL } from '../ipc/desktop-channels.ts';
import { registerDesktopHandlers } from '../ipc/register-handlers.ts';
import { ServerSupervisor } from '../supervisor/server-supervisor.ts';
import { type TrayAction, type TrayState, trayIcon, trayMenu } from '../tray/tray-menu.ts';
import { BACKGROUND_CHECKS, UpdateChecks } from '../updates/update-checks.ts';
import { applicationMenu } from './app-menu.ts';
import { showTray } from './app-tray.ts';
import { appUpdater } from './app-updater.ts';
import { refusedLaunch } from './debug-switches.ts';
import { isGuiFrame } from './gui-protocol.ts';
import { lockDown } from './lock-down.ts';
import { HIDDEN_ARG, loginItem } from './login-item.ts';
import { createMainWindow } from './main-window.ts';
import { movedToApplications } from './offer-move.ts';
import { runtimePaths } from './runtime-paths.ts';
import { QUIT_ARG, secondInstanceAction } from './second-instance.ts';
import { registerGuiScheme, serveGui } from './serve-gui.ts';
import { ServerLink } from './server-link.ts';

// Checked first: nothing starts (no window, no server) for a launch that must not go on.
const refused = refusedLaunch({
  packaged: app.isPackaged,
  hasSwitch: (name) => app.commandLine.hasSwitch(name),
  env: process.env,
});
registerGuiScheme();
// Every renderer sandboxed, whatever a window asks for.
app.enableSandbox();
// The data directory moves as the headless server's does; the app's profile moves with it.
if (process.env.MCP_ISOLATE_DATA_DIR) {
  app.setPath('userData', resolve(process.env.MCP_ISOLATE_DATA_DIR));
}
if (refused) {
  process.stderr.write(`${refused}\n`);
  app.exit(2);
} else if (!app.requestSingleInstanceLock()) {
  // The running app was told (second-instance): to show its window, or to quit.
  app.quit();
} else if (process.argv.includes(QUIT_ARG)) {
  // Asked to quit, and no app is running: nothing to start.
  app.exit(0);
} else {
  // A second launch may come while this one still starts (a dialog, the login item's check):
  // what it asks is kept until start() can answer it.
  app.on('second-instance', (_event, argv) => answerLaunch(secondInstanceAction(argv)));
  app
    .whenReady()
    .then(start)
    .catch((error: Error) => {
      dialog.showErrorBox('MCP Isolate could not start', error.message);
      app.exit(1);
    });
}

const earlyLaunches: ReturnType<typeof secondInstanceAction>[] = [];
let answerLaunch = (action: ReturnType<typeof secondInstanceAction>) => {
  earlyLaunches.push(action);
};

async function start(): Promise<void> {
  lockDown();
  const paths = runtimePaths({
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    platform: process.platform,
  });
  serveGui(paths.gui);
  // Electron's userData is the platform's application-data folder: the headless server's too.
  const dataDir = app.getPath('userData');
  // Before anything starts: a move quits this copy and starts the moved one.
  if (await movedToApplications(dataDir)) return;
  // Electron's default on Windows and Linux is DATA/logs, the server's message log folder: a
  // user asked for "the log" should not attach every message a client sent.
  // On macOS the default is named after the running bundle, "Electron" in a development run:
  // said outright, so every run logs to ~/Library/Logs/MCP Isolate.
  app.setAppLogsPath(
    process.platform === 'darwin'
      ? join(app.getPath('home'), 'Library', 'Logs', app.name)
      : join(dataDir, 'app-logs'),
  );
  const logDir = app.getPath('logs');
  const login = loginItem(process.platform, app, {
    name: app.name,
    command: [process.execPath, ...(app.isPackaged ? [] : [app.getAppPath()]), HIDDEN_ARG],
  });
  // Started at login: stay in the tray until asked.
  const startedHidden =
    process.argv.includes(HIDDEN_ARG) ||
    (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  if (startedHidden) app.dock?.hide();

  let supervisor: ServerSupervisor | undefined;
  /** Set once the server has stopped and the app may really quit. */
  let stopped = false;
  // Development runs never check; the updater itself knows which packaged builds it can update.
  const updater = app.isPackaged ? appUpdater() : undefined;
  const state: TrayState = {
    server: 'starting',
    mcpRunning: false,
    launchAtLogin: await login.enabled().catch(() => false),
  };

  const main = createMainWindow({
    preload: join(__dirname, 'preload.cjs'),
    onVisibilityChange: (visible) => {
      if (process.platform === 'darwin') void (visible ? app.dock?.show() : app.dock?.hide());
    },
    // Said where the user looks: a dialog while the window is open; a hidden one just reloads.
    onRecovery: (message) => {
      process.stderr.write(`${message}\n`);
      if (main.window.isVisible()) {
        void dialog.showMessageBox({ type: 'warning', title: 'MCP Isolate', message });
      }
    },
  });
  const send = (event: DesktopEvent) => {
    if (!main.window.isDestroyed()) main.window.webContents.send(DESKTOP_EVENT_CHANNEL, event);
  };
  /** Until a server answers, the window hears of a problem in plain words. */
  const tellWindow = (error: string) =>
    send({
      type: 'status',
      status: {
        running: false,
        version: app.getVersion(),
        dataDir,
        endpoints: { stdioCommand: [] },
        counts: { connections: 0, sessions: 0, messages: 0 },
        runStats: NO_RUNS,
        runActivity: noActivity(Date.now()),
        error,
      },
    });
  // A tray or menu action that fails (the server went away meanwhile) says so instead of
  // nothing; the menu is drawn again, since Electron already flipped a clicked checkbox.
  const reportFailure = (error: Error) => {
    dialog.showErrorBox('MCP Isolate', error.message);
    refreshTray({ redraw: true });
  };
  const refreshTray = (options?: { redraw: boolean }) =>
    showTray(
      state,
      (action) => void act(action).catch(reportFailure),
      paths.icons,
      () => void refreshClients(),
      options,
    );
  /** The clients' states for the tray's Connect submenu, as the server reads their files. */
  const refreshClients = async () => {
    const listed = await link.client?.listClients({}).catch(() => undefined);
    if (listed) {
      state.clients = listed.clients;
      refreshTray();
    }
  };
  // The clients' states depend on the stdio command: read again when it changes.
  let stdioCommand: string | undefined;
  const link = new ServerLink((event) => {
    if (event.type === 'status') {
      state.mcpRunning = event.status.running;
      const command = event.status.endpoints.stdioCommand.join('\0');
      if (command !== stdioCommand) {
        stdioCommand = command;
        void refreshClients();
      }
      refreshTray();
    }
    if (event.type === 'clients-changed') void refreshClients();
    send(event);
  });

  const startServer = async () => {
    if (supervisor) return supervisor.start();
    supervisor = new ServerSupervisor({
      node: paths.node,
      serverScript: paths.serverScript,
      dataDir,
      logDir,
    });
    supervisor.subscribe((supervised) => {
      state.server = supervised.phase;
      state.problem = supervised.phase === 'crashed' ? supervised.problem : undefined;
      state.url = supervised.phase === 'running' ? supervised.url : undefined;
      if (link.follow(supervised).reload && !main.window.isDestroyed()) {
        main.window.webContents.reload();
      }
      if (supervised.phase === 'crashed') {
        const seconds = Math.round(supervised.retryInMs / 1000);
        tellWindow(
          `The server stopped unexpectedly (${supervised.problem}); it restarts in ${seconds} s.`,
        );
      }
      refreshTray();
    });
    supervisor.start();
  };

  const updates =
    updater &&
    new UpdateChecks({
      ...BACKGROUND_CHECKS,
      updater,
      enabled: async () => {
        if (!link.client) throw new Error('the MCP Isolate server is not running yet');
        return (await link.client.getSettings({})).checkForUpdates;
      },
      stopServer: async () => {
        link.close();
        await supervisor?.stop();
      },
      startServer,
      onChange: (update) => {
        state.update = update;
        refreshTray();
      },
    });
  if (updates) state.update = updates.state;
  // The updater quits the app into the update only once its install has started (Electron's
  // own autoUpdater says so on macOS and Windows, electron-updater emulates it on Linux): the
  // server is stopped by then, and the window may close. An install that fails never gets here.
  electronUpdater.on('before-quit-for-update', () => {
    stopped = true;
    main.allowClose();
  });

  const act = async (action: TrayAction) => {
    if (typeof action === 'object') {
      if (!link.client) throw new Error('the MCP Isolate server is not running');
      const { client, change } = action;
      // The server merges the file and tells every window and this tray (clients-changed).
      await (change === 'connect'
        ? link.client.connectClient({ client })
        : link.client.disconnectClient({ client }));
      return;
    }
    switch (action) {
      case 'toggle-server':
        if (state.server === 'running' && link.client) {
          await link.client.setServerRunning({ running: !state.mcpRunning });
        } else {
          await startServer();
        }
        return;
      case 'open-window':
        main.show();
        return;
      case 'copy-url':
        if (state.url) clipboard.writeText(`${state.url}/mcp`);
        return;
      case 'copy-claude-config':
        if (link.client) {
          const claude = clientConfigs(await link.client.getStatus({}))[0];
          if (claude) clipboard.writeText(claude.text);
        }
        return;
      case 'open-logs':
        await shell.openPath(logDir);
        return;
      case 'toggle-launch-at-login':
        await login.set(!state.launchAtLogin);
        state.launchAtLogin = await login.enabled();
        refreshTray();
        return;
      case 'check-for-updates':
        await updates?.check();
        return;
      case 'restart-to-update':
        await updates?.restartToUpdate();
        return;
      case 'quit':
        app.quit();
        return;
    }
  };
  const template = applicationMenu(process.platform, app.name, {
    updates: updates !== undefined,
    act: (action) => void act(action).catch(reportFailure),
  });
  Menu.setApplicationMenu(template && Menu.buildFromTemplate(template));

  registerDesktopHandlers(
    ipcMain,
    () => link.client,
    (event) => event.sender === main.window.webContents && isGuiFrame(event.senderFrame),
  );
  app.on('activate', () => main.show());
  // The app lives in the tray: closing the window does not quit it.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    main.allowClose();
    if (stopped) return;
    event.preventDefault();
    link.close();
    void (supervisor?.stop() ?? Promise.resolve()).then(() => {
      stopped = true;
      app.quit();
    });
  });

  // Windows ends a session without before-quit and soon terminates the app: ask the server to
  // stop now (its committed runs are on disk already; this flushes the logs). Holding the
  // session's end until it has would show the user a "this app is preventing shutdown" screen.
  main.window.on('session-end', () => {
    link.close();
    void supervisor?.stop();
  });
  answerLaunch = (action) => (action === 'quit' ? app.quit() : main.show());
  for (const action of earlyLaunches.splice(0)) answerLaunch(action);

  // What the tray shows and what its items do, for the Electron specs (Playwright cannot see or
  // click the tray itself). Reachable only through the inspector, which the packaged app's fuses
  // refuse.
  Object.assign(globalThis, {
    mcpIsolateTray: () => ({ icon: trayIcon(state), menu: trayMenu(state) }),
    mcpIsolateTrayAct: (action: TrayAction) => act(action),
  });
  refreshTray();
  if (!startedHidden) main.window.once('ready-to-show', () => main.show());
  updates?.start();
  await startServer();
}
