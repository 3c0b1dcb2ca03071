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
/** What the tray shows now: drawn again only when it changes (a status comes after every run). */
let shown: string | undefined;
/** While the menu is open it is not replaced (that closes it, or on Windows frees it under the
 * user's click); the newest state is drawn when it closes. */
let open = false;
let pending: (() => void) | undefined;

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
  { redraw = false } = {},
): void {
  const next = JSON.stringify([trayIcon(state), trayTooltip(state), trayMenu(state)]);
  if (open) {
    pending = () => showTray(state, act, iconsDir, onOpen, { redraw });
    return;
  }
  if (next === shown && !redraw) return;
  shown = next;
  if (!tray) {
    tray = new Tray(icon(trayIcon(state), iconsDir));
    // Windows users expect a left click to open the window; the menu is on the right button.
    if (process.platform === 'win32') tray.on('click', () => act('open-window'));
  }
  tray.setImage(icon(trayIcon(state), iconsDir));
  tray.setToolTip(trayTooltip(state));
  const menu = Menu.buildFromTemplate(template(trayMenu(state), act));
  menu.on('menu-will-show', () => {
    open = true;
    onOpen();
  });
  menu.on('menu-will-close', () => {
    open = false;
    // After the click the menu closed for has been dispatched to this menu's items.
    setImmediate(() => {
      const draw = pending;
      pending = undefined;
      draw?.();
    });
  });
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
