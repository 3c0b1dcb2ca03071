// Warm runs that use the session's files, against the same run without them and against plain
// Node reading and writing the same bytes on this disk (the floor), all measured in this run.
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newTempDir } from '../server/test-support/temp-dir.ts';
import { benchEngine } from './bench-engine.ts';
import { median, ms, percentile, timeEach } from './stats.ts';

const MiB = 1024 * 1024;

export async function fileRun(count = 200) {
  const folder = await newTempDir();
  const path = join(folder, 'data.bin');
  const bytes = Buffer.alloc(MiB, 7);
  const plainWrite = await timeEach(count, async () => writeFileSync(path, bytes));
  const plainRead = await timeEach(count, async () => readFileSync(path).byteLength);
  await rm(folder, { recursive: true, force: true });

  const { engine, close } = await benchEngine({ workers: 1, snapshotIdleMs: 60_000 });
  const session = 'files';
  const run = async (code: string, files?: Record<string, { base64: string }>) => {
    const result = await engine.run({ session, code, ...(files && { files }) });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  };
  await run("import { readFileSync, writeFileSync, existsSync } from 'node:fs'; var n = 0", {
    'data.bin': { base64: bytes.toString('base64') },
  });
  await timeEach(50, () => run('n += 1'));
  const without = await timeEach(count, () => run('n += 1'));
  const exists = await timeEach(count, () => run("n += existsSync('data.bin') ? 1 : 0"));
  const read = await timeEach(count, () => run("n += readFileSync('data.bin').byteLength"));
  const write = await timeEach(count, (i) =>
    run(`writeFileSync('out.bin', new Uint8Array(${MiB}).fill(${i % 256})); n += 1`),
  );
  const given = await timeEach(Math.min(count, 50), (i) =>
    run('n += 1', { [`given-${i % 4}.bin`]: { base64: bytes.toString('base64') } }),
  );
  await close();

  const row = (label: string, samples: number[]) =>
    console.log(`| ${label} | ${ms(median(samples))} | ${ms(percentile(samples, 99))} |`);
  console.log(`\n## Runs that use the session's files (${count} runs, 1 MiB files)`);
  console.log('| | median | p99 |\n| --- | --- | --- |');
  row('plain Node readFileSync of 1 MiB (floor)', plainRead);
  row('plain Node writeFileSync of 1 MiB (floor)', plainWrite);
  row('engine.run, warm, touching no files', without);
  row('engine.run calling existsSync (loads the tree)', exists);
  row('engine.run reading a 1 MiB file', read);
  row('engine.run writing a 1 MiB file (hashed, stored, synced)', write);
  row('engine.run given a 1 MiB file (run_js files)', given);
  console.log(
    `a run's first file call adds ${ms(median(exists) - median(without))}; reading 1 MiB adds ${ms(median(read) - median(without))} (${(median(read) / median(plainRead)).toFixed(1)}x plain Node's whole read); writing 1 MiB adds ${ms(median(write) - median(without))} (${(median(write) / median(plainWrite)).toFixed(1)}x plain Node's write)`,
  );
}

if (import.meta.main) await fileRun();
