// An engine in a process of its own, driven by JSON lines on stdin (one run per line, started as
// it arrives; one result per line on stdout, as each ends), so a test can kill it with SIGKILL
// like a crash would. Its options (beyond the data directory) may be given as JSON after the
// data directory.
import { createInterface } from 'node:readline';
import { Engine } from '../engine/engine.ts';
import type { EngineOptions } from '../engine/engine-types.ts';

const [dataDir, options = '{}'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: engine-process.ts DATA_DIR [OPTIONS_JSON]');
const engine = await Engine.start({
  dataDir,
  workers: 1,
  log: () => {},
  ...(JSON.parse(options) as EngineOptions),
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const runs: Promise<void>[] = [];
for await (const line of createInterface({ input: process.stdin })) {
  runs.push(
    engine.run(JSON.parse(line)).then((result) => {
      // The workers are started by the first run: each answer names the ones running.
      process.stdout.write(`${JSON.stringify({ ...result, workers: engine.workerPids() })}\n`);
    }),
  );
}
await Promise.all(runs);
await engine.close();
