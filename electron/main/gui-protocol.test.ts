import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GUI_CSP, GUI_CSP_META } from '../../contract/gui-csp.ts';
import {
  contentType,
  GUI_INDEX_URL,
  guiFile,
  guiResponse,
  isGuiFrame,
  isGuiUrl,
  permissionAllowed,
} from './gui-protocol.ts';

const root = join('/app', 'renderer', 'dist');

test('GUI URLs map to files of the built GUI, the bare origin to index.html', () => {
  assert.equal(guiFile(GUI_INDEX_URL, root), join(root, 'index.html'));
  assert.equal(guiFile('mcp-isolate://gui/', root), join(root, 'index.html'));
  assert.equal(
    guiFile('mcp-isolate://gui/assets/index-a1b2.js?x=1#y', root),
    join(root, 'assets', 'index-a1b2.js'),
  );
  assert.equal(guiFile('mcp-isolate://gui/a%20b.css', root), join(root, 'a b.css'));
});

test('nothing outside the GUI folder is served, however the path is spelled', () => {
  // Dot segments, plain or encoded, are resolved by the URL itself: they stay inside the root.
  for (const url of [
    'mcp-isolate://gui/../../etc/passwd',
    'mcp-isolate://gui/%2e%2e/%2e%2e/etc/passwd',
    'mcp-isolate://gui/assets/../../../etc/passwd',
  ]) {
    assert.equal(guiFile(url, root), join(root, 'etc', 'passwd'), url);
  }
  for (const url of [
    'mcp-isolate://gui/assets%2f..%2f..%2fsecret',
    'mcp-isolate://gui/..%5c..%5csecret',
    'mcp-isolate://gui/index.html%00.png',
    'mcp-isolate://gui/%E0%A4%A',
    'mcp-isolate://other/index.html',
    'file:///etc/passwd',
    'https://gui/index.html',
  ]) {
    assert.equal(guiFile(url, root), undefined, url);
  }
});

test('only pages of the GUI count as the GUI for IPC', () => {
  assert.equal(isGuiUrl(GUI_INDEX_URL), true);
  assert.equal(isGuiUrl('mcp-isolate://gui/settings'), true);
  assert.equal(isGuiUrl('mcp-isolate://evil/index.html'), false);
  assert.equal(isGuiUrl('http://127.0.0.1:7717/'), false);
  assert.equal(isGuiUrl('file:///app/renderer/dist/index.html'), false);
  assert.equal(isGuiUrl(undefined), false);
  assert.equal(isGuiUrl('not a url'), false);
});

test("IPC trusts the GUI's top frame only, not a frame inside it or a missing one", () => {
  const top = { url: GUI_INDEX_URL, parent: null };
  assert.equal(isGuiFrame(top), true);
  assert.equal(isGuiFrame({ url: GUI_INDEX_URL, parent: top }), false);
  assert.equal(isGuiFrame({ url: 'https://example.com/', parent: null }), false);
  assert.equal(isGuiFrame(null), false);
});

test('the GUI is served with the types a module script and a stylesheet need', () => {
  assert.equal(contentType('/gui/assets/index-1.js'), 'text/javascript; charset=utf-8');
  assert.equal(contentType('/gui/index.HTML'), 'text/html; charset=utf-8');
  assert.equal(contentType('/gui/assets/index-1.css'), 'text/css; charset=utf-8');
  assert.equal(contentType('/gui/unknown.bin'), 'application/octet-stream');
});

test('the GUI may write to the clipboard for its Copy buttons, and no page may have anything else', () => {
  assert.equal(permissionAllowed('clipboard-sanitized-write', GUI_INDEX_URL), true);
  // A permission check names the origin only.
  assert.equal(permissionAllowed('clipboard-sanitized-write', 'mcp-isolate://gui'), true);
  assert.equal(permissionAllowed('clipboard-sanitized-write', 'https://example.com/'), false);
  for (const permission of [
    'clipboard-read',
    'media',
    'notifications',
    'geolocation',
    'openExternal',
  ]) {
    assert.equal(permissionAllowed(permission, GUI_INDEX_URL), false, permission);
  }
});

test("the GUI's files are sent with the one CSP the server sends, and its meta tag holds the same", async () => {
  const built = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));
  const index = await guiResponse(GUI_INDEX_URL, built);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-security-policy'), GUI_CSP);
  assert.match(GUI_CSP, /frame-ancestors 'none'/);
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  // `npm run build` writes the policy into the page; a meta tag cannot hold frame-ancestors.
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(await index.text());
  assert.equal(meta?.[1], GUI_CSP_META);
  assert.equal(GUI_CSP_META, GUI_CSP.replace("; frame-ancestors 'none'", ''));
  const missing = await guiResponse('mcp-isolate://gui/nothing-here.js', built);
  assert.equal(missing.status, 404);
});
