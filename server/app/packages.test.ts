import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { MASKED_SECRET } from '../../contract/net-policy.ts';
import type { RunJsOutput } from '../mcp/tool-schemas.ts';
import { dataLayout } from '../store/data-dir.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import { makeTarball, packageEntries } from '../test-support/make-tarball.ts';
import { cjsCounter, esmGreet, scoped, withDep } from '../test-support/npm-fixtures.ts';
import { startNpmRegistry } from '../test-support/npm-registry.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

// Package imports through a real server and the official MCP client over every transport, the
// registry and its token given by flag and environment, a real registry on 127.0.0.1.
const registry = await startNpmRegistry();
after(() => registry.close());
await registry.publish(esmGreet, cjsCounter, withDep, scoped);
const TOKEN = 'npm_tok3n-never-shown';
const server = await startServerProcess(['--npm-registry', registry.url], {
  env: { MCP_ISOLATE_NPM_TOKEN: TOKEN },
});

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'packages-test', version: '1.0' });
  await client.connect(transport);
  after(() => client.close());
  return client;
}

async function runJs(client: Client, session: string, code: string): Promise<RunJsOutput> {
  const result = await client.callTool({ name: 'run_js', arguments: { session, code } });
  return result.structuredContent as RunJsOutput;
}

test('over Streamable HTTP, SSE and stdio a run imports packages, and the result lists what it loaded', async () => {
  const clients = {
    http: await connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`))),
    sse: await connect(new SSEClientTransport(new URL(`${server.url}/sse`))),
    stdio: await connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, '--stdio', '--data-dir', await tempDir(), '--npm-registry', registry.url],
        stderr: 'pipe',
      }),
    ),
  };
  for (const [name, client] of Object.entries(clients)) {
    const result = await runJs(
      client,
      `imports-${name}`,
      "import greet from 'esm-greet'; import { twice } from 'with-dep'; [greet('mcp'), twice(2)]",
    );
    assert.equal(result.ok, true, `${name}: ${JSON.stringify(result.error)}`);
    assert.equal(result.value, "[ 'hello mcp', 4 ]", name);
    assert.deepEqual(
      result.packages?.map(({ specifier, name, version }) => `${specifier} ${name}@${version}`),
      ['esm-greet esm-greet@1.0.0', 'with-dep with-dep@1.0.0'],
    );
    assert.ok(result.packages?.every((load) => (load.bytes ?? 0) > 0));
    // The next run in the session has them: no import, no packages listed.
    const again = await runJs(client, `imports-${name}`, "twice(greet('x').length)");
    assert.equal(again.value, '9');
    assert.equal(again.packages, undefined);
  }
});

test('the registry gets the token from the environment; the admin API shows it masked and keeps it', async () => {
  registry.requireToken(TOKEN);
  try {
    const client = await connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    const result = await runJs(client, 'private', "import s from '@fixtures/scoped'; s");
    assert.equal(result.value, "'scoped'", JSON.stringify(result.error));
    assert.equal(registry.received.at(-1)?.authorization, `Bearer ${TOKEN}`);
  } finally {
    registry.requireToken(undefined);
  }
  const settings = await callAdmin(server, 'getSettings', {});
  assert.equal(settings.npmToken, MASKED_SECRET);
  assert.equal(settings.npmRegistry, registry.url);
  const saved = await callAdmin(server, 'updateSettings', {
    settings: { ...settings, allowPackages: ['esm-greet', '@fixtures/*'] },
  });
  assert.deepEqual(saved.problems, []);
  assert.equal(saved.settings?.npmToken, MASKED_SECRET);
  const file = JSON.parse(await readFile(dataLayout(server.dataDir).settings, 'utf8'));
  assert.equal(file.npmToken, TOKEN, 'the mask kept the stored token');
  assert.ok(!server.stderr().includes(TOKEN));
  // The allow-list applies to the next run.
  const client = await connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  const refused = await runJs(client, 'allow-list', "import c from 'cjs-counter'");
  assert.equal(refused.ok, false);
  assert.match(
    refused.error?.message ?? '',
    /cjs-counter is not in allowPackages \(esm-greet, @fixtures\/\*\)/,
  );
  assert.match(refused.packages?.[0]?.error ?? '', /not in allowPackages/);
  await callAdmin(server, 'updateSettings', { settings: { allowPackages: [] } });
});

test('a kept token never follows the registry to another host: saving drops it and says so', async () => {
  const other = await startNpmRegistry();
  after(() => other.close());
  other.publishTarball('elsewhere', '1.0.0', await makeTarball(packageEntries('elsewhere')));
  const client = await connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  const settingsFile = async () =>
    JSON.parse(await readFile(dataLayout(server.dataDir).settings, 'utf8'));
  // Another path of the same origin keeps it: the token reached that origin already.
  const samePlace = await callAdmin(server, 'updateSettings', {
    settings: { npmRegistry: `${registry.url}mirror/`, npmToken: MASKED_SECRET },
  });
  assert.equal(samePlace.settings?.npmToken, MASKED_SECRET);
  assert.equal(samePlace.notices, undefined);
  // The mask sent with another host, or no token at all: the kept token stays behind.
  for (const token of [{ npmToken: MASKED_SECRET }, {}]) {
    await callAdmin(server, 'updateSettings', {
      settings: { npmRegistry: registry.url, npmToken: TOKEN },
    });
    const moved = await callAdmin(server, 'updateSettings', {
      settings: { npmRegistry: other.url, ...token },
    });
    assert.deepEqual(moved.problems, []);
    assert.equal(moved.settings?.npmToken, undefined);
    assert.equal(
      moved.notices?.join('\n'),
      `npmToken: the saved token was removed, because npmRegistry moved from ${registry.url} to ${other.url} and a token goes only to the registry it was given for: type the new registry's token if it needs one`,
    );
    assert.equal((await settingsFile()).npmToken, undefined);
    const result = await runJs(client, 'moved', "(await import('elsewhere')).default");
    assert.equal(result.value, '1', JSON.stringify(result.error));
    assert.ok(other.received.length > 0);
    assert.ok(other.received.every(({ authorization }) => authorization === undefined));
    await callAdmin(server, 'updateSettings', {
      settings: { npmRegistry: `${registry.url}mirror/` },
    });
  }
  // Moving back does not bring it back; a token typed with the move goes with it.
  const back = await callAdmin(server, 'updateSettings', {
    settings: { npmRegistry: registry.url, npmToken: MASKED_SECRET },
  });
  assert.equal(back.settings?.npmToken, undefined);
  const typed = await callAdmin(server, 'updateSettings', {
    settings: { npmRegistry: other.url, npmToken: 'other-registry-token' },
  });
  assert.equal(typed.settings?.npmToken, MASKED_SECRET);
  assert.equal(typed.notices, undefined);
  assert.equal((await settingsFile()).npmToken, 'other-registry-token');
  await callAdmin(server, 'updateSettings', {
    settings: { npmRegistry: registry.url, npmToken: TOKEN },
  });
});

