// What a run that fetches many large bodies at once makes a sandbox worker hold: 60 parallel
// fetches of 10 MiB each (every one within netResponseBytes), with netTotalBytes at its default
// against netTotalBytes at the most it may be set to, each on a fresh worker, side by side in the
// same run. The worker's peak resident memory is read from /proc (Linux).
import { readFile } from 'node:fs/promises';
import { DEFAULT_LIMITS } from '../contract/limits.ts';
import { SETTING_DECLARATIONS } from '../contract/settings-registry.ts';
import { startRemoteSite } from '../server/test-support/remote-site.ts';
import { benchEngine } from './bench-engine.ts';
import { median } from './stats.ts';

const MIB = 1024 * 1024;

/** A process's peak resident set (VmHWM), in MiB. */
async function peakMib(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

export async function parallelFetchMemory(requests = 60, samples = 3) {
  if (process.platform !== 'linux') {
    console.log('\n## Parallel fetches: skipped (reads /proc, Linux only)');
    return;
  }
  const site = await startRemoteSite();
  const code = `await Promise.all(Array.from({ length: ${requests} }, () =>
    fetch('${site.origin}/bytes?n=${10 * MIB}').then((r) => r.arrayBuffer()))).then(
    (bodies) => bodies.length)`;
  const measure = async (netTotalBytes: number) => {
    const peaks: number[] = [];
    const outcomes = new Set<string>();
    for (let i = 0; i < samples; i++) {
      const { engine, close } = await benchEngine({
        workers: 1,
        net: { allowNet: [site.host], netHeaders: [] },
        limits: { netTotalBytes, memoryMb: 1024 },
      });
      await engine.run({ code: '1' });
      const [pid] = engine.workerPids();
      const result = await engine.run({ code });
      outcomes.add(result.ok ? `ok (${result.value})` : (result.error?.code ?? 'failed'));
      peaks.push(await peakMib(pid as number));
      await close();
    }
    return { peak: median(peaks), outcomes: [...outcomes].join(', ') };
  };
  const bounded = await measure(DEFAULT_LIMITS.netTotalBytes);
  const [, most] = SETTING_DECLARATIONS.netTotalBytes.range;
  const largest = await measure(most);
  await site.close();

  console.log(
    `\n## ${requests} parallel fetches of 10 MiB in one run (the worker's peak RSS, median of ${samples} fresh workers)`,
  );
  console.log('| netTotalBytes | peak RSS | the run |\n| --- | --- | --- |');
  console.log(
    `| ${DEFAULT_LIMITS.netTotalBytes} (default) | ${bounded.peak.toFixed(0)} MiB | ${bounded.outcomes} |`,
  );
  console.log(
    `| ${most} (the most it may be) | ${largest.peak.toFixed(0)} MiB | ${largest.outcomes} |`,
  );
  console.log(`ratio: ${(largest.peak / bounded.peak).toFixed(1)}x the default's peak`);
}

if (import.meta.main) await parallelFetchMemory();
