// Importing a mid-size real npm package, zod (node_modules/zod, packed by `npm pack` and served
// by a registry on 127.0.0.1): the first import on a fresh engine and data directory, a new
// session once another session has imported it, the pinned version's stored bundle, a fork,
// and restoring a heap that loaded it, against plain Node loading the same package, all measured
// in this same run. The first import's parts are timed in fresh processes that do what a worker
// does, one part after another (this file run with `--stages`).
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import ivm from 'isolated-vm';
import * as tar from 'tar';
import { effectFields } from '../contract/effect-kinds.ts';
import type { RunReport } from '../contract/run-report.ts';
import { Engine } from '../server/engine/engine.ts';
import type { EngineOptions, RunInput } from '../server/engine/engine-types.ts';
import { outboundFetch } from '../server/sandbox/net/outbound-fetch.ts';
import { bundlePackage } from '../server/sandbox/packages/bundle-package.ts';
import {
  fetchPackument,
  fetchTarball,
  integrityOf,
  type RegistryAccess,
} from '../server/sandbox/packages/registry-client.ts';
import { unpackTree } from '../server/sandbox/packages/unpack-tree.ts';
import { blobHash, putBlob, readBlob } from '../server/store/blob-store.ts';
import { dataLayout } from '../server/store/data-dir.ts';
import { readJournal } from '../server/store/journal-file.ts';
import { lockOf } from '../server/store/package-lock.ts';
import { startNpmRegistry } from '../server/test-support/npm-registry.ts';
import { median, ms, timeEach } from './stats.ts';

const ZOD = fileURLToPath(new URL('../node_modules/zod', import.meta.url));
const IMPORT = "import { z } from 'zod'; z.string().parse('x')";
const run = promisify(execFile);

/** The parts of a first import, in the order the worker does them. */
const STAGES = {
  packument: 'packument (GET, JSON)',
  tarball: 'tarball (GET, sha512 integrity check)',
  storeTarball: 'store the tarball in blobs/ (sha256, synced write)',
  unpack: 'unpack it (unpackTree: read in memory, 32 files written at a time)',
  esbuild: 'esbuild bundle',
  storeBundle: 'store the bundle in blobs/',
  evaluate: 'evaluate the bundle in a new isolate',
} as const;
/** Unpacking taken apart, after the parts above (not in their sum). */
const UNPACK_PARTS = {
  gunzip: 'gunzip alone',
  parse: 'gunzip and tar parse, every file read into memory, nothing written',
  writes: 'writing those files with fs.writeFile one after another (no tar)',
} as const;
type Stage = keyof typeof STAGES | keyof typeof UNPACK_PARTS;
type StageTimes = Record<Stage, number> & { files: number };

