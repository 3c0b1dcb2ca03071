import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Client, StreamableHTTPClientTransport, type Tool } from '@modelcontextprotocol/client';
import type { ListMcpToolsOutput, RunJsOutput } from '../mcp/tool-schemas.ts';
import { callAdmin } from '../test-support/admin-api.ts';
import { countingStdio, countLine, readCounts } from '../test-support/counting-mcp-server.ts';
import { everythingStdio, startEverything } from '../test-support/everything-server.ts';
import {
  answerText,
  CLIENT_MATRIX,
  connectClient,
  describeClient,
  joinedPlace,
} from '../test-support/mcp-clients.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

// The user's other MCP servers as every client of a real server process meets them: run_js's
// code calling server-everything over stdio and Streamable HTTP, list_mcp_tools declaring their
// tools, run_js's description and tools/list_changed following mcpServers, and a client's cancel
// reaching the upstream call in flight.
const countFile = join(await tempDir(), 'counts');
const everythingHttp = await startEverything('streamable-http');
const server = await startServerProcess([
  '--mcp-servers',
  JSON.stringify({
    local: everythingStdio(),
    remote: { url: everythingHttp.url },
    counting: countingStdio(countFile),
  }),
]);
const place = joinedPlace(server);

for (const cell of CLIENT_MATRIX) {
  test(`an ${describeClient(cell)} runs code that calls server-everything over stdio and over Streamable HTTP`, async () => {
    const client = await connectClient(cell.kind, cell.transport, place);
    after(() => client.close());
    const answer = await client.callTool('run_js', {
      code: "[await mcp.local['get-sum']({ a: 2, b: 3 }), await mcp.call('remote', 'get-sum', { a: 4, b: 5 })]",
    });
    const run = answer.structuredContent as RunJsOutput;
    assert.equal(run.ok, true, answerText(answer));
    assert.match(run.value ?? '', /is 5.*is 9/s);
    assert.deepEqual(
      run.toolCalls?.map((call) => `${call.server}.${call.tool}`),
      ['local.get-sum', 'remote.get-sum'],
    );
  });
}

