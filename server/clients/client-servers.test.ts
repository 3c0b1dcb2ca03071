import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path, { join } from 'node:path';
import { test } from 'node:test';
import { mcpServersProblem } from '../../contract/mcp-servers.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { readClientServers, withImported } from './client-servers.ts';

// Hostile entries in a client's own file, read from a real file under a temporary home: none
// sets a prototype, fails the others' import, or shows a password as the server's address.
const LONG = 'L'.repeat(99);

async function claudeServers(mcpServers: string) {
  const home = await tempDir('mcp-isolate-home-');
  const file = join(home, '.config', 'Claude', 'claude_desktop_config.json');
  await mkdir(join(home, '.config', 'Claude'), { recursive: true });
  await writeFile(file, `{"mcpServers": {${mcpServers}}}`);
  const host = {
    platform: 'linux' as const,
    home,
    env: { XDG_CONFIG_HOME: join(home, '.config') },
    path,
  };
  const [found] = await readClientServers(host, []);
  assert.ok(found, 'Claude Desktop is installed');
  return found;
}

test('__proto__, a reserved name and a long name taken are imported under free valid names, beside the others', async () => {
  const found = await claudeServers(`
    "__proto__": { "command": "npx", "args": ["proto-server"], "env": { "__proto__": "x" } },
    "call": { "command": "npx", "args": ["call-server"] },
    "good": { "command": "npx", "args": ["good-server"] },
    "${LONG}": { "command": "npx" }`);
  const names = ['__proto__', 'call', 'good', LONG];
  const { mcpServers, imported } = withImported(
    { [LONG]: { command: 'x' } },
    found.servers,
    names,
    'f',
  );
  assert.deepEqual(
    imported.map(({ as }) => as),
    ['__proto__-2', 'call-2', 'good', `${'L'.repeat(98)}-2`],
  );
  assert.equal(Object.getPrototypeOf(mcpServers), Object.prototype);
  assert.deepEqual(mcpServers['__proto__-2'], {
    command: 'npx',
    args: ['proto-server'],
    env: JSON.parse('{"__proto__": "x"}'),
  });
  assert.equal(mcpServersProblem(mcpServers), undefined);
});

test('a URL holding a user name and password is shown and imported without them, disabled saying why', async () => {
  const found = await claudeServers(
    `"pw": { "url": "https://alice:hunter2@mcp.example.test/mcp" }`,
  );
  const [server] = found.servers;
  assert.equal(server?.target, 'https://mcp.example.test/mcp');
  assert.match(server?.problem ?? '', /user name and password/);
  assert.ok(!JSON.stringify(found).includes('hunter2'));
  const { mcpServers } = withImported({}, found.servers, ['pw'], 'f');
  assert.deepEqual(mcpServers.pw, { url: 'https://mcp.example.test/mcp', disabled: true });
});

test("a URL's query, which may hold a key, shows as ?… in the target and is imported whole", async () => {
  const found = await claudeServers(
    `"q": { "url": "https://mcp.example.test/mcp?api_key=k3y-s3cret" }`,
  );
  assert.equal(found.servers[0]?.target, 'https://mcp.example.test/mcp?…');
  assert.ok(!JSON.stringify(found.servers.map(({ config: _, ...shown }) => shown)).includes('k3y'));
  const { mcpServers } = withImported({}, found.servers, ['q'], 'f');
  assert.deepEqual(mcpServers.q, { url: 'https://mcp.example.test/mcp?api_key=k3y-s3cret' });
});

test('a file naming thousands of servers, with comments, lists the first 100 and counts the rest, each target cut to 1000 characters', async () => {
  const entries = Array.from(
    { length: 5000 },
    (_, i) =>
      `// ${i}\n/* s${i} */ "s${i}": {"command": "npx", "args": ["-y", "p//${i}", "${'a'.repeat(2000)}"]}`,
  );
  const found = await claudeServers(`// the servers\n${entries.join(',\n')}`);
  assert.equal(found.problem, undefined);
  assert.equal(found.servers.length, 100);
  assert.deepEqual(found.servers[99]?.name, 's99');
  assert.equal(found.more, 4900);
  assert.equal(
    found.servers[0]?.target,
    `npx -y p//0 ${'a'.repeat(1000 - 'npx -y p//0 '.length)}…`,
  );
});
