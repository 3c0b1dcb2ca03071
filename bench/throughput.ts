// Runs per second across 1, 4 and 16 sessions at once, each session running its runs in turn.
import { availableParallelism } from 'node:os';
import { benchEngine } from './bench-engine.ts';
import { median, ms, percentile } from './stats.ts';

const RUNS_PER_SESSION = 400;

export async function throughput(sessionCounts = [1, 4, 16]) {
  const { engine, close } = await benchEngine({ snapshotIdleMs: 60_000 });
  const rows: string[] = [];
  for (const sessions of sessionCounts) {
    const names = Array.from({ length: sessions }, (_, i) => `tp-${sessions}-${i}`);
    await Promise.all(names.map((session) => engine.run({ session, code: 'var n = 0' })));
    const perRun: number[] = [];
    const runsEach = Math.ceil(RUNS_PER_SESSION / Math.sqrt(sessions));
    const started = performance.now();
    await Promise.all(
      names.map(async (session) => {
        for (let i = 0; i < runsEach; i++) {
          const t = performance.now();
          const result = await engine.run({ session, code: 'n += 1' });
          if (!result.ok) throw new Error(result.error?.message);
          perRun.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    rows.push(
      `| ${sessions} | ${(perRun.length / seconds).toFixed(0)} | ${ms(median(perRun))} | ${ms(percentile(perRun, 99))} |`,
    );
  }
  await close();
  console.log(`\n## Throughput (${availableParallelism()} cores, default worker pool)`);
  console.log(
    '| sessions at once | runs/s | median latency | p99 latency |\n| --- | --- | --- | --- |',
  );
  for (const row of rows) console.log(row);
}

if (import.meta.main) await throughput();