export async function packageImport(samples = 7) {
  const registry = await startNpmRegistry();
  await registry.publishFolder(ZOD);
  const options: EngineOptions = {
    workers: 1,
    snapshotIdleMs: 3_600_000,
    log: () => {},
    packages: { enabled: true, registry: registry.url, allow: [] },
  };
  /** The registry's requests since `from`: packuments and tarballs. */
  const asked = (from: number) => {
    const since = registry.received.slice(from);
    const tarballs = since.filter((request) => request.path.endsWith('.tgz')).length;
    return { packuments: since.length - tarballs, tarballs };
  };
  const dataDirs: string[] = [];
  const newDataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bench-'));
    dataDirs.push(dir);
    return dir;
  };

  // 1. The first import: each sample on a fresh data directory and a fresh engine, whose worker
  // a run without an import has started (as the run before it would have), the same new
  // session's first run without the import measured beside it.
  const first: number[] = [];
  const firstLoad: number[] = [];
  const firstWithout: number[] = [];
  let bundleBytes = 0;
  let tarballBytes = 0;
  for (let i = 0; i < samples; i++) {
    const engine = await Engine.start({ ...options, dataDir: await newDataDir() });
    await mustRun(engine, { session: 'warm-up', code: '1' });
    firstWithout.push((await timedRun(engine, { session: 'without', code: "'x'" })).ms);
    const seen = registry.received.length;
    const { ms: took, result } = await timedRun(engine, { session: 'first', code: IMPORT });
    const load = effectFields(result.effects).packages?.[0];
    expect(load?.ms !== undefined && load.bytes !== undefined, 'the import was not reported');
    expectAsked(asked(seen), 1, 1, 'a first import');
    first.push(took);
    firstLoad.push(load?.ms ?? Number.NaN);
    bundleBytes = load?.bytes ?? 0;
    tarballBytes = (await engine.packages('first'))[0]?.tarballBytes ?? 0;
    await engine.close();
  }

  // The same parts, each timed in fresh processes that do what the worker does.
  const stageRuns: { first: StageTimes; again: StageTimes }[] = [];
  for (let i = 0; i < Math.min(samples, 5); i++) {
    const { stdout } = await run(
      process.execPath,
      ['--no-node-snapshot', '--no-compilation-cache', fileURLToPath(import.meta.url), '--stages'],
      { env: { ...process.env, BENCH_REGISTRY: registry.url }, timeout: 120_000 },
    );
    stageRuns.push(JSON.parse(stdout));
  }

  // 2. One engine and data directory from here on.
  const dataDir = await newDataDir();
  const layout = dataLayout(dataDir);
  let engine = await Engine.start({ ...options, dataDir });
  await mustRun(engine, { session: 'pinned', code: IMPORT });
  const blobCount = async () => (await listFiles(join(dataDir, 'blobs'))).length;
  const blobsBefore = await blobCount();

  // (a) A new session imports what another session has stored: nothing is shared but blobs/.
  const again: number[] = [];
  const againLoad: number[] = [];
  const againAsked = { packuments: 0, tarballs: 0 };
  for (let i = 0; i < samples; i++) {
    const seen = registry.received.length;
    const { ms: took, result } = await timedRun(engine, { session: `again-${i}`, code: IMPORT });
    again.push(took);
    againLoad.push(effectFields(result.effects).packages?.[0]?.ms ?? Number.NaN);
    const { packuments, tarballs } = asked(seen);
    againAsked.packuments += packuments;
    againAsked.tarballs += tarballs;
  }
  const blobsAfter = await blobCount();

  // (b) In the session that pinned it, another specifier of the pinned version: a step that loads
  // the stored bundle (read and checked), which the heap has evaluated already, so it runs once.
  const cachedCount = samples * 5;
  const seenCached = registry.received.length;
  let cachedFrom = '';
  const cached = await timeEach(cachedCount, async (i) => {
    const result = await mustRun(engine, {
      session: 'pinned',
      code: `import { z as cached${i} } from 'npm:zod@>=0.0.${i}'; cached${i}.string().parse('y')`,
    });
    cachedFrom = effectFields(result.effects).packages?.[0]?.from ?? '';
  });
  const cachedWithout = await timeEach(cachedCount, () =>
    mustRun(engine, { session: 'pinned', code: "z.string().parse('y')" }),
  );
  expectAsked(asked(seenCached), 0, 0, 'a pinned bundle');

  // (c) Forks of the pinned head: the fork's heap has zod, so its import takes no step; what the
  // fork pays is the restore (from the head's snapshot here).
  const pinnedHead = head(engine, 'pinned');
  const { bytes: pinnedSnapshotBytes } = await engine.snapshot('pinned');
  const seenForks = registry.received.length;
  const forked: number[] = [];
  const forkedRestore: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { ms: took, result } = await timedRun(engine, {
      session: `fork-${i}`,
      heap: pinnedHead,
      code: IMPORT,
    });
    expect(result.restoredFrom === 'snapshot', `fork restored from ${result.restoredFrom}`);
    expect(effectFields(result.effects).packages === undefined, "the fork's import took a step");
    forked.push(took);
    forkedRestore.push(result.restoreMs ?? Number.NaN);
  }
  // (d) A new entry of the pinned version in a fork (its heap restored by a run before): built
  // over the pinned tree, the tarball read from blobs/.
  const mini: number[] = [];
  const miniLoad: number[] = [];
  for (let i = 0; i < samples; i++) {
    await mustRun(engine, { session: `mini-${i}`, heap: pinnedHead, code: '1' });
    const { ms: took, result } = await timedRun(engine, {
      session: `mini-${i}`,
      code: "import * as mini from 'zod/mini'; mini.string().parse('y')",
    });
    mini.push(took);
    miniLoad.push(effectFields(result.effects).packages?.[0]?.ms ?? Number.NaN);
  }
  expectAsked(asked(seenForks), 0, 0, 'forks of a pinned session');

  // 3. Restoring after a restart with the snapshots deleted (a replay of the one-entry journal,
  // the bundle read from blobs/), then from snapshots: a fork of the session's head each time
  // (no worker has it live, and the session's journal stays one entry long), against the same
  // session without the import.
  await mustRun(engine, { session: 'with', code: `${IMPORT}; const ok = 'x'` });
  await mustRun(engine, { session: 'plain', code: "const ok = 'x'" });
  const heads = { with: head(engine, 'with'), plain: head(engine, 'plain') };
  // The bundle, for plain Node to evaluate the same code below.
  const zodPin = Object.values(
    lockOf((await readJournal(layout.journal('with'))).entries).packages,
  )[0];
  const bundle = await readBlob(layout, zodPin?.bundles['.']?.hash ?? '');
  await engine.close();
  const restore = {
    replay: { with: [] as number[], plain: [] as number[] },
    snapshot: { with: [] as number[], plain: [] as number[] },
    making: { with: [] as number[], plain: [] as number[] },
  };
  const snapshotBytes = { with: 0, plain: 0 };
  let probe = 0;
  for (let i = 0; i < samples; i++) {
    await rm(layout.snapshots, { recursive: true, force: true });
    engine = await Engine.start({ ...options, dataDir });
    await mustRun(engine, { session: `warm-up-${i}`, code: '1' });
    const order = i % 2 === 0 ? (['with', 'plain'] as const) : (['plain', 'with'] as const);
    const restoreOf = async (kind: 'with' | 'plain', from: 'replay' | 'snapshot') => {
      const code = kind === 'with' ? "z.string().parse('y')" : 'ok';
      const result = await mustRun(engine, {
        session: `probe-${probe++}`,
        heap: heads[kind],
        code,
      });
      expect(result.restoredFrom === from, `expected ${from}, got ${result.restoredFrom}`);
      restore[from][kind].push(result.restoreMs ?? Number.NaN);
    };
    for (const kind of order) await restoreOf(kind, 'replay');
    for (const kind of order) {
      const made = await engine.snapshot(kind);
      restore.making[kind].push(made.ms);
      snapshotBytes[kind] = made.bytes;
    }
    for (const kind of order) await restoreOf(kind, 'snapshot');
    await engine.close();
  }

  // 4. Plain Node: a new process that loads zod from a copy (minus one that loads nothing), and
  // in this process the same bundle evaluated with `new Function`, and zod's entry re-imported.
  const plainDir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bench-zod-'));
  dataDirs.push(plainDir);
  await cp(ZOD, join(plainDir, 'node_modules', 'zod'), { recursive: true });
  const processes = { empty: [] as number[], require: [] as number[], import: [] as number[] };
  const scripts = {
    empty: '',
    require: "require('zod').z.string().parse('x')",
    import: "import('zod').then(({ z }) => z.string().parse('x'))",
  };
  const spawnCount = samples * 3;
  for (let i = 0; i < spawnCount + 2; i++) {
    for (const kind of ['empty', 'require', 'import'] as const) {
      const started = performance.now();
      await run(process.execPath, ['-e', scripts[kind]], { cwd: plainDir });
      if (i >= 2) processes[kind].push(performance.now() - started);
    }
  }
  const source = bundle.toString('utf8');
  const evaluations = await timeEach(samples * 3, async (i) => {
    // Another source each time: V8 would otherwise reuse the compiled function.
    const factory = new Function('module', 'exports', 'require', `${source}\n//${i}`);
    const module = {
      exports: {} as { default: { z: { string(): { parse(v: string): string } } } },
    };
    factory(module, module.exports, () => {
      throw new Error('no built-ins');
    });
    module.exports.default.z.string().parse('x');
  });
  const entry = pathToFileURL(join(plainDir, 'node_modules', 'zod', 'index.js')).href;
  await import(entry);
  const entryImports = await timeEach(samples * 3, (i) => import(`${entry}?n=${i}`));
  await registry.close();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });

  const nodeLoad = median(processes.require) - median(processes.empty);
  const versus = (value: number) => `${(value / nodeLoad).toFixed(1)}x`;
  console.log(
    `\n## Importing zod (zod ${zodPin?.version}, tarball ${tarballBytes} bytes, bundle ${bundleBytes} bytes; a registry on 127.0.0.1)`,
  );
  console.log(
    `Plain Node loading zod in a new process: ${ms(median(processes.require))} against ${ms(median(processes.empty))} for one that loads nothing (${spawnCount} each), so ${ms(nodeLoad)}: the baseline of the ratios.`,
  );
  console.log('| | median | samples | / plain Node |\n| --- | --- | --- | --- |');
  const row = (label: string, values: number[], ratio = true) =>
    console.log(
      `| ${label} | ${ms(median(values))} | ${values.length} | ${ratio ? versus(median(values)) : ''} |`,
    );
  row('first import: the run (fresh data directory and engine per sample)', first);
  row('... of which the import in the worker (resolve, download, bundle, store)', firstLoad);
  row("the same new session's first run without the import", firstWithout, false);
  row(
    `new session, another session imported it (asked the registry ${againAsked.packuments} packuments and ${againAsked.tarballs} tarballs in ${samples} runs)`,
    again,
  );
  row('... of which the import in the worker', againLoad);
  row(
    `pinned version under another specifier (from: ${cachedFrom}; bundle read, not re-run)`,
    cached,
  );
  row('the same session, same run without the import', cachedWithout, false);
  row('fork of the pinned head, importing zod: the run (no import step)', forked);
  row('... of which the restore from its snapshot', forkedRestore);
  row(
    "a new entry of the pinned version in a fork ('zod/mini', built from the stored tarball)",
    mini,
  );
  row('... of which the import in the worker', miniLoad);
  console.log(
    `blobs/ held ${blobsBefore} files after the first import and ${blobsAfter} after ${samples} new sessions imported it again.`,
  );

  console.log(`\n### Where the first import's time goes (${stageRuns.length} fresh processes)`);
  console.log('| part | first in a process | again in the same process |\n| --- | --- | --- |');
  const stageMedian = (pass: 'first' | 'again', stage: Stage) =>
    median(stageRuns.map((times) => times[pass][stage]));
  for (const stage of Object.keys(STAGES) as (keyof typeof STAGES)[]) {
    console.log(
      `| ${STAGES[stage]} | ${ms(stageMedian('first', stage))} | ${ms(stageMedian('again', stage))} |`,
    );
  }
  const total = (pass: 'first' | 'again') =>
    (Object.keys(STAGES) as (keyof typeof STAGES)[]).reduce(
      (sum, stage) => sum + stageMedian(pass, stage),
      0,
    );
  console.log(`| sum of the medians | ${ms(total('first'))} | ${ms(total('again'))} |`);
  console.log(`| unpacking taken apart (${stageRuns[0]?.first.files} files): | | |`);
  for (const part of Object.keys(UNPACK_PARTS) as (keyof typeof UNPACK_PARTS)[]) {
    console.log(
      `| ${UNPACK_PARTS[part]} | ${ms(stageMedian('first', part))} | ${ms(stageMedian('again', part))} |`,
    );
  }

  console.log(
    `\n### Restoring a heap that imported zod (${samples} engine restarts on one data directory)`,
  );
  console.log(
    '| | with zod | without | difference | with zod / plain Node |\n| --- | --- | --- | --- | --- |',
  );
  const pair = (label: string, values: { with: number[]; plain: number[] }) =>
    console.log(
      `| ${label} | ${ms(median(values.with))} | ${ms(median(values.plain))} | ${ms(median(values.with) - median(values.plain))} | ${versus(median(values.with))} |`,
    );
  pair('restore by replay, snapshots deleted (restoreMs)', restore.replay);
  pair('making the snapshot', restore.making);
  pair('restore from the snapshot (restoreMs)', restore.snapshot);
  console.log(
    `snapshot size: ${(snapshotBytes.with / 1024).toFixed(0)} KiB with zod, ${(snapshotBytes.plain / 1024).toFixed(0)} KiB without (the pinned session's, after its runs: ${(pinnedSnapshotBytes / 1024).toFixed(0)} KiB)`,
  );

  console.log(`\n### Plain Node (this run)`);
  console.log('| | median | samples |\n| --- | --- | --- |');
  console.log(`| new process, nothing loaded | ${ms(median(processes.empty))} | ${spawnCount} |`);
  console.log(
    `| new process, require('zod') (CommonJS build) | ${ms(median(processes.require))} | ${spawnCount} |`,
  );
  console.log(
    `| new process, import('zod') (ES modules) | ${ms(median(processes.import))} | ${spawnCount} |`,
  );
  console.log(
    `| this process: the sandbox's bundle evaluated with new Function | ${ms(median(evaluations))} | ${evaluations.length} |`,
  );
  console.log(
    `| this process: import(index.js?n=i), only the entry module evaluated again | ${ms(median(entryImports))} | ${entryImports.length} |`,
  );
}

