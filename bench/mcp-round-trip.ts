// run_js round trip (warm session, trivial code) over stdio, SSE and Streamable HTTP, against
// the reference "everything" server's echo tool over the same transport in the same run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type BenchTransport,
  connectClient,
  everythingStdio,
  isolateStdio,
  startEverything,
  startIsolate,
} from './mcp-processes.ts';
import { median, ms, percentile, timeEach } from './stats.ts';

const CALLS = 500;
const WARMUP = 50;

async function measure(client: Client, call: () => Promise<unknown>): Promise<number[]> {
  await timeEach(WARMUP, call);
  const samples = await timeEach(CALLS, call);
  await client.close();
  return samples;
}

async function roundTrips(transport: BenchTransport) {
  const runJs = (client: Client) => () =>
    client.callTool({ name: 'run_js', arguments: { session: 'bench', code: '1 + 1' } });
  const echo = (client: Client) => () =>
    client.callTool({ name: 'echo', arguments: { message: 'hi' } });
  if (transport === 'stdio') {
    const dataDir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bench-'));
    const ours = await connectClient('stdio', { command: isolateStdio(dataDir) });
    const isolate = await measure(ours, runJs(ours));
    await rm(dataDir, { recursive: true, force: true });
    const theirs = await connectClient('stdio', { command: everythingStdio() });
    return { isolate, floor: await measure(theirs, echo(theirs)) };
  }
  const server = await startIsolate();
  const everything = await startEverything(transport);
  try {
    const ours = await connectClient(transport, server);
    const theirs = await connectClient(transport, everything);
    return {
      isolate: await measure(ours, runJs(ours)),
      floor: await measure(theirs, echo(theirs)),
    };
  } finally {
    await server.stop();
    await everything.stop();
  }
}

export async function mcpRoundTrip() {
  console.log(`\n## run_js round trip, warm session (${CALLS} calls after ${WARMUP})`);
  console.log(
    '| transport | echo of server-everything (floor) median / p99 | run_js median / p99 | ratio of medians |',
  );
  console.log('| --- | --- | --- | --- |');
  for (const transport of ['stdio', 'sse', 'streamable-http'] as const) {
    const { isolate, floor } = await roundTrips(transport);
    console.log(
      `| ${transport} | ${ms(median(floor))} / ${ms(percentile(floor, 99))} | ${ms(median(isolate))} / ${ms(percentile(isolate, 99))} | ${(median(isolate) / median(floor)).toFixed(1)}x |`,
    );
  }
}

if (import.meta.main) await mcpRoundTrip();
