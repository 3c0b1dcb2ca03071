import { join } from 'node:path';
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';
import {
  type TrayAction,
  type TrayMenuItem,
  type TrayState,
  trayIcon,
  trayMenu,
  trayTooltip,
} from '../tray/tray-menu.ts';

// Held at module level: a Tray referenced only from a closure is garbage-collected and its icon
// disappears from the menu bar some minutes after start.
let tray: Tray | undefined;

/**
 * Shows `state` in the tray (made on first use); menu items and a click call `act`. `onOpen`: the
 * menu is about to show (macOS and Windows tell; Linux's tray does not), for what may have
 * changed outside the app, such as a client's config file.
 */
export function showTray(
  state: TrayState,
  act: (action: TrayAction) => void,
  iconsDir: string,
  onOpen: () => void,
): void {
  if (!tray) {
    tray = new Tray(icon(trayIcon(state), iconsDir));
    // Windows users expect a left click to open the window; the menu is on the right button.
    if (process.platform === 'win32') tray.on('click', () => act('open-window'));
  }
  tray.setImage(icon(trayIcon(state), iconsDir));
  tray.setToolTip(trayTooltip(state));
  const menu = Menu.buildFromTemplate(template(trayMenu(state), act));
  menu.on('menu-will-show', onOpen);
  tray.setContextMenu(menu);
}

function template(
  items: TrayMenuItem[],
  act: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    ...(item.separatorBefore ? [{ type: 'separator' as const }] : []),
    {
      label: item.label,
      enabled: item.enabled,
      ...(item.checked !== undefined && { type: 'checkbox' as const, checked: item.checked }),
      ...(item.submenu
        ? { submenu: template(item.submenu, act) }
        : { click: () => item.action && act(item.action) }),
    },
  ]);
}

function icon(kind: ReturnType<typeof trayIcon>, iconsDir: string) {
  // Windows draws tray icons from .ico (both sizes inside); macOS wants a template image.
  const file = process.platform === 'win32' ? `tray-${kind}.ico` : `tray-${kind}.png`;
  const image = nativeImage.createFromPath(join(iconsDir, file));
  if (process.platform === 'darwin') image.setTemplateImage(true);
  return image;
}
