import { protocol } from 'electron';
import { GUI_SCHEME, guiResponse } from './gui-protocol.ts';

/** Before `ready`: the GUI's scheme is a standard, secure origin that may load module scripts. */
export function registerGuiScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: GUI_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Serves the built GUI from `root` (inside app.asar when packaged). */
export function serveGui(root: string): void {
  protocol.handle(GUI_SCHEME, (request) => guiResponse(request.url, root));
}
