import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmod,
  lstat,
  mkdir,
  readdir,
  readFile,
  stat,
  symlink,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path, { dirname, join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { ClientConfigError } from './client-config-error.ts';
import { clientLinks } from './client-links.ts';
import { CLAUDE_STORE_PACKAGE } from './client-places.ts';
import { MAX_CONFIG_BYTES } from './config-file.ts';

// The file work on real files, under a temporary home laid out as Linux's (and, where said,
// macOS's or Windows's layout joined with this host's separator: a Windows path cannot be
// opened here).

const COMMAND = ['/opt/mcp-isolate/node', '/opt/mcp-isolate/bin/mcp-isolate.mjs', '--stdio'];
const OLD_COMMAND = ['/data/app/0.1.0/node', '/data/app/0.1.0/bin/mcp-isolate.mjs', '--stdio'];

async function home(platform: NodeJS.Platform = 'linux') {
  const dir = await tempDir('mcp-isolate-clients-');
  const env = {
    APPDATA: join(dir, 'AppData', 'Roaming'),
    LOCALAPPDATA: join(dir, 'AppData', 'Local'),
  };
  const links = clientLinks({ platform, home: dir, env, path }, () => COMMAND);
  return { dir, links };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

async function put(file: string, text: string) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

async function refusal(promise: Promise<unknown>): Promise<ClientConfigError> {
  const error = await promise.then(
    () => assert.fail('the change was not refused'),
    (error: unknown) => error,
  );
  assert.ok(error instanceof ClientConfigError, String(error));
  return error;
}

test('a client without its folder is not installed, and connecting it is refused', async () => {
  const { links } = await home();
  const clients = await links.list();
  assert.deepEqual(
    clients.map((client) => [client.id, client.state]),
    [
      ['claude-desktop', 'not-installed'],
      ['claude-code', 'not-installed'],
      ['cursor', 'not-installed'],
      ['vscode', 'not-installed'],
      ['windsurf', 'not-installed'],
    ],
  );
  const error = await refusal(links.connect('cursor'));
  assert.equal(error.code, 'client_not_installed');
  assert.match(error.message, /Cursor is not installed .*\.cursor/);
});

test('connecting a client whose file is missing creates the file with just the entry', async () => {
  const { dir, links } = await home();
  await mkdir(join(dir, '.cursor'));
  assert.equal((await links.list()).find((c) => c.id === 'cursor')?.state, 'not-connected');
  const change = await links.connect('cursor');
  const file = join(dir, '.cursor', 'mcp.json');
  assert.equal(change.client.configPath, file);
  assert.equal(change.client.state, 'connected');
  assert.equal(change.backupPath, undefined);
  assert.match(change.result, /^Connected: "mcp-isolate" under "mcpServers" runs this MCP Isolate/);
  assert.equal(
    await readFile(file, 'utf8'),
    json({ mcpServers: { 'mcp-isolate': { command: COMMAND[0], args: COMMAND.slice(1) } } }),
  );
  assert.equal((await stat(file)).mode & 0o777, 0o600);
});

test('connecting keeps every other server and key, in order, and backs the old file up beside it', async () => {
  const { dir, links } = await home();
  const file = join(dir, '.config', 'Claude', 'claude_desktop_config.json');
  const original = json({
    globalShortcut: 'Ctrl+Space',
    mcpServers: { files: { command: 'npx', args: ['-y', 'files'], env: { ROOT: '/' } } },
    preferences: { theme: 'dark', zoom: 1.25 },
  });
  await put(file, original);
  await chmod(file, 0o644);
  const change = await links.connect('claude-desktop');
  assert.equal(change.backupPath, `${file}.mcp-isolate-backup`);
  assert.equal(await readFile(`${file}.mcp-isolate-backup`, 'utf8'), original);
  const written = await readFile(file, 'utf8');
  assert.equal(
    written,
    json({
      globalShortcut: 'Ctrl+Space',
      mcpServers: {
        files: { command: 'npx', args: ['-y', 'files'], env: { ROOT: '/' } },
        'mcp-isolate': { command: COMMAND[0], args: COMMAND.slice(1) },
      },
      preferences: { theme: 'dark', zoom: 1.25 },
    }),
  );
  // The file keeps its mode, and the write left no temporary file beside it.
  assert.equal((await stat(file)).mode & 0o777, 0o644);
  assert.deepEqual((await readdir(dirname(file))).sort(), [
    'claude_desktop_config.json',
    'claude_desktop_config.json.mcp-isolate-backup',
  ]);
  // Connecting again changes nothing.
  const again = await links.connect('claude-desktop');
  assert.match(again.result, /^Already connected/);
  assert.equal(await readFile(file, 'utf8'), written);
});

test('each client gets its own entry shape: Claude Code with type and env, VS Code under servers', async () => {
  const { dir, links } = await home();
  await mkdir(join(dir, '.claude'));
  await mkdir(join(dir, '.config', 'Code', 'User'), { recursive: true });
  await put(
    join(dir, '.claude.json'),
    json({ numStartups: 3, projects: { '/p': { mcpServers: {} } } }),
  );
  await links.connect('claude-code');
  await links.connect('vscode');
  assert.deepEqual(await readJson(join(dir, '.claude.json')), {
    numStartups: 3,
    projects: { '/p': { mcpServers: {} } },
    mcpServers: {
      'mcp-isolate': { type: 'stdio', command: COMMAND[0], args: COMMAND.slice(1), env: {} },
    },
  });
  assert.deepEqual(await readJson(join(dir, '.config', 'Code', 'User', 'mcp.json')), {
    servers: { 'mcp-isolate': { type: 'stdio', command: COMMAND[0], args: COMMAND.slice(1) } },
  });
});

test('an entry with an old command is outdated, and connecting repairs it in place, keeping its own env', async () => {
  const { dir, links } = await home();
  const file = join(dir, '.codeium', 'windsurf', 'mcp_config.json');
  await put(
    file,
    json({
      mcpServers: {
        'mcp-isolate': { command: OLD_COMMAND[0], args: OLD_COMMAND.slice(1), env: { A: '1' } },
        other: { command: 'other' },
      },
    }),
  );
  const before = (await links.list()).find((client) => client.id === 'windsurf');
  assert.equal(before?.state, 'outdated');
  const change = await links.connect('windsurf');
  assert.equal(change.client.state, 'connected');
  assert.match(change.result, /^Repaired/);
  assert.deepEqual(await readJson(file), {
    mcpServers: {
      'mcp-isolate': { command: COMMAND[0], args: COMMAND.slice(1), env: { A: '1' } },
      other: { command: 'other' },
    },
  });
});

test('disconnecting removes only MCP Isolate’s entry', async () => {
  const { dir, links } = await home();
  const file = join(dir, '.cursor', 'mcp.json');
  await put(
    file,
    json({
      mcpServers: {
        first: { url: 'https://a.example/mcp' },
        'mcp-isolate': { command: COMMAND[0], args: COMMAND.slice(1) },
        last: { command: 'last' },
      },
      other: true,
    }),
  );
  const change = await links.disconnect('cursor');
  assert.equal(change.client.state, 'not-connected');
  assert.match(change.result, /^Disconnected/);
  assert.equal(
    await readFile(file, 'utf8'),
    json({
      mcpServers: { first: { url: 'https://a.example/mcp' }, last: { command: 'last' } },
      other: true,
    }),
  );
  const nothing = await links.disconnect('cursor');
  assert.match(nothing.result, /^Not connected/);
});

test('a file with comments, invalid JSON or a non-object is refused and left unchanged byte for byte', async () => {
  const { dir, links } = await home();
  await mkdir(join(dir, '.config', 'Code', 'User'), { recursive: true });
  const file = join(dir, '.config', 'Code', 'User', 'mcp.json');
  const cases = [
    ['// my servers\n{ "servers": {} }\n', /has comments/],
    ['{ "servers": { "a": {}, } }', /is not valid JSON/],
    ['[1, 2]', /does not hold a JSON object/],
    ['{ "servers": [] }', /"servers" in .* is not an object/],
  ] as const;
  for (const [text, problem] of cases) {
    await writeFile(file, text);
    const listed = (await links.list()).find((client) => client.id === 'vscode');
    assert.equal(listed?.state, 'not-connected');
    assert.match(listed?.problem ?? '', problem);
    for (const change of [links.connect('vscode'), links.disconnect('vscode')]) {
      const error = await refusal(change);
      assert.equal(error.code, 'client_config_refused');
      assert.match(error.message, problem);
      assert.match(error.message, /mcp\.json/);
    }
    assert.equal(await readFile(file, 'utf8'), text);
    assert.deepEqual(await readdir(dirname(file)), ['mcp.json']);
  }
});

test('a config over 256 MiB is refused without being read', async () => {
  const { dir, links } = await home();
  const file = join(dir, '.cursor', 'mcp.json');
  await put(file, '');
  // Sparse: its size is past the bound, though the disk holds none of it.
  await truncate(file, MAX_CONFIG_BYTES + 1);
  const error = await refusal(links.connect('cursor'));
  assert.match(error.message, /larger than 256 MiB/);
});

test('a config that is a link is changed where it points, and stays a link', async () => {
  const { dir, links } = await home();
  const real = join(dir, 'dotfiles', 'mcp.json');
  await put(real, json({ mcpServers: {} }));
  await mkdir(join(dir, '.cursor'));
  await symlink(real, join(dir, '.cursor', 'mcp.json'));
  const change = await links.connect('cursor');
  assert.equal(change.backupPath, `${real}.mcp-isolate-backup`);
  assert.ok((await readJson(real)).mcpServers['mcp-isolate']);
  assert.ok((await lstat(join(dir, '.cursor', 'mcp.json'))).isSymbolicLink());
  assert.deepEqual((await readdir(join(dir, '.cursor'))).sort(), ['mcp.json']);
});

test('on macOS’s layout (joined with this host’s separator), Claude Desktop is found in Application Support', async () => {
  const { dir, links } = await home('darwin');
  const folder = join(dir, 'Library', 'Application Support', 'Claude');
  await mkdir(folder, { recursive: true });
  const change = await links.connect('claude-desktop');
  assert.equal(change.client.configPath, join(folder, 'claude_desktop_config.json'));
  assert.ok((await readJson(change.client.configPath)).mcpServers['mcp-isolate']);
});

test('on Windows’s layout (joined with this host’s separator), the Store build’s folder wins when it exists', async () => {
  const { dir, links } = await home('win32');
  const classic = join(dir, 'AppData', 'Roaming', 'Claude');
  const store = join(dir, 'AppData', 'Local', 'Packages', CLAUDE_STORE_PACKAGE);
  const desktop = async () => (await links.list()).find((client) => client.id === 'claude-desktop');
  assert.equal((await desktop())?.configPath, join(classic, 'claude_desktop_config.json'));
  await mkdir(classic, { recursive: true });
  assert.equal((await desktop())?.state, 'not-connected');
  assert.equal((await desktop())?.configPath, join(classic, 'claude_desktop_config.json'));
  await mkdir(store, { recursive: true });
  const storeFile = join(store, 'LocalCache', 'Roaming', 'Claude', 'claude_desktop_config.json');
  assert.equal((await desktop())?.configPath, storeFile);
  await links.connect('claude-desktop');
  assert.ok((await readJson(storeFile)).mcpServers['mcp-isolate']);
});

test('an HTTP entry pasted into Claude Code is outdated, and repairing it leaves no URL or token', async () => {
  const { dir, links } = await home();
  const file = join(dir, '.claude.json');
  await put(
    file,
    json({
      mcpServers: {
        'mcp-isolate': {
          type: 'http',
          url: 'http://127.0.0.1:3000/mcp',
          headers: { Authorization: 'Bearer SECRET' },
        },
      },
    }),
  );
  const listed = (await links.list()).find((client) => client.id === 'claude-code');
  assert.deepEqual([listed?.state, listed?.problem], ['outdated', undefined]);
  assert.match((await links.connect('claude-code')).result, /^Repaired/);
  assert.deepEqual(await readJson(file), {
    mcpServers: {
      'mcp-isolate': { type: 'stdio', command: COMMAND[0], args: COMMAND.slice(1), env: {} },
    },
  });
});

test('a folder the server cannot write is a refusal naming the file and why, and the file stays', async () => {
  const { dir, links } = await home();
  const folder = join(dir, '.cursor');
  const file = join(folder, 'mcp.json');
  const text = json({ mcpServers: {} });
  await put(file, text);
  // Root writes any folder whatever its mode: for root, the folder is made immutable instead.
  const root = process.getuid?.() === 0;
  if (root) execFileSync('chattr', ['+i', folder]);
  else await chmod(folder, 0o555);
  try {
    const error = await refusal(links.connect('cursor'));
    assert.equal(error.code, 'client_config_refused');
    assert.match(
      error.message,
      /mcp\.json could not be changed: .*\((EPERM|EACCES)\)\. It is left as it was/,
    );
  } finally {
    if (root) execFileSync('chattr', ['-i', folder]);
    else await chmod(folder, 0o755);
  }
  assert.equal(await readFile(file, 'utf8'), text);
  assert.deepEqual(await readdir(folder), ['mcp.json']);
});

test('a folder at the backup’s name is a refusal that says so, and the file stays', async () => {
  const { dir, links } = await home();
  const file = join(dir, '.cursor', 'mcp.json');
  const text = json({ mcpServers: {} });
  await put(file, text);
  await mkdir(`${file}.mcp-isolate-backup`);
  const error = await refusal(links.connect('cursor'));
  assert.equal(error.code, 'client_config_refused');
  assert.match(
    error.message,
    /mcp\.json could not be changed: a folder stands where a file was to be written at .*mcp\.json\.mcp-isolate-backup \(EISDIR\)/,
  );
  assert.equal(await readFile(file, 'utf8'), text);
  assert.deepEqual((await readdir(dirname(file))).sort(), [
    'mcp.json',
    'mcp.json.mcp-isolate-backup',
  ]);
});

test('a listing reads a file again only when it changed, and a change always reads it afresh', async () => {
  const { dir, links } = await home();
  const file = join(dir, '.cursor', 'mcp.json');
  const entry = (command: string) =>
    json({ mcpServers: { 'mcp-isolate': { command, args: COMMAND.slice(1) } } });
  const cursor = async () => (await links.list()).find((client) => client.id === 'cursor');
  // The same size, inode and time of change: to a listing, the same file.
  const sameIdentity = async (text: string) => {
    await writeFile(file, text);
    await utimes(file, 1_000_000, 1_000_000);
  };
  await put(file, '');
  await sameIdentity(entry('/old/node'.padEnd(COMMAND[0]?.length ?? 0, '_')));
  assert.equal((await cursor())?.state, 'outdated');
  await sameIdentity(entry(COMMAND[0] ?? ''));
  assert.equal((await cursor())?.state, 'outdated', 'an unchanged file is not read again');
  // A connect reads the file itself, and finds it connected.
  assert.match((await links.connect('cursor')).result, /^Already connected/);
  await utimes(file, 2_000_000, 2_000_000);
  assert.equal((await cursor())?.state, 'connected');
});

test('a relative home is no home: no client is installed, and nothing is read from the working folder', async () => {
  const dir = await tempDir('mcp-isolate-clients-');
  await put(join(dir, '.cursor', 'mcp.json'), json({ mcpServers: {} }));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    for (const relative of ['', '.', 'home']) {
      const links = clientLinks(
        { platform: 'linux', home: relative, env: {}, path },
        () => COMMAND,
      );
      const states = (await links.list()).map((client) => client.state);
      assert.deepEqual(new Set(states), new Set(['not-installed']), relative);
      assert.equal((await refusal(links.connect('cursor'))).code, 'client_not_installed');
    }
  } finally {
    process.chdir(cwd);
  }
  assert.deepEqual(await readdir(join(dir, '.cursor')), ['mcp.json']);
});
