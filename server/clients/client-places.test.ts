import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CLAUDE_STORE_PACKAGE, clientPlaces, thisHost } from './client-places.ts';

const paths = (places: ReturnType<typeof clientPlaces>) =>
  Object.fromEntries(
    Object.entries(places).map(([id, list]) => [id, list.map((place) => place.configPath)]),
  );

test('on macOS, Claude Desktop and VS Code keep their config in Application Support', () => {
  assert.deepEqual(paths(clientPlaces({ platform: 'darwin', home: '/Users/ann', env: {} })), {
    'claude-desktop': ['/Users/ann/Library/Application Support/Claude/claude_desktop_config.json'],
    'claude-code': ['/Users/ann/.claude.json'],
    cursor: ['/Users/ann/.cursor/mcp.json'],
    vscode: ['/Users/ann/Library/Application Support/Code/User/mcp.json'],
    windsurf: ['/Users/ann/.codeium/windsurf/mcp_config.json'],
  });
});

test('on Windows, Claude Desktop is looked for in the Store build folder first, then in APPDATA', () => {
  const places = clientPlaces({
    platform: 'win32',
    home: 'C:\\Users\\ann',
    env: { APPDATA: 'D:\\Roaming', LOCALAPPDATA: 'D:\\Local' },
  });
  assert.deepEqual(paths(places), {
    'claude-desktop': [
      `D:\\Local\\Packages\\${CLAUDE_STORE_PACKAGE}\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`,
      'D:\\Roaming\\Claude\\claude_desktop_config.json',
    ],
    'claude-code': ['C:\\Users\\ann\\.claude.json'],
    cursor: ['C:\\Users\\ann\\.cursor\\mcp.json'],
    vscode: ['D:\\Roaming\\Code\\User\\mcp.json'],
    windsurf: ['C:\\Users\\ann\\.codeium\\windsurf\\mcp_config.json'],
  });
  // The Store build counts as installed when its package folder exists.
  assert.deepEqual(places['claude-desktop'][0]?.installedIf, [
    `D:\\Local\\Packages\\${CLAUDE_STORE_PACKAGE}`,
  ]);
  assert.deepEqual(places['claude-desktop'][1]?.installedIf, ['D:\\Roaming\\Claude']);
});

test('on Windows without APPDATA and LOCALAPPDATA, their usual folders under the home are used', () => {
  const places = clientPlaces({ platform: 'win32', home: 'C:\\Users\\ann', env: {} });
  assert.deepEqual(paths(places)['claude-desktop'], [
    `C:\\Users\\ann\\AppData\\Local\\Packages\\${CLAUDE_STORE_PACKAGE}\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`,
    'C:\\Users\\ann\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
  ]);
});

test('on Linux, XDG_CONFIG_HOME is respected when absolute, else ~/.config is used', () => {
  const xdg = paths(
    clientPlaces({ platform: 'linux', home: '/home/ann', env: { XDG_CONFIG_HOME: '/cfg' } }),
  );
  assert.deepEqual(xdg, {
    'claude-desktop': ['/cfg/Claude/claude_desktop_config.json'],
    'claude-code': ['/home/ann/.claude.json'],
    cursor: ['/home/ann/.cursor/mcp.json'],
    vscode: ['/cfg/Code/User/mcp.json'],
    windsurf: ['/home/ann/.codeium/windsurf/mcp_config.json'],
  });
  for (const env of [{}, { XDG_CONFIG_HOME: 'relative/cfg' }]) {
    const plain = paths(clientPlaces({ platform: 'linux', home: '/home/ann', env }));
    assert.deepEqual(plain['claude-desktop'], [
      '/home/ann/.config/Claude/claude_desktop_config.json',
    ]);
    assert.deepEqual(plain.vscode, ['/home/ann/.config/Code/User/mcp.json']);
  }
});

test('Claude Code counts as installed with either ~/.claude.json or ~/.claude', () => {
  const places = clientPlaces({ platform: 'linux', home: '/home/ann', env: {} });
  assert.deepEqual(places['claude-code'][0]?.installedIf, [
    '/home/ann/.claude.json',
    '/home/ann/.claude',
  ]);
  assert.deepEqual(places.cursor[0]?.installedIf, ['/home/ann/.cursor']);
  assert.deepEqual(places.vscode[0]?.installedIf, ['/home/ann/.config/Code/User']);
  assert.deepEqual(places.windsurf[0]?.installedIf, ['/home/ann/.codeium/windsurf']);
});

test('a relative APPDATA or LOCALAPPDATA is ignored for the usual folders under the home', () => {
  const places = clientPlaces({
    platform: 'win32',
    home: 'C:\\Users\\ann',
    env: { APPDATA: 'AppData', LOCALAPPDATA: '.' },
  });
  assert.deepEqual(paths(places)['claude-desktop'], [
    `C:\\Users\\ann\\AppData\\Local\\Packages\\${CLAUDE_STORE_PACKAGE}\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`,
    'C:\\Users\\ann\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
  ]);
});

test('with a relative or empty home, no place has a mark of its client being installed', () => {
  for (const home of ['', 'ann', '.']) {
    const places = clientPlaces({ platform: 'linux', home, env: { XDG_CONFIG_HOME: '/cfg' } });
    for (const place of Object.values(places).flat()) assert.deepEqual(place.installedIf, []);
  }
});

test('this host’s home is the account’s own when HOME is empty or relative, and relative folders are dropped', () => {
  const saved = { ...process.env };
  try {
    for (const HOME of ['', 'relative/home']) {
      Object.assign(process.env, { HOME, APPDATA: 'AppData', XDG_CONFIG_HOME: 'cfg' });
      const host = thisHost();
      assert.ok(path.isAbsolute(host.home), host.home);
      assert.equal(host.home, userInfo().homedir);
      assert.deepEqual(host.env, {});
    }
  } finally {
    for (const name of ['HOME', 'APPDATA', 'XDG_CONFIG_HOME']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
});
