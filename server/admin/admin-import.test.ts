import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { McpServers } from '../../contract/mcp-servers.ts';
import { MASKED_SECRET } from '../../contract/net-policy.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import { countingStdio } from '../test-support/counting-mcp-server.ts';
import { freePort } from '../test-support/processes.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

// Importing the servers of the user's MCP clients into mcpServers through a real server's admin
// API, its home a temporary folder holding Claude Desktop's, Cursor's, VS Code's and Windsurf's
// files: the window sees each server and the names of its secrets, the server copies the values.
const home = await tempDir('mcp-isolate-home-');
const config = join(home, '.config');
const GITHUB_TOKEN = 'ghp_import-s3cret-token';
const COUNTING_SECRET = 'counting-import-s3cret';
const CURSOR_BEARER = 'Bearer cursor-s3cret-value';
const counting = countingStdio(join(await tempDir(), 'counts'));
const server = await startServerProcess([], {
  env: {
    HOME: home,
    XDG_CONFIG_HOME: config,
    MCP_ISOLATE_MCP_SERVERS: JSON.stringify({ github: { command: 'gh-mcp' } }),
  },
});
const { endpoints } = await callAdmin(server, 'getStatus');
const [ownProgram = '', ...ownArgs] = endpoints.stdioCommand;

async function put(path: string, text: string) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

await put(
  join(config, 'Claude', 'claude_desktop_config.json'),
  JSON.stringify({
    mcpServers: {
      'mcp-isolate': { command: ownProgram, args: ownArgs },
      'isolate-again': { command: ownProgram, args: ownArgs },
      counting: { ...counting, env: { ...counting.env, SECRET_TOKEN: COUNTING_SECRET } },
      github: { command: 'npx', args: ['-y', 'server-github'], env: { GITHUB_TOKEN } },
    },
  }),
);
await put(
  join(home, '.cursor', 'mcp.json'),
  JSON.stringify({
    mcpServers: {
      remote: { url: 'https://mcp.example.test/mcp', headers: { Authorization: CURSOR_BEARER } },
    },
  }),
);
// VS Code's file is JSON with comments, its servers under `servers`.
await put(
  join(config, 'Code', 'User', 'mcp.json'),
  `{
  // the user's own servers
  "inputs": [{ "type": "promptString", "id": "token", "password": true }],
  "servers": {
    "gh": { "type": "stdio", "command": "npx", "env": { "TOKEN": "\${input:token}" } },
    "web": { "type": "http", "url": "https://web.example.test/mcp" }
  }
}
`,
);
// A broken file, its error beside a secret: JSON.parse's message would quote it.
const WINDSURF_SECRET = 'windsurf-s3cret-value';
await put(
  join(home, '.codeium', 'windsurf', 'mcp_config.json'),
  `{ "mcpServers": { "w": { "command": "w", "env": { "K": ${WINDSURF_SECRET} } } } }`,
);

const settingsFile = async () =>
  JSON.parse(await readFile(join(server.dataDir, 'settings.json'), 'utf8')) as {
    mcpServers: McpServers;
  };

test('listImportableServers lists each installed client’s servers with the names of their secrets and never a value, leaving MCP Isolate’s own entry out', async () => {
  const answer = await callAdmin(server, 'listImportableServers');
  const text = JSON.stringify(answer);
  for (const secret of [
    GITHUB_TOKEN,
    COUNTING_SECRET,
    CURSOR_BEARER,
    WINDSURF_SECRET.slice(0, 10),
  ]) {
    assert.ok(!text.includes(secret), `${secret} reached the window`);
  }
  const clients = Object.fromEntries(answer.clients.map((found) => [found.client, found]));
  assert.deepEqual(Object.keys(clients), ['claude-desktop', 'cursor', 'vscode', 'windsurf']);
  const claude = clients['claude-desktop'];
  assert.deepEqual(
    claude?.servers.map(({ name, taken, secretKeys }) => [name, taken, secretKeys]),
    [
      ['counting', false, ['COUNT_FILE', 'SECRET_TOKEN']],
      ['github', true, ['GITHUB_TOKEN']],
    ],
  );
  assert.equal(claude?.servers[1]?.target, 'npx -y server-github');
  assert.deepEqual(clients.cursor?.servers, [
    {
      name: 'remote',
      transport: 'streamable-http',
      target: 'https://mcp.example.test/mcp',
      secretKeys: ['Authorization'],
      taken: false,
    },
  ]);
  const [gh, web] = clients.vscode?.servers ?? [];
  assert.match(gh?.problem ?? '', /\$\{…\} variables/);
  assert.equal(web?.transport, 'streamable-http');
  assert.equal(web?.problem, undefined);
  assert.match(clients.windsurf?.problem ?? '', /mcp_config\.json is not valid JSON$/);
  assert.deepEqual(clients.windsurf?.servers, []);
});

