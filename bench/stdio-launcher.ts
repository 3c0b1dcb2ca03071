// The stdio launcher's cost: a client starting MCP Isolate over stdio (spawn, initialize, one
// tools/list, close) through DATA/bin/mcp-isolate, against the runtime's own command, the two
// interleaved, joining a running server as a client does while the app runs.
import { callAdmin } from '../server/test-support/admin-api.ts';
import { connectClient, isolateStdio, startIsolate } from './mcp-processes.ts';
import { median, ms, percentile } from './stats.ts';

const ROUNDS = 15;

export async function stdioLauncher() {
  const server = await startIsolate();
  try {
    const { endpoints } = await callAdmin(server, 'getStatus');
    const commands = {
      'the launcher': endpoints.stdioCommand,
      "the runtime's own": isolateStdio(server.dataDir),
    };
    const samples = new Map<string, number[]>(Object.keys(commands).map((name) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, command] of Object.entries(commands)) {
        const started = performance.now();
        const client = await connectClient('stdio', { command });
        await client.listTools();
        await client.close();
        samples.get(name)?.push(performance.now() - started);
      }
    }
    console.log(
      `\n## stdio client start, spawn to first answer and close (median of ${ROUNDS}, interleaved)`,
    );
    const direct = median(samples.get("the runtime's own") ?? []);
    for (const [name, times] of samples) {
      console.log(
        `${name.padEnd(18)} ${ms(median(times))}  p90 ${ms(percentile(times, 90))}  ratio ${(median(times) / direct).toFixed(3)}`,
      );
    }
    if (!endpoints.stdioCommand[0]?.endsWith('/bin/mcp-isolate')) {
      console.log('(no launcher on this platform: both rows ran the runtime itself)');
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.main) await stdioLauncher();
