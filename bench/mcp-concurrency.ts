// 50 Streamable HTTP clients at once, each on its own session: throughput and latency; and
// what an idle connection costs the server in memory. Once with the SDK 1.32 client speaking
// 2025-11-25 (a session and an MCP server per client), once with the SDK's version 2 client
// pinned to 2026-07-28 (no session: the server builds an MCP server for every request).
// `node --no-node-snapshot bench/mcp-concurrency.ts /path/to/other/tree` loads that tree's
// server with the 2025 clients instead (a before-and-after comparison).
import { resolve } from 'node:path';
import {
  connectClient,
  connectClientV2,
  rssKiB,
  startIsolate,
  treeCpuMs,
} from './mcp-processes.ts';
import { median, ms, percentile } from './stats.ts';

const CLIENTS = 50;
const RUNS_EACH = 40;
const IDLE_CONNECTIONS = 200;

type Era = '2025' | '2026';

/** A connected Streamable HTTP client of the era's SDK: one tool call, and the end. */
interface BenchClient {
  call(name: string, args: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

async function connect(era: Era, server: { url: string }): Promise<BenchClient> {
  if (era === '2025') {
    const client = await connectClient('streamable-http', server);
    return {
      call: (name, args) => client.callTool({ name, arguments: args }),
      close: () => client.close(),
    };
  }
  const client = await connectClientV2('streamable-http', server, '2026');
  return {
    call: (name, args) => client.callTool({ name, arguments: args }),
    close: () => client.close(),
  };
}

let serverTree = 'this tree';

const describe = (era: Era) =>
  `${era === '2025' ? 'SDK 1.32 clients, 2025-11-25' : 'SDK v2 clients, 2026-07-28'}; server of ${serverTree}`;

async function concurrency(era: Era, otherTree?: string) {
  const server = await startIsolate(
    [],
    otherTree === undefined ? undefined : resolve(otherTree, 'bin/mcp-isolate.mjs'),
  );
  try {
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => connect(era, server)));
    const run = (client: BenchClient, i: number) =>
      client.call('run_js', { session: `c${i}`, code: 'var n = (globalThis.n ?? 0) + 1; n' });
    // Warm-up: every session exists and is live before the clock starts.
    await Promise.all(clients.map(run));
    const latencies: number[] = [];
    // CPU time while the runs run: the server's with its sandbox workers', and this process's
    // (the clients'), which share the machine's 2 cores with it.
    const serverCpu = await treeCpuMs(server.pid);
    const clientsCpu = process.cpuUsage();
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
    const runs = CLIENTS * RUNS_EACH;
    const serverCpuPerRun = ((await treeCpuMs(server.pid)) - serverCpu) / runs;
    const { user, system } = process.cpuUsage(clientsCpu);
    const clientsCpuPerRun = (user + system) / 1000 / runs;
    await Promise.all(clients.map((client) => client.close()));
    console.log(
      `\n## ${CLIENTS} concurrent Streamable HTTP clients, ${RUNS_EACH} runs each, own sessions (${describe(era)})`,
    );
    console.log(
      "| runs/s | median latency | p99 latency | server CPU per run (with workers) | clients' CPU per run |\n| --- | --- | --- | --- | --- |",
    );
    console.log(
      `| ${(runs / seconds).toFixed(0)} | ${ms(median(latencies))} | ${ms(percentile(latencies, 99))} | ${ms(serverCpuPerRun)} | ${ms(clientsCpuPerRun)} |`,
    );

    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = await rssKiB(server.pid);
    const idle = [];
    for (let i = 0; i < IDLE_CONNECTIONS; i++) idle.push(await connect(era, server));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await rssKiB(server.pid);
    console.log(
      `\n## Memory of ${IDLE_CONNECTIONS} idle Streamable HTTP connections (server RSS; ${describe(era)})`,
    );
    console.log('| RSS before | RSS after | per idle connection |\n| --- | --- | --- |');
    console.log(
      `| ${(before / 1024).toFixed(1)} MiB | ${(after / 1024).toFixed(1)} MiB | ${((after - before) / IDLE_CONNECTIONS).toFixed(1)} KiB |`,
    );
    await Promise.all(idle.map((client) => client.close()));
  } finally {
    await server.stop();
  }
}

/** Both eras on this tree's server; or, given another tree (before a change), 2025 on its. */
export async function mcpConcurrency(otherTree?: string) {
  if (otherTree !== undefined) {
    serverTree = otherTree;
    await concurrency('2025', otherTree);
    return;
  }
  for (const era of ['2025', '2026'] as const) await concurrency(era);
}

if (import.meta.main) await mcpConcurrency(process.argv[2]);
