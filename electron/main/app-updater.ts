import { autoUpdater } from 'electron-updater';
import type { Updater } from '../updates/update-checks.ts';

/**
 * electron-updater's `autoUpdater` as the checks' Updater, or undefined where this copy cannot
 * update itself (a development run; on Linux, a run from neither the deb nor the rpm, which
 * leave `package-type` in the resources). It reads where to look (GitHub releases) from the `app-update.yml` electron-builder
 * puts into the resources.
 */
export function appUpdater(): Updater | undefined {
  if (!autoUpdater.isUpdaterActive()) return undefined;
  // On Linux an install is `pkexec dpkg -i` (or rpm), which asks for a password: never at an
  // ordinary quit or logout, only when the user chose Restart to update.
  autoUpdater.autoInstallOnAppQuit = process.platform !== 'linux';
  return {
    checkForUpdates: () => autoUpdater.checkForUpdates(),
    // Silent on Windows: the assisted installer would otherwise show its pages to click
    // through; the app runs again after the install.
    quitAndInstall: () => autoUpdater.quitAndInstall(process.platform === 'win32', true),
    onEvent(listener) {
      autoUpdater.on('checking-for-update', () => listener({ type: 'checking' }));
      autoUpdater.on('update-available', ({ version }) => listener({ type: 'available', version }));
      autoUpdater.on('update-not-available', () => listener({ type: 'not-available' }));
      autoUpdater.on('download-progress', ({ percent }) => listener({ type: 'progress', percent }));
      autoUpdater.on('update-downloaded', ({ version }) =>
        listener({ type: 'downloaded', version }),
      );
      autoUpdater.on('error', (error) => listener({ type: 'failed', reason: error.message }));
    },
  };
}
