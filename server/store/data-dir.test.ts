import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataLayout, defaultDataDir } from './data-dir.ts';

test('the default data directory is the platform application-data folder', () => {
  const home = '/home/ada';
  assert.equal(
    defaultDataDir({ platform: 'linux', env: {}, home }),
    '/home/ada/.config/MCP Isolate',
  );
  assert.equal(
    defaultDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, home }),
    '/xdg/MCP Isolate',
  );
  assert.equal(
    defaultDataDir({ platform: 'darwin', env: {}, home }),
    '/home/ada/Library/Application Support/MCP Isolate',
  );
  assert.match(
    defaultDataDir({
      platform: 'win32',
      env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
      home,
    }),
    /Roaming.MCP Isolate$/,
  );
});

test('MCP_ISOLATE_DATA_DIR overrides the default', () => {
  assert.equal(
    defaultDataDir({ platform: 'linux', env: { MCP_ISOLATE_DATA_DIR: '/data' }, home: '/h' }),
    '/data',
  );
});

test('the layout names every file of a data directory', () => {
  const layout = dataLayout('/d');
  assert.equal(layout.journal('s1'), '/d/sessions/s1/journal.jsonl');
  assert.equal(layout.sessionMeta('s1'), '/d/sessions/s1/session.json');
  assert.equal(layout.snapshot('abc'), '/d/snapshots/abc.snap');
  assert.equal(layout.runHistory('s1'), '/d/sessions/s1/runs.jsonl');
  assert.equal(layout.adminToken, '/d/admin-token');
  assert.equal(dataLayout('/d', 'linux').controlSocket, '/d/run/control.sock');
  // A named pipe on Windows, one per data directory, whatever the case of its path.
  const pipe = dataLayout('C:\\Users\\Me\\Data', 'win32').controlSocket;
  assert.match(pipe, /^\\\\\.\\pipe\\mcp-isolate-[0-9a-f]{24}$/);
  assert.equal(dataLayout('c:\\users\\me\\data', 'win32').controlSocket, pipe);
});
