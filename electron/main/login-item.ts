import {
  type AutostartEntry,
  autostartEnabled,
  autostartFile,
  setAutostart,
} from './xdg-autostart.ts';

/** Launch at login, the same on every platform to the tray. */
export interface LoginItem {
  enabled(): Promise<boolean>;
  set(on: boolean): Promise<void>;
}

/** What this needs of Electron's `app` (macOS and Windows). */
export interface LoginItemApi {
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/** The argument a login start carries, so the app stays in the tray. */
export const HIDDEN_ARG = '--hidden';

/**
 * Windows keeps the item as a command line and answers `openAtLogin` only for the exact args it
 * is asked with, so the same args go into both calls; macOS takes none (a login start is told
 * by `wasOpenedAtLogin`). Linux has no login-item API in Electron: an XDG autostart entry.
 */
export function loginItem(
  platform: NodeJS.Platform,
  app: LoginItemApi,
  linux: AutostartEntry & { file?: string },
): LoginItem {
  if (platform === 'linux') {
    const file = linux.file ?? autostartFile();
    return {
      enabled: () => autostartEnabled(file),
      set: (on) => setAutostart(file, linux, on),
    };
  }
  const args = platform === 'win32' ? { args: [HIDDEN_ARG] } : {};
  return {
    enabled: async () => app.getLoginItemSettings(args).openAtLogin,
    set: async (on) => app.setLoginItemSettings({ openAtLogin: on, ...args }),
  };
}
