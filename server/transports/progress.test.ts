import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import type { RunJsOutput } from '../mcp/tool-schemas.ts';
import { BIN, startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';

const server = await startServerProcess();

const TRANSPORTS: [string, () => Promise<Transport>][] = [
  ['Streamable HTTP', async () => new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`))],
  ['legacy SSE', async () => new SSEClientTransport(new URL(`${server.url}/sse`))],
  [
    'stdio',
    async () =>
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, '--stdio', '--data-dir', await tempDir()],
        stderr: 'pipe',
      }),
  ],
];

// Busy for a while between its reports, so more than one interval passes.
const COUNTING = `
  for (let i = 1; i <= 40; i++) {
    let x = 0;
    for (let j = 0; j < 2e6; j++) x += j;
    progress(i, 40, 'step ' + i);
  }
  'counted'`;

for (const [name, transport] of TRANSPORTS) {
  test(`${name}: a run_js call with a progress token gets increasing progress notifications before its result; a fork that restores that run, and a call without a token, get none`, async () => {
    const client = new Client({ name: `progress-${name}`, version: '1.0.0' });
    // A progress notification for a request that has answered (or never asked) lands here.
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    await client.connect(await transport());
    const heard: Progress[] = [];
    const result = await client.callTool(
      { name: 'run_js', arguments: { session: 'progress', code: COUNTING } },
      undefined,
      { onprogress: (progress) => heard.push(progress) },
    );
    assert.equal((result.structuredContent as RunJsOutput).value, "'counted'");
    assert.ok(heard.length >= 1, 'at least the last progress arrived');
    assert.deepEqual(heard.at(-1), { progress: 40, total: 40, message: 'step 40' });
    for (let i = 1; i < heard.length; i++) {
      assert.ok((heard[i]?.progress ?? 0) > (heard[i - 1]?.progress ?? 0), 'progress increases');
    }
    // A fork from that heap restores it (from a snapshot, or by replaying the counting run):
    // progress asked for, and none reported.
    const forked: Progress[] = [];
    const fork = await client.callTool(
      {
        name: 'run_js',
        arguments: { heap: (result.structuredContent as RunJsOutput).heap, code: '"forked"' },
      },
      undefined,
      { onprogress: (progress) => forked.push(progress) },
    );
    assert.equal((fork.structuredContent as RunJsOutput).value, "'forked'");
    assert.deepEqual(forked, []);
    const silent = await client.callTool({
      name: 'run_js',
      arguments: { session: 'progress', code: 'progress(1, 2, "unasked"); 1' },
    });
    assert.equal((silent.structuredContent as RunJsOutput).value, '1');
    // One more round trip: a late notification of either call would have arrived by now.
    await client.callTool({ name: 'list_sessions', arguments: {} });
    assert.deepEqual(errors, []);
    await client.close();
  });
}
