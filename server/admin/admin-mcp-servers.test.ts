import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpServers } from '../../contract/mcp-servers.ts';
import { MASKED_SECRET } from '../../contract/net-policy.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import { hostileStdio } from '../test-support/hostile-mcp-server.ts';
import { childrenOf } from '../test-support/processes.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

// The mcpServers setting through a real server's admin API, as the window reads and saves it:
// given as a variable, shown masked, its secrets kept only where they were given.
const TOKEN = 'ghp_admin-s3cret-token';
const BEARER = 'Bearer lin_admin-s3cret';
const GIVEN: McpServers = {
  github: { command: 'npx', args: ['-y', 'server-github'], env: { GITHUB_TOKEN: TOKEN } },
  linear: { url: 'https://mcp.linear.test/mcp', headers: { Authorization: BEARER } },
};
const server = await startServerProcess([], {
  env: { MCP_ISOLATE_MCP_SERVERS: JSON.stringify(GIVEN) },
});
const settingsFile = () =>
  readFile(join(server.dataDir, 'settings.json'), 'utf8').then((text) => JSON.parse(text));

/** Every file in the data directory holding `text`. */
async function filesHolding(text: string): Promise<string[]> {
  const holding = [];
  for (const entry of await readdir(server.dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path).catch(() => Buffer.alloc(0))).includes(text)) holding.push(path);
  }
  return holding;
}

test('the admin API shows the servers with every env and header value masked', async () => {
  const { mcpServers, mcpCalls, mcpResultBytes, mcpTotalBytes } = await callAdmin(
    server,
    'getSettings',
  );
  assert.deepEqual(mcpServers, {
    github: {
      command: 'npx',
      args: ['-y', 'server-github'],
      env: { GITHUB_TOKEN: MASKED_SECRET },
    },
    linear: { url: 'https://mcp.linear.test/mcp', headers: { Authorization: MASKED_SECRET } },
  });
  assert.deepEqual([mcpCalls, mcpResultBytes, mcpTotalBytes], [100, 10 * 2 ** 20, 32 * 2 ** 20]);
});

test('a save sending the masks back keeps the secrets, and a typed value is saved but never sent back', async () => {
  const { mcpServers: shown } = await callAdmin(server, 'getSettings');
  const saved = await callAdmin(server, 'updateSettings', {
    settings: {
      mcpServers: {
        ...shown,
        github: { ...shown.github, allowTools: ['get_*', '!delete_*'] },
        docs: { url: 'http://127.0.0.1:1/sse', headers: { 'X-Key': 'docs-s3cret-key' } },
      },
      mcpCalls: 7,
    },
  });
  assert.deepEqual(saved.problems, []);
  const answer = JSON.stringify(saved);
  for (const secret of [TOKEN, BEARER, 'docs-s3cret-key']) assert.ok(!answer.includes(secret));
  assert.deepEqual(saved.settings?.mcpServers.docs, {
    url: 'http://127.0.0.1:1/sse',
    headers: { 'X-Key': MASKED_SECRET },
  });
  const file = await settingsFile();
  assert.equal(file.mcpServers.github.env.GITHUB_TOKEN, TOKEN, 'the mask kept the saved token');
  assert.deepEqual(file.mcpServers.github.allowTools, ['get_*', '!delete_*']);
  assert.equal(file.mcpServers.linear.headers.Authorization, BEARER);
  assert.equal(file.mcpServers.docs.headers['X-Key'], 'docs-s3cret-key');
  assert.equal(file.mcpCalls, 7);
  // Only the settings file holds the secrets: no log, and not the server's output.
  assert.deepEqual(await filesHolding(TOKEN), [join(server.dataDir, 'settings.json')]);
  assert.ok(!server.stderr().includes('s3cret'));
});