test('list_mcp_tools declares the allowed tools of every server as TypeScript, and a query picks the few that match', async () => {
  const client = await connectClient({ sdk: 'v2', era: '2026' }, 'streamable-http', place);
  after(() => client.close());
  const all = await client.callTool('list_mcp_tools', {});
  const listed = all.structuredContent as ListMcpToolsOutput;
  assert.deepEqual(
    listed.servers.map((s) => [s.name, s.transport, s.state]),
    [
      ['local', 'stdio', 'ready'],
      ['remote', 'streamable-http', 'ready'],
      ['counting', 'stdio', 'ready'],
    ],
  );
  assert.match(listed.declarations, /^interface McpServers \{/);
  assert.match(listed.declarations, /"get-sum"\(args: \{/);
  // Past 25 tools the rest are counted, not declared.
  assert.equal(countOf(listed.declarations), 25);
  assert.equal(listed.more, listed.matched - 25);
  assert.match(answerText(all), /^local \(stdio\): ready, 13 tools\n/);
  assert.match(answerText(all), new RegExp(`${listed.more} more tools not shown`));

  const hang = await client.callTool('list_mcp_tools', { query: 'hang' });
  const hangs = hang.structuredContent as ListMcpToolsOutput;
  assert.match(
    hangs.declarations,
    /\/\/ counting \(stdio, \d+ tools, \d shown\): mcp\.counting\.hang\(args\)/,
  );
  assert.ok(hangs.matched < 5, `${hangs.matched} tools match hang`);

  const sum = await client.callTool('list_mcp_tools', { server: 'remote', query: 'sum numbers' });
  const found = sum.structuredContent as ListMcpToolsOutput;
  assert.deepEqual(
    found.servers.map((s) => s.name),
    ['remote'],
  );
  assert.match(found.declarations, /"remote": \{\n {4}\/\*\*.*\n {4}"get-sum"\(/s);
  assert.doesNotMatch(found.declarations, /"local"|"echo"/);

  const none = await client.callTool('list_mcp_tools', { query: 'zebra-quux' });
  assert.equal((none.structuredContent as ListMcpToolsOutput).matched, 0);
  assert.match(answerText(none), /No tool matches "zebra-quux"/);
  const unknown = await client.callTool('list_mcp_tools', { server: 'nowhere' });
  assert.equal(unknown.isError, true);
  assert.match(answerText(unknown), /no server 'nowhere'; it has local, remote, counting/);
});

/** The tools declared: each is a method, `"name"(args…`, at the start of its line. */
const countOf = (declarations: string) => declarations.match(/^ {4}"[^"]+"\(args/gm)?.length ?? 0;

for (const cell of [
  { kind: { sdk: 'v2', era: '2025' }, transport: 'stdio', how: 'notifications/cancelled' },
  { kind: { sdk: 'v2', era: '2026' }, transport: 'streamable-http', how: 'closing its stream' },
] as const) {
  test(`an ${describeClient(cell)} cancelling run_js by ${cell.how} sends notifications/cancelled to the upstream call in flight`, async () => {
    const client = await connectClient(cell.kind, cell.transport, place);
    after(() => client.close());
    const before = (await readCounts(countFile)).length;
    const since = async () => (await readCounts(countFile)).slice(before);
    const abort = new AbortController();
    const call = client.callTool(
      'run_js',
      { code: 'await mcp.counting.hang({})' },
      { signal: abort.signal },
    );
    await waitUntil(
      async () => (await since()).includes(countLine.call('hang')),
      'the call of hang to reach the counting server',
    );
    abort.abort('the user cancelled');
    await assert.rejects(call);
    await waitUntil(
      async () => (await since()).some((line) => line.startsWith(countLine.cancelled(''))),
      'the counting server to hear notifications/cancelled',
    );
  });
}

test('run_js names mcp only while an enabled server is configured, and clients in both eras hear each change as tools/list_changed', async () => {
  const bare = await startServerProcess();
  const changes = { '2025': [] as Tool[][], '2026': [] as Tool[][] };
  const listening = async (era: '2025' | '2026') => {
    const client = new Client(
      { name: `list-changed-${era}`, version: '1.0.0' },
      {
        ...(era === '2026' && { versionNegotiation: { mode: { pin: '2026-07-28' } } }),
        listChanged: {
          tools: {
            debounceMs: 0,
            onChanged: (error, tools) => {
              if (!error && tools) changes[era].push(tools);
            },
          },
        },
      },
    );
    await client.connect(new StreamableHTTPClientTransport(new URL(`${bare.url}/mcp`)));
    after(() => client.close());
    return client;
  };
  const clients = [await listening('2025'), await listening('2026')];
  const runJsOf = (tools: Tool[]) => tools.find((tool) => tool.name === 'run_js')?.description;
  for (const client of clients) {
    assert.doesNotMatch(runJsOf((await client.listTools()).tools) ?? '', /mcp|list_mcp_tools/);
  }
  const none = await clients[1]?.callTool({ name: 'list_mcp_tools', arguments: {} });
  assert.match(
    JSON.stringify(none?.content),
    /No MCP servers are configured.*mcpServers.*command.*url/s,
  );

  const offered = (tools: Tool[] | undefined) => /list_mcp_tools/.test(runJsOf(tools ?? []) ?? '');
  const saved = await callAdmin(bare, 'updateSettings', {
    settings: { mcpServers: { everything: everythingStdio() } },
  });
  assert.deepEqual(saved.problems, []);
  for (const era of ['2025', '2026'] as const) {
    await waitUntil(() => offered(changes[era].at(-1)), `the ${era} client to hear of mcp`);
  }
  assert.match(runJsOf(changes['2025'].at(-1) ?? []) ?? '', /global `mcp`/);

  // Disabled, the server no longer offers code anything: the description goes back.
  await callAdmin(bare, 'updateSettings', {
    settings: { mcpServers: { everything: { ...everythingStdio(), disabled: true } } },
  });
  for (const era of ['2025', '2026'] as const) {
    await waitUntil(
      () => changes[era].length > 0 && !offered(changes[era].at(-1)),
      `the ${era} client to hear mcp is gone`,
    );
  }
});
