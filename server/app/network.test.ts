import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { MASKED_SECRET } from '../../contract/net-policy.ts';
import type { RunJsOutput } from '../mcp/tool-schemas.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import { execOverApi } from '../test-support/json-api.ts';
import { startRemoteSite } from '../test-support/remote-site.ts';
import { startServerProcess } from '../test-support/server-process.ts';

// fetch through a real server: the policy and the secret headers given as flags, a real MCP
// client and the JSON API, and a real site on 127.0.0.1.
const site = await startRemoteSite();
after(() => site.close());
const SECRET = 'token-3f9a-never-shown';
const server = await startServerProcess([
  '--allow-net',
  site.host,
  '--net-header',
  `${site.host}=X-Api-Key: ${SECRET}`,
]);
const client = new Client({ name: 'network-test', version: '1.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
after(() => client.close());

async function runJs(session: string, code: string): Promise<RunJsOutput> {
  const result = await client.callTool({ name: 'run_js', arguments: { session, code } });
  return result.structuredContent as RunJsOutput;
}

/** Every file in the data directory that holds `text`, but the recorded bodies. */
async function filesHolding(text: string): Promise<string[]> {
  const holding = [];
  for (const entry of await readdir(server.dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.parentPath.includes(`${join('blobs')}`)) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path).catch(() => Buffer.alloc(0))).includes(text)) holding.push(path);
  }
  return holding;
}

test('over MCP, a run fetches an allowed host with the secret header added where the guest cannot see it', async () => {
  const result = await runJs(
    'net',
    `const response = await fetch('${site.origin}/echo', { headers: { 'x-mine': 'visible' } });
     const echoed = await response.json();
     [echoed.headers['x-mine'], typeof echoed.headers['x-api-key'], response.headers.has('x-api-key')]`,
  );
  assert.equal(result.ok, true, JSON.stringify(result.error));
  // The echo shows the secret was sent; the guest's value keeps only what it may show.
  assert.equal(result.value, "[ 'visible', 'string', false ]");
  assert.equal(site.received.at(-1)?.headers['x-api-key'], SECRET);
  assert.deepEqual(
    result.requests?.map(({ method, url, status }) => ({ method, url, status })),
    [{ method: 'GET', url: `${site.origin}/echo`, status: 200 }],
  );
});

test('the secret is in no journal, message log, run history or server output', async () => {
  await runJs('net-quiet', `(await fetch('${site.origin}/text')).status`);
  assert.equal(site.received.at(-1)?.headers['x-api-key'], SECRET);
  assert.deepEqual(await filesHolding(SECRET), []);
  assert.ok(!server.stderr().includes(SECRET));
  const { runs } = await callAdmin(server, 'listRuns', { session: 'net-quiet' });
  assert.ok(!JSON.stringify(runs).includes(SECRET));
  assert.equal(runs.at(-1)?.requests?.[0]?.status, 200);
});

test('the JSON API reports the requests, refused ones with their reason', async () => {
  const result = await execOverApi(server, {
    session: 'net-api',
    code: `await fetch('${site.origin}/text'); await fetch('http://elsewhere.invalid/').catch((error) => error.message)`,
  });
  assert.equal(result.ok, true);
  assert.match(
    result.value ?? '',
    /fetch to elsewhere\.invalid refused: elsewhere\.invalid is not in allowNet/,
  );
  assert.deepEqual(
    result.requests?.map(({ status, refused }) => ({ status, refused })),
    [
      { status: 200, refused: undefined },
      { status: undefined, refused: true },
    ],
  );
});

test('the admin API shows secret headers masked, and keeps a masked one as it was', async () => {
  const settings = await callAdmin(server, 'getSettings');
  assert.deepEqual(settings.netHeaders, [
    { pattern: site.host, name: 'X-Api-Key', value: MASKED_SECRET },
  ]);
  assert.deepEqual(settings.allowNet, [site.host]);
  const saved = await callAdmin(server, 'updateSettings', {
    settings: {
      netHeaders: [
        ...settings.netHeaders,
        { pattern: site.host, name: 'X-Second', value: 'second-secret-value' },
      ],
    },
  });
  assert.deepEqual(saved.problems, []);
  assert.ok(!JSON.stringify(saved).includes('second-secret-value'));
  await runJs('net-kept', `(await fetch('${site.origin}/text')).status`);
  assert.equal(site.received.at(-1)?.headers['x-api-key'], SECRET);
  assert.equal(site.received.at(-1)?.headers['x-second'], 'second-secret-value');
  const unknown = await callAdmin(server, 'updateSettings', {
    settings: { netHeaders: [{ pattern: 'other.test', name: 'X-Api-Key', value: MASKED_SECRET }] },
  });
  assert.match(unknown.problems[0]?.message ?? '', /no value to keep/);
  const bad = await callAdmin(server, 'updateSettings', { settings: { allowNet: ['http://x/'] } });
  assert.match(bad.problems[0]?.message ?? '', /is not a host pattern/);
});

test('a run may not call the server it runs in, even with its host allowed', async () => {
  const port = new URL(server.url).port;
  const own = await startServerProcess(['--allow-net', '127.0.0.1', '--allow-net', 'localhost']);
  const ownPort = new URL(own.url).port;
  const result = await execOverApi(own, {
    code: `[await fetch('http://localhost:${ownPort}/healthz').catch((error) => error.message), (await fetch('http://127.0.0.1:${port}/healthz')).status]`,
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.match(
    result.value ?? '',
    new RegExp(`fetch to localhost:${ownPort} refused: that is this MCP Isolate server`),
  );
  assert.match(
    result.value ?? '',
    /,\s+200\s+\]$/,
    'another server on loopback is reachable when allowed',
  );
});

test("every alias of the server's own address is refused, by the address a request connects to", async () => {
  const own = await startServerProcess(['--allow-net', '*']);
  const ownPort = new URL(own.url).port;
  const aliases = [
    `http://[::ffff:127.0.0.1]:${ownPort}/api/exec`,
    `http://[::ffff:7f00:1]:${ownPort}/api/exec`,
    `http://[::ffff:0:0]:${ownPort}/api/exec`,
    `http://0.0.0.0:${ownPort}/api/exec`,
    `http://127.0.0.2:${ownPort}/api/exec`,
    `http://localhost:${ownPort}/api/exec`,
    `${site.origin}/redirect?to=${encodeURIComponent(`http://[::ffff:127.0.0.1]:${ownPort}/api/exec`)}`,
  ];
  const result = await execOverApi(own, {
    code: `const urls = ${JSON.stringify(aliases)};
        await Promise.all(urls.map((url) => fetch(url, { method: 'POST', body: '{"code":"1"}' }).then((r) => 'reached ' + r.status, (error) => error.message)))`,
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  const answers = result.requests?.map(({ url, error, refused }) => ({ url, error, refused }));
  assert.equal(answers?.length, aliases.length);
  for (const answer of answers ?? []) {
    assert.equal(answer.refused, true, `${answer.url}: ${answer.error}`);
    assert.match(answer.error ?? '', /refused: that is this MCP Isolate server/, answer.url);
  }
  assert.ok(!(result.value ?? '').includes('reached'), result.value);
  // The server's log of refusals has no request from the sandbox: none arrived.
  const refusals = await callAdmin(own, 'listRefusals');
  assert.deepEqual(refusals.refusals, []);
});
