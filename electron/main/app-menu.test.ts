import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction } from '../tray/tray-menu.ts';
import { applicationMenu } from './app-menu.ts';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);

const items = (menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  menu.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);

const ignore = { updates: false, act: () => undefined };

test('macOS gets a minimal menu with Edit, so copy and paste work, and no DevTools or reload', () => {
  const menu = applicationMenu('darwin', 'MCP Isolate', ignore);
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

test('on Linux, where the tray may not show, the window has a menu to open logs, check for updates and quit', () => {
  const acted: TrayAction[] = [];
  const menu = applicationMenu('linux', 'MCP Isolate', {
    updates: true,
    act: (action) => acted.push(action),
  });
  assert.ok(menu);
  const labelled = items(menu).filter((item) => item.click);
  assert.deepEqual(
    labelled.map((item) => item.label),
    ['Open Logs', 'Check for Updates…', 'Quit'],
  );
  for (const item of labelled) item.click?.({} as never, undefined, {} as never);
  assert.deepEqual(acted, ['open-logs', 'check-for-updates', 'quit']);
  assert.deepEqual(roles(menu), [], 'no stock roles: no DevTools, no reload');
});

test('a copy that does not update itself offers no update check', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    const menu = applicationMenu(platform, 'MCP Isolate', ignore) ?? [];
    assert.ok(!items(menu).some((item) => item.label === 'Check for Updates…'), platform);
  }
  const mac = applicationMenu('darwin', 'MCP Isolate', { updates: true, act: () => undefined });
  assert.ok(items(mac ?? []).some((item) => item.label === 'Check for Updates…'));
});

test('Windows, whose tray always shows, gets no menu bar at all rather than the stock one', () => {
  assert.equal(applicationMenu('win32', 'MCP Isolate', ignore), null);
});
