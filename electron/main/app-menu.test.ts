import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenu } from './app-menu.ts';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);

test('macOS gets a minimal menu with Edit, so copy and paste work, and no DevTools or reload', () => {
  const menu = applicationMenu('darwin', 'MCP Isolate');
  assert.ok(menu);
  assert.deepEqual(
    menu.map((item) => item.label),
    ['MCP Isolate', 'Edit', 'Window'],
  );
  const all = roles(menu);
  for (const role of ['copy', 'paste', 'cut', 'selectAll', 'undo', 'quit']) {
    assert.ok(all.includes(role), role);
  }
  for (const role of ['toggleDevTools', 'reload', 'forceReload', 'viewMenu']) {
    assert.ok(!all.includes(role), role);
  }
});

test('Windows and Linux get no menu bar at all rather than the stock one', () => {
  assert.equal(applicationMenu('win32', 'MCP Isolate'), null);
  assert.equal(applicationMenu('linux', 'MCP Isolate'), null);
});
