import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ListSessionsOutput, RunJsOutput } from '../mcp/tool-schemas.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

const server = await startServerProcess();

async function connect(transport: Transport, name: string): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const http = (name = 'streamable-test') =>
  connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)), name);
const sse = (name = 'sse-test') =>
  connect(new SSEClientTransport(new URL(`${server.url}/sse`)), name);

async function runJs(client: Client, args: Record<string, string>) {
  const result = await client.callTool({ name: 'run_js', arguments: args });
  return {
    text: (result.content as { type: string; text: string }[])[0]?.text ?? '',
    run: result.structuredContent as RunJsOutput,
    isError: result.isError === true,
  };
}

/** Everything a client needs from the server, on any transport. */
async function exercise(client: Client, session: string) {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((tool) => tool.name).sort(), [
    'list_files',
    'list_mcp_tools',
    'list_session_snapshots',
    'list_sessions',
    'read_file',
    'run_js',
  ]);
  for (const tool of tools) assert.ok(tool.outputSchema, `${tool.name} has an output schema`);
  const first = await runJs(client, { session, code: 'var n = 20; console.log("set"); n' });
  assert.equal(first.run.value, '20');
  assert.match(first.text, /^set\n20\n\[session /);
  const second = await runJs(client, { session, code: 'n + 22' });
  assert.equal(second.run.value, '42');
  assert.equal(second.run.parent, first.run.heap);
  const listed = await client.callTool({ name: 'list_sessions', arguments: {} });
  const { sessions } = listed.structuredContent as ListSessionsOutput;
  assert.equal(sessions.find((s) => s.name === session)?.heaps, 2);
  const history = await client.callTool({
    name: 'list_session_snapshots',
    arguments: { session },
  });
  const heaps = (history.structuredContent as { heaps: { heap: string; code: string }[] }).heaps;
  assert.deepEqual(
    heaps.map((heap) => heap.heap),
    [first.run.heap, second.run.heap],
  );
  assert.equal(heaps[1]?.code, 'n + 22');
}

test('Streamable HTTP: tools, state across calls, sessions and their heaps', async () => {
  const client = await http();
  await exercise(client, 'over-http');
  await client.close();
});

test('legacy SSE: tools, state across calls, sessions and their heaps', async () => {
  const client = await sse();
  await exercise(client, 'over-sse');
  await client.close();
});

test('stdio: tools, state across calls, sessions and their heaps', async () => {
  const client = await connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, '--stdio', '--data-dir', await tempDir()],
      stderr: 'pipe',
    }),
    'stdio-test',
  );
  await exercise(client, 'over-stdio');
  await client.close();
});

test('one named session is shared by two transports', async () => {
  const [viaHttp, viaSse] = [await http(), await sse()];
  await runJs(viaHttp, { session: 'shared', code: 'var from = "http"' });
  assert.equal((await runJs(viaSse, { session: 'shared', code: 'from' })).run.value, "'http'");
  await runJs(viaSse, { session: 'shared', code: 'from = "sse"' });
  assert.equal((await runJs(viaHttp, { session: 'shared', code: 'from' })).run.value, "'sse'");
  await Promise.all([viaHttp.close(), viaSse.close()]);
});

test("a run without a session name goes to the connection's own session", async () => {
  const [one, two] = [await http('one'), await http('two')];
  const made = await runJs(one, { code: 'var mine = 1' });
  assert.equal((await runJs(one, { code: 'mine' })).run.session, made.run.session);
  const other = await runJs(two, { code: 'typeof mine' });
  assert.notEqual(other.run.session, made.run.session);
  assert.equal(other.run.value, "'undefined'");
  await Promise.all([one.close(), two.close()]);
});

test("a run with a heap and no session forks a new session there, leaving the connection's own", async () => {
  const client = await http('forks');
  const own = await runJs(client, { code: 'var n = 1' });
  await runJs(client, { code: 'n = 2' });
  const forked = await runJs(client, { heap: own.run.heap, code: 'n' });
  assert.equal(forked.isError, false, forked.text);
  assert.equal(forked.run.value, '1');
  assert.notEqual(forked.run.session, own.run.session);
  assert.equal(forked.run.parent, own.run.heap);
  assert.match(forked.text, new RegExp(`\\[session ${forked.run.session}, `));
  const again = await runJs(client, { code: 'n' });
  assert.deepEqual([again.run.session, again.run.value], [own.run.session, '2']);
  await client.close();
});

test('a failed run is a tool error with its structured result; a refused one too', async () => {
  const client = await http();
  const thrown = await runJs(client, { session: 'errors', code: 'throw new TypeError("nope")' });
  assert.equal(thrown.isError, true);
  assert.equal(thrown.run.error?.code, 'thrown');
  assert.match(thrown.text, /TypeError: nope/);
  const unknown = await client.callTool({
    name: 'list_session_snapshots',
    arguments: { session: 'no-such-session' },
  });
  assert.equal(unknown.isError, true);
  assert.match(JSON.stringify(unknown.content), /no session named no-such-session/);
  await client.close();
});