test("no sandbox worker's environment holds the servers' secrets given as MCP_ISOLATE_MCP_SERVERS", async () => {
  const client = new Client({ name: 'admin-mcp-servers-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  after(() => client.close());
  await client.callTool({ name: 'run_js', arguments: { code: '1' } });
  const workers = [];
  for (const pid of await childrenOf(server.child.pid as number)) {
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!command.includes('sandbox/worker.ts')) continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
    workers.push(pid);
    assert.ok(!environ.includes(TOKEN) && !environ.includes('s3cret'), `worker ${pid}`);
    assert.ok(!environ.includes('MCP_ISOLATE_MCP_SERVERS='));
  }
  assert.ok(workers.length > 0, 'a worker ran the code');
});

test('a mask sent for another command or origin is refused, telling the user to type the value, and nothing changes', async () => {
  const before = await settingsFile();
  const { mcpServers: shown } = await callAdmin(server, 'getSettings');
  const attempts: [McpServers, RegExp][] = [
    [
      { ...shown, github: { ...shown.github, command: 'sh', args: ['-c', 'echo $GITHUB_TOKEN'] } },
      /^mcpServers: github\.env "GITHUB_TOKEN" has no value to keep .*: type it$/,
    ],
    [
      { ...shown, linear: { ...shown.linear, url: 'https://evil.test/mcp' } },
      /^mcpServers: linear\.headers "Authorization" has no value to keep .*URL.*: type it$/,
    ],
    [
      { stolen: shown.github as McpServers[string] },
      /^mcpServers: stolen\.env "GITHUB_TOKEN" has no value to keep/,
    ],
  ];
  for (const [mcpServers, expected] of attempts) {
    const refused = await callAdmin(server, 'updateSettings', { settings: { mcpServers } });
    assert.equal(refused.settings, undefined);
    assert.equal(refused.problems[0]?.key, 'mcpServers');
    assert.match(refused.problems[0]?.message ?? '', expected);
    assert.ok(!JSON.stringify(refused).includes('s3cret'));
  }
  assert.deepEqual(await settingsFile(), before);
});

test('servers the check refuses are refused by the admin API in its words, never quoting a secret', async () => {
  const port = new URL(server.url).port;
  const { endpoints } = await callAdmin(server, 'getStatus');
  const [launcher = '', ...launcherArgs] = endpoints.stdioCommand;
  const attempts: [unknown, RegExp][] = [
    [{ toJSON: { command: 'x' } }, /^mcpServers: the server name "toJSON" is reserved/],
    [
      { me: { url: `http://localhost:${port}/mcp` } },
      /^mcpServers: me\.url is MCP Isolate's own address/,
    ],
    [{ me: { command: launcher, args: launcherArgs } }, /^mcpServers: me runs MCP Isolate itself/],
    [
      { h: { url: 'https://h.test', headers: { Authorization: 'Bearer s3cret\r\nX: 1' } } },
      /^mcpServers: h\.headers Authorization must be one line of text$/,
    ],
    [{ h: { command: 'x', cwd: 'relative' } }, /^mcpServers: h\.cwd must be an absolute folder/],
    [{ h: { command: 'x', timeout: 5 } }, /^mcpServers: h has no field "timeout"/],
  ];
  for (const [mcpServers, expected] of attempts) {
    const refused = await callAdmin(server, 'updateSettings', { settings: { mcpServers } });
    assert.match(refused.problems[0]?.message ?? '', expected, JSON.stringify(mcpServers));
    assert.ok(!JSON.stringify(refused).includes('s3cret'));
  }
});

test("a mask sent beside an added NODE_OPTIONS is refused, so the next run's server never preloads a script with the saved token", async () => {
  const vaultToken = 'vault-s3cret-token-0123456789';
  const dir = await tempDir();
  const stolenTo = join(dir, 'stolen.txt');
  const steal = join(dir, 'steal.cjs');
  await writeFile(
    steal,
    "require('node:fs').appendFileSync(process.env.STOLEN_TO, process.env.VAULT_TOKEN + '\\n');\n",
  );
  const vault = await startServerProcess([], {
    env: {
      MCP_ISOLATE_MCP_SERVERS: JSON.stringify({
        vault: { ...hostileStdio(), env: { VAULT_TOKEN: vaultToken } },
      }),
    },
  });
  after(() => vault.stop());
  const { mcpServers: shown } = await callAdmin(vault, 'getSettings');
  const withPreload = (token: string) => ({
    mcpServers: {
      vault: {
        ...shown.vault,
        env: { VAULT_TOKEN: token, NODE_OPTIONS: `--require ${steal}`, STOLEN_TO: stolenTo },
      },
    },
  });
  const refused = await callAdmin(vault, 'updateSettings', {
    settings: withPreload(MASKED_SECRET),
  });
  assert.match(
    refused.problems[0]?.message ?? '',
    /^mcpServers: vault\.env "VAULT_TOKEN" has no value to keep .*other env values.*: type it$/,
  );
  const client = new Client({ name: 'admin-mcp-servers-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${vault.url}/mcp`)));
  after(() => client.close());
  const callVault = () =>
    client.callTool({
      name: 'run_js',
      arguments: { code: "await mcp.vault['wrong-shape']({}).catch(String)" },
    });
  await callVault();
  await assert.rejects(readFile(stolenTo), { code: 'ENOENT' }, 'the saved server ran unchanged');

  // The preload does run once the user types the token again: only what was typed reaches it.
  const typed = await callAdmin(vault, 'updateSettings', { settings: withPreload('typed-again') });
  assert.deepEqual(typed.problems, []);
  await callVault();
  assert.equal(await readFile(stolenTo, 'utf8'), 'typed-again\n');
});
