// What one call of another MCP server costs a run: a warm run of `await mcp.everything.echo()`
// through a real engine and the server's upstream layer (as start-server.ts composes them), against
// the same run without the call and against a plain SDK v2 client's callTool of the same echo on its
// own connection (the floor), over stdio and then Streamable HTTP to server-everything. Then 10
// calls in one Promise.all against 10 plain calls at once. Every leg's calls are interleaved
// round by round (every other round in reverse), so all see the same machine at the same moment.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { McpServers } from '../contract/mcp-servers.ts';
import { MessageLog } from '../server/messages/message-log.ts';
import { upstreamPolicy } from '../server/upstream/upstream-config.ts';
import { UpstreamManager } from '../server/upstream/upstream-manager.ts';
import { benchEngine } from './bench-engine.ts';
import { connectClientV2, everythingStdio, startEverything } from './mcp-processes.ts';
import { median, ms, percentile } from './stats.ts';

const ROUNDS = Number(process.env.MCP_CALL_ROUNDS ?? 1000);
const WARMUP = 100;
const PARALLEL = 10;

const hi = { message: 'hi' };
const ONE = "await mcp.everything.echo({ message: 'hi' })";
const MANY = `await Promise.all(Array.from({ length: ${PARALLEL} }, () => mcp.everything.echo({ message: 'hi' })))`;

interface Leg {
  label: string;
  call: () => Promise<unknown>;
  samples: number[];
}

async function legsOver(transport: 'stdio' | 'streamable-http') {
  const everything = transport === 'stdio' ? undefined : await startEverything(transport);
  const servers: McpServers = everything
    ? { everything: { url: `${everything.url}/mcp` } }
    : {
        everything: {
          command: everythingStdio()[0] as string,
          args: everythingStdio().slice(1),
        },
      };
  // The upstream layer as the server makes it, its message log on disk.
  const logDir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bench-messages-'));
  const upstreams = new UpstreamManager({
    messages: await MessageLog.open({ dir: logDir }),
    logLine: () => {},
  });
  await upstreams.configure(servers);
  const { engine, close } = await benchEngine({
    workers: 1,
    snapshotIdleMs: 60_000,
    host: upstreams,
    upstream: upstreamPolicy(servers),
  });
  // The floor's client is the SDK the upstream layer uses (version 2, speaking 2025-11-25 as
  // server-everything does), so the two differ by what the layer adds, not by SDK.
  const plain = await connectClientV2(
    transport,
    everything ? { url: everything.url } : { command: everythingStdio() },
    '2025',
  );
  const run = (code: string) => async () => {
    const result = await engine.run({ session: 'bench', code });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  };
  const echo = () => plain.callTool({ name: 'echo', arguments: hi });
  const ask = async () => {
    const answer = await upstreams.ask(
      {
        type: 'tool-call',
        server: 'everything',
        tool: 'echo',
        arguments: JSON.stringify(hi),
        maxBytes: 1 << 20,
        timeoutMs: 30_000,
      },
      { session: 'bench', signal: new AbortController().signal },
    );
    if (!('result' in answer)) throw new Error(JSON.stringify(answer));
  };
  const legs: Leg[] = [
    { label: '(a) a warm run with one mcp call', call: run(ONE), samples: [] },
    { label: '(b) the same run without the call', call: run("'hi'"), samples: [] },
    { label: '(c) plain SDK callTool (floor)', call: echo, samples: [] },
    // Where the difference goes: the server's upstream layer alone, asked as the engine asks it.
    { label: '(d) the upstream layer alone (UpstreamManager.ask)', call: ask, samples: [] },
    {
      label: `(a${PARALLEL}) a run with ${PARALLEL} calls in one Promise.all`,
      call: run(MANY),
      samples: [],
    },
    {
      label: `(c${PARALLEL}) ${PARALLEL} plain callTool at once`,
      call: () => Promise.all(Array.from({ length: PARALLEL }, echo)),
      samples: [],
    },
  ];
  return {
    legs,
    stop: async () => {
      await plain.close();
      await upstreams.close();
      await close();
      await rm(logDir, { recursive: true, force: true });
      await everything?.stop();
    },
  };
}

const load = () =>
  loadavg()
    .map((each) => each.toFixed(2))
    .join(', ');

export async function mcpCall() {
  console.log(
    `\n## One call of another MCP server from a run (server-everything's echo; ${ROUNDS} rounds after ${WARMUP}, legs interleaved)`,
  );
  for (const transport of ['stdio', 'streamable-http'] as const) {
    const { legs, stop } = await legsOver(transport);
    const before = load();
    try {
      for (let round = 0; round < WARMUP + ROUNDS; round++) {
        for (const leg of round % 2 === 0 ? legs : [...legs].reverse()) {
          const t = performance.now();
          await leg.call();
          if (round >= WARMUP) leg.samples.push(performance.now() - t);
        }
      }
    } finally {
      await stop();
    }
    console.log(
      `\n### ${transport} (load average ${before} before, ${load()} after)\n| | median | p99 |\n| --- | --- | --- |`,
    );
    for (const leg of legs) {
      console.log(
        `| ${leg.label} | ${ms(median(leg.samples))} | ${ms(percentile(leg.samples, 99))} |`,
      );
    }
    const [a, b, c, d, a10, c10] = legs.map((leg) => median(leg.samples)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    console.log(
      `one call adds ${ms(a - b)} to a run (a − b), ${((a - b) / c).toFixed(2)}x a plain call (a − b) / c`,
    );
    console.log(
      `of which the upstream layer's ask is ${ms(d)} (d), the sandbox, the worker's ask and the record ${ms(a - b - d)} (a − b − d)`,
    );
    console.log(
      `${PARALLEL} calls at once add ${ms(a10 - b)} to a run (a${PARALLEL} − b), ${((a10 - b) / c10).toFixed(2)}x ${PARALLEL} plain calls at once (a${PARALLEL} − b) / c${PARALLEL}`,
    );
  }
}

if (import.meta.main) await mcpCall();