test("the admin API lists a session's pinned packages, and its runs what each loaded", async () => {
  const client = await connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
  await runJs(client, 'listed', "import { twice } from 'with-dep'; twice(1)");
  const { packages } = await callAdmin(server, 'listPackages', { session: 'listed' });
  assert.deepEqual(
    packages.map(({ name, version, dependencies, bundles }) => ({
      name,
      version,
      dependencies,
      entries: bundles.map((bundle) => bundle.subpath),
    })),
    [{ name: 'with-dep', version: '1.0.0', dependencies: 1, entries: ['.'] }],
  );
  assert.ok((packages[0]?.tarballBytes ?? 0) > 0);
  const { runs } = await callAdmin(server, 'listRuns', { session: 'listed' });
  assert.equal(runs.at(-1)?.packages?.[0]?.name, 'with-dep');
  await assert.rejects(
    callAdmin(server, 'listPackages', { session: 'nope' }),
    /no session named nope/,
  );
});

test('packages off by flag: an import is a clear error, and the run commits nothing', async () => {
  const off = await startServerProcess(['--packages', 'false', '--npm-registry', registry.url]);
  const client = await connect(new StreamableHTTPClientTransport(new URL(`${off.url}/mcp`)));
  const result = await runJs(client, 'off', "import greet from 'esm-greet'; greet('x')");
  assert.equal(result.ok, false);
  assert.match(
    result.error?.message ?? '',
    /packages are off \(the packages setting is false; turn it on with --packages true, .* or the window's Settings \(Packages\)\)/,
  );
  assert.equal(result.heap, 'root');
});
