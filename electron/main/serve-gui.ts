import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentType, GUI_SCHEME, guiFile } from './gui-protocol.ts';

/** Before `ready`: the GUI's scheme is a standard, secure origin that may load module scripts. */
export function registerGuiScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: GUI_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Serves the built GUI from `root` (inside app.asar when packaged; Electron's fs reads it). */
export function serveGui(root: string): void {
  protocol.handle(GUI_SCHEME, async (request) => {
    const file = guiFile(request.url, root);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), {
        headers: { 'content-type': contentType(file), 'x-content-type-options': 'nosniff' },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
