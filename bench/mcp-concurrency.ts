// 50 Streamable HTTP clients at once, each on its own session: throughput and latency; and
// what an idle connection costs the server in memory.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { connectClient, rssKiB, startIsolate } from './mcp-processes.ts';
import { median, ms, percentile } from './stats.ts';

const CLIENTS = 50;
const RUNS_EACH = 40;
const IDLE_CONNECTIONS = 200;

export async function mcpConcurrency() {
  const server = await startIsolate();
  try {
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => connectClient('streamable-http', server)),
    );
    const run = (client: Client, i: number) =>
      client.callTool({
        name: 'run_js',
        arguments: { session: `c${i}`, code: 'var n = (globalThis.n ?? 0) + 1; n' },
      });
    // Warm-up: every session exists and is live before the clock starts.
    await Promise.all(clients.map(run));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      clients.map(async (client, i) => {
        for (let r = 0; r < RUNS_EACH; r++) {
          const t = performance.now();
          await run(client, i);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(clients.map((client) => client.close()));
    console.log(
      `\n## ${CLIENTS} concurrent Streamable HTTP clients, ${RUNS_EACH} runs each, own sessions`,
    );
    console.log('| runs/s | median latency | p99 latency |\n| --- | --- | --- |');
    console.log(
      `| ${((CLIENTS * RUNS_EACH) / seconds).toFixed(0)} | ${ms(median(latencies))} | ${ms(percentile(latencies, 99))} |`,
    );

    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await rssKiB(server.pid);
    const idle = [];
    for (let i = 0; i < IDLE_CONNECTIONS; i++)
      idle.push(await connectClient('streamable-http', server));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await rssKiB(server.pid);
    console.log(`\n## Memory of ${IDLE_CONNECTIONS} idle Streamable HTTP connections (server RSS)`);
    console.log('| RSS before | RSS after | per idle connection |\n| --- | --- | --- |');
    console.log(
      `| ${(before / 1024).toFixed(1)} MiB | ${(after / 1024).toFixed(1)} MiB | ${((after - before) / IDLE_CONNECTIONS).toFixed(1)} KiB |`,
    );
    await Promise.all(idle.map((client) => client.close()));
  } finally {
    await server.stop();
  }
}

if (import.meta.main) await mcpConcurrency();
