import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction } from '../tray/tray-menu.ts';

/** What the menu can ask of the app beyond its roles: the tray's own actions. */
export interface MenuOptions {
  /** This copy updates itself: offer Check for updates. */
  updates: boolean;
  act: (action: TrayAction) => void;
}

/**
 * The application menu: on macOS the app menu, Edit (copy and paste in the window's fields go
 * through its roles there) and Window. On Linux, whose desktops may show no tray at all (GNOME
 * without a StatusNotifier host, and Electron cannot tell), the window's own menu has what the
 * tray would: Open logs, Check for updates, Quit. On Windows none, where Chromium's own
 * shortcuts edit text. Never the stock menu, whose View menu opens DevTools and reloads the page.
 */
export function applicationMenu(
  platform: NodeJS.Platform,
  appName: string,
  { updates, act }: MenuOptions,
): MenuItemConstructorOptions[] | null {
  const checkForUpdates: MenuItemConstructorOptions[] = updates
    ? [{ label: 'Check for Updates…', click: () => act('check-for-updates') }]
    : [];
  if (platform === 'linux') {
    return [
      {
        label: appName,
        submenu: [
          { label: 'Open Logs', click: () => act('open-logs') },
          ...checkForUpdates,
          { type: 'separator' },
          { label: 'Quit', accelerator: 'CommandOrControl+Q', click: () => act('quit') },
        ],
      },
    ];
  }
  if (platform !== 'darwin') return null;
  return [
    {
      label: appName,
      submenu: [
        { role: 'about' },
        ...checkForUpdates,
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  ];
}
