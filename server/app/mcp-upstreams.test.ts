import assert from 'node:assert/strict';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RunJsOutput } from '../mcp/tool-schemas.ts';
import { countingStdio, countLine, readCounts } from '../test-support/counting-mcp-server.ts';
import { hostileStdio } from '../test-support/hostile-mcp-server.ts';
import { startHostileSse } from '../test-support/hostile-sse-server.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

// Runs calling the user's other MCP servers through a real server process: the mcpServers setting
// reaches the upstream layer, a run's call reaches the counting server once, and the recorded
// result is all a fork or a restore of that heap gets.
const countFile = join(await tempDir(), 'counts');
const SERVERS = JSON.stringify({ counting: countingStdio(countFile) });

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'mcp-upstreams-test', version: '1.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
  after(() => client.close());
  return client;
}

async function runJs(client: Client, args: Record<string, unknown>): Promise<RunJsOutput> {
  const result = await client.callTool({ name: 'run_js', arguments: args });
  const output = result.structuredContent as RunJsOutput;
  assert.equal(result.isError, undefined, JSON.stringify(result.content));
  return output;
}

test('a run calls a tool through mcp once, and neither a fork, a restore from its snapshot nor a replay of its journal calls it again', async () => {
  const dataDir = await tempDir();
  const first = await startServerProcess(['--mcp-servers', SERVERS], { dataDir });
  const client = await connect(first.url);
  const called = await runJs(client, {
    session: 'called',
    code: "var got = await mcp.counting.echo({ message: 'hello' }); got",
  });
  assert.equal(called.value, "'hello'");
  assert.deepEqual(await readCounts(countFile), [countLine.call('echo')]);

  const forked = await runJs(client, { heap: called.heap, session: 'forked', code: 'got' });
  assert.equal(forked.value, "'hello'");
  // Each session's heap gets its snapshot once idle: the restart below restores from them.
  const snapshots = join(dataDir, 'snapshots');
  const snapshotted = async () => {
    const names = await readdir(snapshots).catch((): string[] => []);
    return [called.heap, forked.heap].every((heap) => names.includes(`${heap}.snap`));
  };
  await waitUntil(snapshotted, 'both heaps to have their snapshots');
  await client.close();
  assert.equal(await first.stop(), 0);

  // A new process has no live heap: the session restores from its journal or snapshot.
  const second = await startServerProcess(['--mcp-servers', SERVERS], { dataDir });
  const again = await connect(second.url);
  assert.equal((await runJs(again, { session: 'called', code: 'got' })).value, "'hello'");
  assert.equal((await runJs(again, { session: 'forked', code: 'got' })).value, "'hello'");
  assert.deepEqual(await readCounts(countFile), [countLine.call('echo')], 'called once in all');

  // The upstream is still there for a new call, which counts.
  const next = await runJs(again, {
    session: 'called',
    code: "await mcp.counting.echo({ message: 'again' })",
  });
  assert.equal(next.value, "'again'");
  const twice = [countLine.call('echo'), countLine.call('echo')];
  assert.deepEqual(await readCounts(countFile), twice);
  await again.close();
  assert.equal(await second.stop(), 0);

  // With every snapshot gone, each session is its journal replayed from the root: the recorded
  // results are all it gets.
  const files = (await readdir(snapshots)).filter((name) => name.endsWith('.snap'));
  assert.ok(files.length > 0, 'the sessions had snapshots to lose');
  await Promise.all(files.map((name) => rm(join(snapshots, name))));
  const third = await startServerProcess(['--mcp-servers', SERVERS], { dataDir });
  const replayed = await connect(third.url);
  const both = await runJs(replayed, { session: 'called', code: '[got, typeof next]' });
  assert.equal(both.value, "[ 'hello', 'undefined' ]");
  assert.equal((await runJs(replayed, { session: 'forked', code: 'got' })).value, "'hello'");
  assert.deepEqual(await readCounts(countFile), twice, 'the replays called nothing');
});

test("a server's 900 KB errors reach code cut to a KiB, count against mcpTotalBytes, and no file holds them whole", async () => {
  const server = await startServerProcess([
    '--mcp-servers',
    JSON.stringify({ hostile: hostileStdio() }),
    '--mcp-result-bytes',
    '1024',
    '--mcp-total-bytes',
    '4096',
  ]);
  const client = await connect(server.url);
  const bigError = 'mcp.hostile["big-error"]({ bytes: 900000 }).catch((e) => e.message.length)';
  const one = await runJs(client, { session: 'big', code: `await ${bigError}` });
  assert.ok(Number(one.value) < 1200, one.value);
  assert.ok((one.toolCalls?.[0]?.error?.length ?? 0) <= 1024);

  const result = await client.callTool({
    name: 'run_js',
    arguments: { session: 'big', code: `for (let i = 0; i < 10; i++) await ${bigError}` },
  });
  const output = result.structuredContent as RunJsOutput;
  assert.equal(output.error?.code, 'mcp_bytes', JSON.stringify(output.error));
  assert.equal(output.toolCalls?.length, 4, 'the fourth error passed 4096 bytes in all');
  assert.ok(JSON.stringify(result).length < 64 * 1024);
  for (const entry of await readdir(server.dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    assert.ok((await stat(path)).size < 512 * 1024, `${path} holds an error whole`);
  }
});

test('a server whose SSE upstream never sent its endpoint still stops cleanly at SIGTERM', async () => {
  const { url } = await startHostileSse({ silent: true });
  const server = await startServerProcess([
    '--mcp-servers',
    JSON.stringify({ silent: { url } }),
    '--timeout-ms',
    '2000',
  ]);
  const client = await connect(server.url);
  // The run's time ends before the start's bound: the start is still waiting for its endpoint.
  const run = await client.callTool({
    name: 'run_js',
    arguments: { code: 'await mcp.silent.echo({})' },
  });
  assert.match(JSON.stringify(run.content), /longer than the limit timeoutMs=2000/);
  await client.close();
  assert.equal(await server.stop(), 0);
});
