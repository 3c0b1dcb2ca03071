// What the server costs at rest: the resident memory of its whole process tree when idle, against
// the reference "everything" server measured in the same run; and what the first run on a fresh
// process takes, when the sandbox workers start on demand.
import { readFile } from 'node:fs/promises';
import { SERVER_NODE_FLAGS } from '../contract/server-process.ts';
import {
  childPids,
  connectClient,
  rssKiB,
  startEverything,
  startIsolate,
} from './mcp-processes.ts';
import { ms } from './stats.ts';

const SETTLE_MS = 3000;
const settle = (time = SETTLE_MS) => new Promise((resolve) => setTimeout(resolve, time));

/** The process and all its descendants (Linux /proc), each with its RSS in KiB. */
async function tree(pid: number): Promise<{ pid: number; command: string; kib: number }[]> {
  const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  const script = args.find((arg) => /\.(ts|mjs|js)$/.test(arg)) ?? args[0] ?? '?';
  const command = script.replace(/.*\//, '');
  const own = { pid, command, kib: await rssKiB(pid).catch(() => 0) };
  const below = await Promise.all((await childPids(pid)).map(tree));
  return [own, ...below.flat()];
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
const total = (processes: { kib: number }[]) => processes.reduce((sum, p) => sum + p.kib, 0);
const describe = (processes: { command: string; kib: number }[]) =>
  processes.map((p) => `${p.command} ${mib(p.kib)}`).join(', ');

export async function footprint() {
  const everything = await startEverything('streamable-http');
  await settle();
  const floor = await tree(everything.pid);
  await everything.stop();

  const asTheAppStartsIt = await startIsolate(SERVER_NODE_FLAGS);
  await settle();
  const appIdle = await tree(asTheAppStartsIt.pid);
  await asTheAppStartsIt.stop();

  const server = await startIsolate();
  try {
    await settle();
    const idle = await tree(server.pid);
    const client = await connectClient('streamable-http', server);
    const started = performance.now();
    await client.callTool({ name: 'run_js', arguments: { code: '1 + 1' } });
    const firstRun = performance.now() - started;
    const again = performance.now();
    await client.callTool({ name: 'run_js', arguments: { code: '1 + 1' } });
    const secondRun = performance.now() - again;
    await settle();
    const working = await tree(server.pid);
    await client.close();

    console.log('\n## Footprint at rest (RSS of the whole process tree, idle 3 s after start)');
    console.log('| server | tree RSS | processes |\n| --- | --- | --- |');
    console.log(`| server-everything (floor) | ${mib(total(floor))} | ${describe(floor)} |`);
    console.log(`| MCP Isolate, idle | ${mib(total(idle))} | ${describe(idle)} |`);
    console.log(
      `| MCP Isolate, idle, as the app starts it (${SERVER_NODE_FLAGS.join(' ')}) | ${mib(total(appIdle))} | ${describe(appIdle)} |`,
    );
    console.log(`| MCP Isolate, after a run | ${mib(total(working))} | ${describe(working)} |`);
    console.log(
      `\nFirst run on a fresh process (over Streamable HTTP, starting its sandbox worker): ${ms(firstRun)}; the next: ${ms(secondRun)}.`,
    );
  } finally {
    await server.stop();
  }
}

if (import.meta.main) await footprint();
