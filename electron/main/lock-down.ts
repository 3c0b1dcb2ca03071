import { app, session, shell } from 'electron';
import { permissionAllowed } from './gui-protocol.ts';

/**
 * What no page in the app may do, whatever loads it: have permissions (camera, notifications, …;
 * the GUI only writes to the clipboard), navigate away, open windows (https links go to the
 * browser), or attach a <webview>.
 */
export function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin),
  );
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
