// The server under steady load for a long time: 32 clients on their own sessions and 4 on one
// shared session, over Streamable HTTP, for SOAK_MINUTES (default 10; 0.34 for a 20 s check of
// errors). Every minute (or once, at the end of a shorter soak) it prints the runs per second, the
// errors so far and the RSS of the server and of each sandbox worker; the server's RSS must level
// off within its caches (message log bytes, live isolate bytes), not keep rising.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { childPids, connectClient, rssKiB, startIsolate } from './mcp-processes.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const ROW_MINUTES = Math.min(1, MINUTES);
const OWN_SESSIONS = 32;
const SHARED = 4;

const mib = (kib: number) => (kib / 1024).toFixed(1);

export async function soak() {
  const server = await startIsolate();
  let stop = false;
  let runs = 0;
  let errors = 0;
  try {
    const clients = await Promise.all(
      Array.from({ length: OWN_SESSIONS + SHARED }, () => connectClient('streamable-http', server)),
    );
    const loop = async (client: Client, session: string) => {
      while (!stop) {
        const result = await client.callTool({
          name: 'run_js',
          arguments: { session, code: 'var n = (globalThis.n ?? 0) + 1; n' },
        });
        if (result.isError) errors++;
        runs++;
      }
    };
    const loops = clients.map((client, i) =>
      loop(client, i < OWN_SESSIONS ? `own-${i}` : 'shared'),
    );
    console.log(
      `\n## Soak: ${OWN_SESSIONS} clients on own sessions + ${SHARED} on one shared session, ${MINUTES} min`,
    );
    console.log('| minute | runs/s | errors | server RSS | sandbox workers RSS |');
    console.log('| --- | --- | --- | --- | --- |');
    const print = async (minute: number, perSecond: number) => {
      const workers = await Promise.all(
        (await childPids(server.pid)).map(async (pid) => mib(await rssKiB(pid).catch(() => 0))),
      );
      console.log(
        `| ${minute} | ${perSecond.toFixed(0)} | ${errors} | ${mib(await rssKiB(server.pid))} MiB | ${workers.length ? `${workers.join(' MiB, ')} MiB` : 'none yet'} |`,
      );
    };
    await print(0, 0);
    for (let row = 1; row * ROW_MINUTES <= MINUTES; row++) {
      const before = runs;
      await new Promise((resolve) => setTimeout(resolve, ROW_MINUTES * 60_000));
      await print(row * ROW_MINUTES, (runs - before) / (ROW_MINUTES * 60));
    }
    stop = true;
    await Promise.all(loops);
    // The counters are exact: every run of the shared session and of each own session counted.
    const shared = await clients[0]?.callTool({
      name: 'run_js',
      arguments: { session: 'shared', code: 'n' },
    });
    const sharedRuns = (shared?.structuredContent as { value?: string } | undefined)?.value;
    console.log(`\n${runs} runs, ${errors} errors; the shared session counted ${sharedRuns}.`);
    await Promise.all(clients.map((client) => client.close()));
  } finally {
    stop = true;
    await server.stop();
  }
}

if (import.meta.main) await soak();
