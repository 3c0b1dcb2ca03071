// A warm run that makes one small fetch, against the same fetch from plain Node in this process
// (the floor: what the network costs without a sandbox), and against the same run without the
// fetch, all measured in this same run against a site on 127.0.0.1.
import { startRemoteSite } from '../server/test-support/remote-site.ts';
import { benchEngine } from './bench-engine.ts';
import { median, ms, percentile, timeEach } from './stats.ts';

export async function fetchRun(count = 500) {
  const site = await startRemoteSite();
  const url = `${site.origin}/text`;
  await timeEach(100, async () => (await fetch(url)).text());
  const plain = await timeEach(count, async () => (await fetch(url)).text());

  const { engine, close } = await benchEngine({
    workers: 1,
    snapshotIdleMs: 60_000,
    net: { allowNet: [site.host], netHeaders: [] },
  });
  const code = `n += (await (await fetch('${url}')).text()).length`;
  await engine.run({ session: 'fetch', code: 'var n = 0' });
  await timeEach(100, () => engine.run({ session: 'fetch', code }));
  const runs = await timeEach(count, async () => {
    const result = await engine.run({ session: 'fetch', code });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  });
  const without = await timeEach(count, () => engine.run({ session: 'fetch', code: 'n += 5' }));
  await close();
  await site.close();

  console.log(`\n## A run with one small fetch (${count} runs, a site on 127.0.0.1)`);
  console.log('| | median | p99 |\n| --- | --- | --- |');
  console.log(
    `| the same fetch from plain Node (floor) | ${ms(median(plain))} | ${ms(percentile(plain, 99))} |`,
  );
  console.log(
    `| engine.run with the fetch, warm session | ${ms(median(runs))} | ${ms(percentile(runs, 99))} |`,
  );
  console.log(
    `| engine.run without it | ${ms(median(without))} | ${ms(percentile(without, 99))} |`,
  );
  console.log(
    `ratio of medians: ${(median(runs) / median(plain)).toFixed(1)}x the plain fetch; the fetch adds ${ms(median(runs) - median(without))} to a run`,
  );
}

if (import.meta.main) await fetchRun();