/** What the worker does for a first import, part by part, twice in this process (--stages). */
async function stages(registry: string): Promise<{ first: StageTimes; again: StageTimes }> {
  const access: RegistryAccess = {
    registry,
    fetch: outboundFetch(undefined),
    signal: AbortSignal.timeout(60_000),
    limits: { packageTarballBytes: 50 * 1024 * 1024 },
  };
  const pass = async (n: number): Promise<StageTimes> => {
    const dir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bench-stages-'));
    const layout = dataLayout(dir);
    const times = {} as StageTimes;
    let started = performance.now();
    const lap = (stage: Stage) => {
      const now = performance.now();
      times[stage] = now - started;
      started = now;
    };
    const packument = await fetchPackument(access, 'zod');
    lap('packument');
    const manifest = packument.versions[packument['dist-tags']?.latest ?? ''];
    if (!manifest) throw new Error('zod has no latest version');
    const tarball = await fetchTarball(access, manifest, integrityOf(manifest));
    lap('tarball');
    await putBlob(layout, blobHash(tarball), tarball);
    lap('storeTarball');
    const build = join(dir, 'build');
    await unpackTree(
      build,
      [{ path: 'node_modules/zod', label: 'zod', bytes: tarball }],
      'zod',
      { packageTarballBytes: 50 * 1024 * 1024, packageFiles: 100_000 },
      access.signal,
    );
    lap('unpack');
    const bundle = await bundlePackage(build, 'zod');
    lap('esbuild');
    await putBlob(layout, blobHash(bundle), bundle);
    lap('storeBundle');
    const isolate = new ivm.Isolate({ memoryLimit: 128 });
    const context = await isolate.createContext();
    await context.global.set('source', `${bundle.toString('utf8')}\n//${n}`);
    started = performance.now();
    await context.eval(
      `const factory = new Function('module', 'exports', 'require', source);
       const module = { exports: {} };
       factory(module, module.exports, () => { throw new Error('no built-ins'); });
       module.exports.default.z.string().parse('x')`,
    );
    lap('evaluate');
    isolate.dispose();
    started = performance.now();
    gunzipSync(tarball);
    lap('gunzip');
    const files = await readTarball(tarball);
    lap('parse');
    const copy = join(dir, 'copy');
    for (const [path, bytes] of files) {
      await mkdir(dirname(join(copy, path)), { recursive: true });
      await writeFile(join(copy, path), bytes, { mode: 0o600 });
    }
    lap('writes');
    times.files = files.length;
    await rm(dir, { recursive: true, force: true });
    return times;
  };
  return { first: await pass(0), again: await pass(1) };
}

