import { autoUpdater } from 'electron-updater';
import type { Updater } from '../updates/update-checks.ts';

/**
 * electron-updater's `autoUpdater` as the checks' Updater, or undefined where this copy cannot
 * update itself (a development run; on Linux, a run neither from the AppImage nor from the
 * deb). It reads where to look (GitHub releases) from the `app-update.yml` electron-builder
 * puts into the resources.
 */
export function appUpdater(): Updater | undefined {
  if (!autoUpdater.isUpdaterActive()) return undefined;
  return {
    checkForUpdates: () => autoUpdater.checkForUpdates(),
    quitAndInstall: () => autoUpdater.quitAndInstall(),
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
