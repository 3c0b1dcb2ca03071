import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, sep } from 'node:path';
import { GUI_CSP } from '../../contract/gui-csp.ts';

// The window loads the GUI from a privileged custom scheme served by the main process, not from
// file://: the file protocol then needs no extra privileges (the GrantFileProtocolExtraPrivileges
// fuse is off), and the page's origin is one the IPC handlers can recognise.

export const GUI_SCHEME = 'mcp-isolate';
export const GUI_ORIGIN = `${GUI_SCHEME}://gui`;
export const GUI_INDEX_URL = `${GUI_ORIGIN}/index.html`;

/** A page of the GUI: the IPC handlers answer only these. */
export function isGuiUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${GUI_SCHEME}:` && parsed.host === 'gui';
  } catch {
    return false;
  }
}

/** The sender of an IPC call is trusted only as the GUI's own top frame (no iframe, no page). */
export function isGuiFrame(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return frame != null && frame.parent === null && isGuiUrl(frame.url);
}

/** The one permission the GUI needs: writing to the clipboard (its Copy buttons). */
const GUI_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** Whether a page may have a permission: the GUI its one, anything else nothing. */
export function permissionAllowed(permission: string, requestingUrl: string | undefined): boolean {
  return GUI_PERMISSIONS.has(permission) && isGuiUrl(requestingUrl);
}

/**
 * The file under `root` that a GUI URL names, or undefined for anything outside it: another
 * host, `..` (also percent-encoded), encoded separators, NUL bytes.
 */
export function guiFile(url: string, root: string): string | undefined {
  if (!isGuiUrl(url)) return undefined;
  const { pathname } = new URL(url);
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  // A separator or NUL that arrived encoded was never a path segment boundary in the URL.
  if (/%2f|%5c|%00/i.test(pathname) || path.includes('\0')) return undefined;
  const relative = normalize(path === '/' ? 'index.html' : path.slice(1));
  if (isAbsolute(relative) || relative === '..' || relative.startsWith(`..${sep}`)) {
    return undefined;
  }
  return join(root, relative);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Module scripts load only with a JavaScript type: the GUI's files have known ones. */
export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The answer to a request on the GUI's scheme: the file under `root` (inside app.asar when
 * packaged; Electron's fs reads it) with its type and the GUI's CSP, as the server sends them.
 */
export async function guiResponse(url: string, root: string): Promise<Response> {
  const file = guiFile(url, root);
  const notFound = () => new Response('Not found', { status: 404 });
  if (!file) return notFound();
  try {
    return new Response(await readFile(file), {
      headers: {
        'content-type': contentType(file),
        'content-security-policy': GUI_CSP,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return notFound();
  }
}
