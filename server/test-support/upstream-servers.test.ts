import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { countingStdio, countLine, readCounts, startCountingHttp } from './counting-mcp-server.ts';
import { everythingStdio, startEverything } from './everything-server.ts';
import { hostileStdio } from './hostile-mcp-server.ts';
import { tempDir } from './temp-dir.ts';

const connected = async (transport: Parameters<Client['connect']>[0]) => {
  const client = new Client({ name: 'smoke', version: '1.0.0' }, { capabilities: {} });
  await client.connect(transport);
  return client;
};

const textOf = (result: { content?: unknown }) =>
  (result.content as { text?: string }[] | undefined)?.[0]?.text;

test('server-everything answers over stdio, Streamable HTTP and SSE', async () => {
  const http = await startEverything('streamable-http');
  const sse = await startEverything('sse');
  for (const transport of [
    new StdioClientTransport({ ...everythingStdio(), stderr: 'pipe' }),
    new StreamableHTTPClientTransport(new URL(http.url)),
    new SSEClientTransport(new URL(sse.url)),
  ]) {
    const client = await connected(transport);
    const { tools } = await client.listTools();
    assert.ok(tools.some((tool) => tool.name === 'get-sum'));
    const sum = await client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } });
    assert.match(String(textOf(sum)), /5/);
    await client.close();
  }
});

test('the counting server counts its calls over stdio and HTTP, into one file', async () => {
  const countFile = join(await tempDir(), 'counts');
  const http = await startCountingHttp(countFile);
  for (const transport of [
    new StdioClientTransport({ ...countingStdio(countFile), stderr: 'pipe' }),
    new StreamableHTTPClientTransport(new URL(http.url)),
  ]) {
    const client = await connected(transport);
    const echoed = await client.callTool({ name: 'echo', arguments: { message: 'hi' } });
    assert.equal(textOf(echoed), 'hi');
    await client.close();
  }
  assert.deepEqual(await readCounts(countFile), [countLine.call('echo'), countLine.call('echo')]);
});

test('the hostile server answers after a line that is not JSON', async () => {
  const client = await connected(new StdioClientTransport({ ...hostileStdio(), stderr: 'pipe' }));
  const result = await client.callTool({ name: 'invalid-json', arguments: {} });
  assert.equal(textOf(result), 'after invalid json');
  await client.close();
});