/** The files of a tarball (path, bytes), read in memory. */
async function readTarball(tarball: Buffer): Promise<[string, Buffer][]> {
  const files: [string, Buffer][] = [];
  await new Promise<void>((resolve, reject) => {
    const list = tar.t({
      onReadEntry: (entry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => files.push([entry.path, Buffer.concat(chunks)]));
      },
    });
    list.on('error', reject);
    list.on('close', () => resolve());
    list.end(tarball);
  });
  return files;
}

async function timedRun(engine: Engine, input: RunInput) {
  const started = performance.now();
  const result = await mustRun(engine, input);
  return { ms: performance.now() - started, result };
}

async function mustRun(engine: Engine, input: RunInput): Promise<RunReport> {
  const result = await engine.run(input);
  if (!result.ok) throw new Error(`run failed: ${JSON.stringify(result.error)}`);
  return result;
}

function head(engine: Engine, session: string): string {
  const found = engine.listSessions().find((summary) => summary.name === session);
  if (!found) throw new Error(`no session ${session}`);
  return found.head;
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function expectAsked(
  seen: { packuments: number; tarballs: number },
  packuments: number,
  tarballs: number,
  what: string,
): void {
  expect(
    seen.packuments === packuments && seen.tarballs === tarballs,
    `${what} asked the registry for ${seen.packuments} packuments and ${seen.tarballs} tarballs`,
  );
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

if (import.meta.main) {
  if (process.argv[2] === '--stages') {
    console.log(JSON.stringify(await stages(process.env.BENCH_REGISTRY ?? '')));
  } else {
    await packageImport();
  }
}