test('importMcpServers copies the servers with their secrets into settings.json, a taken name suffixed, and the imported server works', async () => {
  const answer = await callAdmin(server, 'importMcpServers', {
    client: 'claude-desktop',
    names: ['counting', 'github'],
  });
  assert.deepEqual(answer.problems, []);
  assert.deepEqual(answer.imported, [
    { from: 'counting', as: 'counting' },
    { from: 'github', as: 'github-2' },
  ]);
  assert.ok(answer.notices?.some((notice) => notice.includes('"github-2"')));
  assert.deepEqual(answer.settings?.mcpServers['github-2'], {
    command: 'npx',
    args: ['-y', 'server-github'],
    env: { GITHUB_TOKEN: MASKED_SECRET },
  });
  assert.ok(!JSON.stringify(answer).includes(GITHUB_TOKEN));
  const saved = await settingsFile();
  assert.deepEqual(saved.mcpServers.github, { command: 'gh-mcp' });
  assert.deepEqual(saved.mcpServers['github-2'], {
    command: 'npx',
    args: ['-y', 'server-github'],
    env: { GITHUB_TOKEN },
  });
  const tried = await callAdmin(server, 'tryUpstreamTool', {
    name: 'counting',
    tool: 'echo',
    arguments: { message: 'imported' },
  });
  assert.deepEqual(tried.result?.content, [{ type: 'text', text: 'imported' }]);
  assert.equal(
    (saved.mcpServers.counting as { env: Record<string, string> }).env.SECRET_TOKEN,
    COUNTING_SECRET,
  );
});

test('a server whose client fills in an input variable is imported disabled saying why, and a file that cannot be read imports nothing', async () => {
  const vscode = await callAdmin(server, 'importMcpServers', { client: 'vscode', names: ['gh'] });
  assert.deepEqual(vscode.imported, [{ from: 'gh', as: 'gh' }]);
  assert.equal(vscode.settings?.mcpServers.gh?.disabled, true);
  assert.ok(vscode.notices?.some((notice) => /"gh" is imported disabled/.test(notice)));
  const before = await settingsFile();
  const windsurf = await callAdmin(server, 'importMcpServers', {
    client: 'windsurf',
    names: ['any'],
  });
  assert.deepEqual(windsurf.imported, []);
  assert.match(windsurf.problems[0]?.message ?? '', /not valid JSON/);
  assert.deepEqual(await settingsFile(), before);
});

// Last: it moves the server to another port.
test('an import made while a save moves the port is kept, not written over by that save', async () => {
  const settings = await callAdmin(server, 'getSettings');
  const port = await freePort();
  const [moved, imported] = await Promise.all([
    callAdmin(server, 'updateSettings', { settings: { ...settings, port } }),
    callAdmin(server, 'importMcpServers', { client: 'cursor', names: ['remote'] }),
  ]);
  assert.deepEqual(moved.problems, []);
  assert.deepEqual(imported.imported, [{ from: 'remote', as: 'remote' }]);
  const saved = await settingsFile();
  assert.equal((saved as { port?: number }).port, port);
  assert.ok(Object.hasOwn(saved.mcpServers, 'remote'), Object.keys(saved.mcpServers).join());
});
