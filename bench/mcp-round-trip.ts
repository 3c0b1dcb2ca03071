// run_js round trip (warm session, trivial code) over stdio, SSE and Streamable HTTP, against
// the reference "everything" server's echo tool over the same transport in the same run. The
// SDK 1.32 client speaks 2025-11-25 on all three; the SDK's version 2 client speaks 2025-11-25
// (its default) or 2026-07-28 (pinned) on stdio and Streamable HTTP (2026 has no SSE). The
// everything server speaks 2025 only, so every row's floor is a 2025 client's echo: the same
// SDK's client as the row's, at its default.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BenchClient,
  type BenchTransport,
  type ClientChoice,
  connectBenchClient,
  describeClient,
  everythingStdio,
  isolateStdio,
  startEverything,
  startIsolate,
} from './mcp-processes.ts';
import { median, ms, percentile, timeEach } from './stats.ts';

const CALLS = 500;
const WARMUP = 50;

async function measure(client: BenchClient, call: () => Promise<unknown>): Promise<number[]> {
  await timeEach(WARMUP, call);
  const samples = await timeEach(CALLS, call);
  await client.close();
  return samples;
}

const runJs = (client: BenchClient) => () =>
  client.call('run_js', { session: 'bench', code: '1 + 1' });
const echo = (client: BenchClient) => () => client.call('echo', { message: 'hi' });

/** The floor's client: the same SDK as the row's, speaking 2025 (all server-everything speaks). */
const floorClient = (choice: ClientChoice): ClientChoice =>
  choice.sdk === '1.32' ? choice : { sdk: 'v2', era: '2025' };

async function roundTrips(transport: BenchTransport, choice: ClientChoice) {
  if (transport === 'stdio') {
    const dataDir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bench-'));
    const ours = await connectBenchClient(choice, 'stdio', { command: isolateStdio(dataDir) });
    const isolate = await measure(ours, runJs(ours));
    await rm(dataDir, { recursive: true, force: true });
    const theirs = await connectBenchClient(floorClient(choice), 'stdio', {
      command: everythingStdio(),
    });
    return { isolate, floor: await measure(theirs, echo(theirs)) };
  }
  const server = await startIsolate();
  const everything = await startEverything(transport);
  try {
    const ours = await connectBenchClient(choice, transport, server);
    const theirs = await connectBenchClient(floorClient(choice), transport, everything);
    return {
      isolate: await measure(ours, runJs(ours)),
      floor: await measure(theirs, echo(theirs)),
    };
  } finally {
    await server.stop();
    await everything.stop();
  }
}

/** The rows: the SDK 1.32 client's three (as before issue 28), then version 2's in each era. */
const ROWS: readonly { transport: BenchTransport; choice: ClientChoice }[] = [
  ...(['stdio', 'sse', 'streamable-http'] as const).map((transport) => ({
    transport,
    choice: { sdk: '1.32' } as const,
  })),
  ...(['2025', '2026'] as const).flatMap((era) =>
    (['stdio', 'streamable-http'] as const).map((transport) => ({
      transport,
      choice: { sdk: 'v2', era } as const,
    })),
  ),
];

export async function mcpRoundTrip() {
  console.log(`\n## run_js round trip, warm session (${CALLS} calls after ${WARMUP})`);
  console.log(
    "Each row's floor is server-everything's echo over the same transport from the same SDK's client speaking 2025-11-25 (server-everything speaks 2025 only).\n",
  );
  console.log(
    '| transport | client | echo of server-everything (floor) median / p99 | run_js median / p99 | ratio of medians |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const { transport, choice } of ROWS) {
    const { isolate, floor } = await roundTrips(transport, choice);
    console.log(
      `| ${transport} | ${describeClient(choice)} | ${ms(median(floor))} / ${ms(percentile(floor, 99))} | ${ms(median(isolate))} / ${ms(percentile(isolate, 99))} | ${(median(isolate) / median(floor)).toFixed(2)}x |`,
    );
  }
}

if (import.meta.main) await mcpRoundTrip();
