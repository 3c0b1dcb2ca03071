import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: on macOS the app menu, Edit (copy and paste in the window's fields go
 * through its roles there) and Window; elsewhere none, where Chromium's own shortcuts edit text.
 * Never the stock menu, whose View menu opens DevTools and reloads the page.
 */
export function applicationMenu(
  platform: NodeJS.Platform,
  appName: string,
): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [
    {
      label: appName,
      submenu: [
        { role: 'about' },
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
