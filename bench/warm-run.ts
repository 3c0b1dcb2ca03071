// Warm run of a trivial snippet (the session's isolate is live) against the floor: a bare
// isolated-vm eval in an existing context, measured in this same process and run.
import ivm from 'isolated-vm';
import { benchEngine } from './bench-engine.ts';
import { median, ms, percentile, timeEach } from './stats.ts';

export async function warmRun(count = 2000) {
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  const context = await isolate.createContext();
  await timeEach(200, () => context.eval('1 + 1'));
  const floor = await timeEach(count, () => context.eval('1 + 1', { timeout: 30_000 }));
  isolate.dispose();

  const { engine, close } = await benchEngine({ workers: 1, snapshotIdleMs: 60_000 });
  await engine.run({ session: 'warm', code: 'var n = 0' });
  await timeEach(200, () => engine.run({ session: 'warm', code: 'n += 1' }));
  const runs = await timeEach(count, () => engine.run({ session: 'warm', code: 'n += 1' }));
  await close();

  console.log(`\n## Warm run of a trivial snippet (${count} runs)`);
  console.log('| | median | p99 |\n| --- | --- | --- |');
  console.log(
    `| bare isolated-vm eval (floor) | ${ms(median(floor))} | ${ms(percentile(floor, 99))} |`,
  );
  console.log(`| engine.run, warm session | ${ms(median(runs))} | ${ms(percentile(runs, 99))} |`);
  console.log(`ratio of medians: ${(median(runs) / median(floor)).toFixed(1)}x the floor`);
}

if (import.meta.main) await warmRun();
