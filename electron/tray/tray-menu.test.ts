import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { McpClient } from '../../contract/mcp-clients.ts';
import { oneLine, type TrayState, trayIcon, trayMenu } from './tray-menu.ts';

const running: TrayState = {
  server: 'running',
  mcpRunning: true,
  url: 'http://127.0.0.1:7717',
  launchAtLogin: false,
};
const item = (state: TrayState, action: string) =>
  trayMenu(state).find((entry) => entry.action === action);

test('running: stop, copy the URL and the Claude config; the icon says running', () => {
  assert.equal(trayIcon(running), 'running');
  assert.equal(item(running, 'toggle-server')?.label, 'Stop server');
  assert.equal(item(running, 'copy-url')?.enabled, true);
  assert.equal(item(running, 'copy-claude-config')?.enabled, true);
  assert.match(trayMenu(running)[0]?.label ?? '', /running at http:\/\/127.0.0.1:7717/);
});

test('MCP switched off: start again; no URL to copy; the icon says stopped', () => {
  const off = { ...running, mcpRunning: false };
  assert.equal(trayIcon(off), 'stopped');
  assert.equal(item(off, 'toggle-server')?.label, 'Start server');
  assert.equal(item(off, 'copy-url')?.enabled, false);
});

test('crashed: the icon says error, the menu says why, and start is offered', () => {
  const crashed: TrayState = {
    server: 'crashed',
    mcpRunning: false,
    problem: 'port 7717 on 127.0.0.1 is in use',
    launchAtLogin: true,
  };
  assert.equal(trayIcon(crashed), 'error');
  assert.match(trayMenu(crashed)[0]?.label ?? '', /port 7717 on 127.0.0.1 is in use/);
  assert.equal(item(crashed, 'toggle-server')?.enabled, true);
  assert.equal(item(crashed, 'copy-claude-config')?.enabled, false);
  assert.equal(item(crashed, 'toggle-launch-at-login')?.checked, true);
});

test('starting: nothing to toggle yet; open and quit are always there', () => {
  const starting: TrayState = { server: 'starting', mcpRunning: false, launchAtLogin: false };
  assert.equal(item(starting, 'toggle-server')?.enabled, false);
  assert.equal(item(starting, 'open-window')?.enabled, true);
  assert.equal(item(starting, 'quit')?.enabled, true);
});

test('a long, many-line crash shows as one short line; open logs is always there', () => {
  const crashed: TrayState = {
    server: 'crashed',
    mcpRunning: false,
    problem: `data directory in use by process 4242 (${'x'.repeat(200)})\n    at Object.<anonymous>`,
    launchAtLogin: false,
  };
  const label = trayMenu(crashed)[0]?.label ?? '';
  assert.ok(label.length <= 80, label);
  assert.doesNotMatch(label, /\n/);
  assert.match(label, /^MCP Isolate stopped: data directory in use by process 4242/);
  assert.match(label, /…$/);
  assert.equal(item(crashed, 'open-logs')?.enabled, true);
});

test('Connect a client lists the clients: ticked when connected, a click connects, repairs or disconnects, and one that cannot be changed says why', () => {
  const client = (id: McpClient['id'], name: string, state: McpClient['state'], problem?: string) =>
    ({
      id,
      name,
      configPath: `/home/u/${id}.json`,
      state,
      ...(problem && { problem }),
    }) as McpClient;
  const state: TrayState = {
    ...running,
    clients: [
      client('claude-desktop', 'Claude Desktop', 'connected'),
      client('claude-code', 'Claude Code', 'not-connected'),
      client('cursor', 'Cursor', 'outdated'),
      client('vscode', 'VS Code', 'not-connected', 'mcp.json has comments'),
      client('windsurf', 'Windsurf', 'not-installed'),
    ],
  };
  const submenu = trayMenu(state).find((entry) => entry.label === 'Connect a client')?.submenu;
  assert.deepEqual(submenu, [
    {
      label: 'Claude Desktop',
      action: { client: 'claude-desktop', change: 'disconnect' },
      enabled: true,
      checked: true,
    },
    {
      label: 'Claude Code',
      action: { client: 'claude-code', change: 'connect' },
      enabled: true,
      checked: false,
    },
    {
      label: 'Cursor: connected with an outdated path (repair)',
      action: { client: 'cursor', change: 'connect' },
      enabled: true,
      checked: false,
    },
    { label: 'VS Code: its config file needs fixing (see the window)', enabled: false },
    { label: 'Windsurf: not installed', enabled: false },
  ]);
  // The server does the file work: while it is not running, nothing is offered.
  const stopped = trayMenu({ ...state, server: 'stopped' }).find(
    (entry) => entry.label === 'Connect a client',
  );
  assert.ok(stopped?.submenu?.every((entry) => !entry.enabled));
  // Before the server has listed them, no submenu at all.
  assert.equal(
    trayMenu(running).some((entry) => entry.label === 'Connect a client'),
    false,
  );
});

test('the Claude Desktop item copies an entry to merge, and says so', () => {
  assert.equal(item(running, 'copy-claude-config')?.label, 'Copy Claude Desktop entry');
});

test('a problem for the tray is one line of at most 80 characters, cut at a word', () => {
  assert.equal(oneLine('short\n  and   plain '), 'short and plain');
  const long =
    "cannot start the server's runtime /Applications/MCP Isolate.app/Contents/Resources/runtime/bin/node: it does not exist (ENOENT)";
  const short = oneLine(long);
  assert.ok(short.length <= 80, short);
  assert.ok(short.endsWith('…'));
  assert.ok(long.startsWith(short.slice(0, -1)), 'a prefix of the problem');
  assert.equal(oneLine('a'.repeat(100), 10), `${'a'.repeat(9)}…`, 'a word too long is cut inside');
  assert.equal(oneLine('one two three four', 12), 'one two…');
});

test('each update state shows its line under the server status, and the items it allows', () => {
  const lines = (update: TrayState['update']) => {
    const menu = trayMenu({ ...running, update });
    return {
      line: menu[1]?.enabled === false ? menu[1].label : undefined,
      check: menu.find((entry) => entry.action === 'check-for-updates')?.enabled,
      restart: menu.find((entry) => entry.action === 'restart-to-update')?.enabled,
    };
  };
  assert.deepEqual(lines(undefined), { line: undefined, check: undefined, restart: undefined });
  assert.deepEqual(lines({ phase: 'idle' }), { line: undefined, check: true, restart: undefined });
  assert.deepEqual(lines({ phase: 'checking' }), {
    line: 'Checking for updates…',
    check: false,
    restart: undefined,
  });
  assert.deepEqual(lines({ phase: 'up-to-date' }), {
    line: 'Up to date',
    check: true,
    restart: undefined,
  });
  assert.deepEqual(lines({ phase: 'downloading', percent: 42.7, version: '0.2.0' }), {
    line: 'Downloading update 42%',
    check: false,
    restart: undefined,
  });
  assert.deepEqual(lines({ phase: 'ready', version: '0.2.0' }), {
    line: 'Update 0.2.0 ready',
    check: false,
    restart: true,
  });
  const failed = lines({
    phase: 'failed',
    reason: `net::ERR_INTERNET_DISCONNECTED\n${'x'.repeat(200)}`,
  });
  assert.match(failed.line ?? '', /^Update failed: net::ERR_INTERNET_DISCONNECTED/);
  assert.ok((failed.line ?? '').length <= 80);
  assert.equal(failed.check, true);
});
