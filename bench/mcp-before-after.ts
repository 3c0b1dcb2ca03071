// The MCP round trip of this tree's server against another tree's (`node --no-node-snapshot
// bench/mcp-before-after.ts /path/to/other/tree`, e.g. a worktree of the commit before a
// change), with the floors, every client's calls interleaved one by one, so all see the same
// machine at the same moment: on a machine shared with other work, runs one after another
// differ more than the change does. Per transport: run_js from the SDK 1.32 client on both
// trees and server-everything's echo from it; on stdio and Streamable HTTP also this tree's
// run_js from the SDK v2 client in 2025-11-25 and pinned to 2026-07-28, server-everything's
// echo from the v2 client (2025, all it speaks) and the SDK v2 echo server's in both eras.
// Each leg has its own server process, whose CPU time per call (with its sandbox workers') is
// counted too: unlike the latency, it hardly moves with what else the machine runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type BenchClient,
  type BenchTransport,
  type ClientChoice,
  connectBenchClient,
  describeClient,
  everythingStdio,
  isolateStdio,
  type RunningProcess,
  sdkEchoStdio,
  startEverything,
  startIsolate,
  startSdkEcho,
  treeCpuMs,
} from './mcp-processes.ts';
import { median, ms, percentile } from './stats.ts';

const CALLS = Number(process.env.BEFORE_AFTER_CALLS ?? 1000);
const WARMUP = 50;

interface Leg {
  label: string;
  sdk: ClientChoice['sdk'];
  floor: boolean;
  /** The process serving this leg alone, whose CPU time (with its workers') is counted. */
  serverPid?: number;
  cpuMs: number;
  client: BenchClient;
  call: () => Promise<unknown>;
  samples: number[];
}

const runJs = { session: 'bench', code: '1 + 1' };
const hi = { message: 'hi' };

async function transportLegs(transport: BenchTransport, otherBin: string) {
  const started: RunningProcess[] = [];
  const dataDirs: string[] = [];
  const place = async (server: 'after' | 'before' | 'everything' | 'sdk-echo') => {
    if (transport === 'stdio') {
      if (server === 'everything') return { command: everythingStdio() };
      if (server === 'sdk-echo') return { command: sdkEchoStdio() };
      const dataDir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bench-'));
      dataDirs.push(dataDir);
      return { command: isolateStdio(dataDir, server === 'before' ? otherBin : undefined) };
    }
    const running =
      server === 'everything'
        ? await startEverything(transport)
        : server === 'sdk-echo'
          ? await startSdkEcho()
          : await startIsolate([], server === 'before' ? otherBin : undefined);
    started.push(running);
    return running;
  };
  const v1: ClientChoice = { sdk: '1.32' };
  const v2025: ClientChoice = { sdk: 'v2', era: '2025' };
  const v2026: ClientChoice = { sdk: 'v2', era: '2026' };
  const plan: [string, ClientChoice, 'after' | 'before' | 'everything' | 'sdk-echo'][] = [
    ['run_js, before', v1, 'before'],
    ['run_js, after', v1, 'after'],
    ['echo of server-everything (floor)', v1, 'everything'],
  ];
  if (transport !== 'sse') {
    plan.push(
      ['run_js, after', v2025, 'after'],
      ['run_js, after', v2026, 'after'],
      ['echo of server-everything (floor)', v2025, 'everything'],
      ['echo of the SDK v2 echo server', v2025, 'sdk-echo'],
      ['echo of the SDK v2 echo server', v2026, 'sdk-echo'],
    );
  }
  // Every leg has a server process of its own, so its CPU time is the leg's.
  const legs: Leg[] = [];
  for (const [what, choice, server] of plan) {
    const target = await place(server);
    const client = await connectBenchClient(choice, transport, target);
    const isEcho = server === 'everything' || server === 'sdk-echo';
    legs.push({
      label: `${what} (${describeClient(choice)})`,
      sdk: choice.sdk,
      floor: server === 'everything',
      serverPid: 'pid' in target ? target.pid : client.serverPid,
      cpuMs: 0,
      client,
      call: () => client.call(isEcho ? 'echo' : 'run_js', isEcho ? hi : runJs),
      samples: [],
    });
  }
  return {
    legs,
    stop: async () => {
      await Promise.all(legs.map((leg) => leg.client.close()));
      await Promise.all(started.map((running) => running.stop()));
      await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

export async function mcpBeforeAfter(otherTree: string) {
  const otherBin = resolve(otherTree, 'bin/mcp-isolate.mjs');
  console.log(
    `\n## run_js round trip, this tree against ${otherTree} ("before"), calls interleaved (${CALLS} rounds after ${WARMUP})`,
  );
  for (const transport of ['stdio', 'sse', 'streamable-http'] as const) {
    const { legs, stop } = await transportLegs(transport, otherBin);
    const cpu = (leg: Leg) => (leg.serverPid ? treeCpuMs(leg.serverPid) : Number.NaN);
    try {
      for (let round = 0; round < WARMUP + CALLS; round++) {
        if (round === WARMUP) for (const leg of legs) leg.cpuMs = -(await cpu(leg));
        // Every other round in reverse, so no leg always follows the same one.
        for (const leg of round % 2 === 0 ? legs : [...legs].reverse()) {
          const t = performance.now();
          await leg.call();
          if (round >= WARMUP) leg.samples.push(performance.now() - t);
        }
      }
      for (const leg of legs) leg.cpuMs += await cpu(leg);
    } finally {
      await stop();
    }
    console.log(
      `\n### ${transport}\n| client | median | p99 | / floor | server CPU per call |\n| --- | --- | --- | --- | --- |`,
    );
    for (const leg of legs) {
      // The floor: server-everything's echo from the same SDK's client.
      const floor = legs.find((other) => other.floor && other.sdk === leg.sdk);
      const ratio = floor ? median(leg.samples) / median(floor.samples) : Number.NaN;
      console.log(
        `| ${leg.label} | ${ms(median(leg.samples))} | ${ms(percentile(leg.samples, 99))} | ${ratio.toFixed(2)}x | ${ms(leg.cpuMs / CALLS)} |`,
      );
    }
  }
}

if (import.meta.main) {
  const other = process.argv[2];
  if (!other) throw new Error('usage: bench/mcp-before-after.ts /path/to/other/tree');
  await mcpBeforeAfter(other);
}
