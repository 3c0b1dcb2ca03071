import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { effectFields } from '../../contract/effect-kinds.ts';
import type { PackagePolicy } from '../sandbox/protocol.ts';
import { dataLayout } from '../store/data-dir.ts';
import { failure, startEngine, value } from '../test-support/engine.ts';
import {
  cjsCounter,
  conflicting,
  esmGreet,
  needsFs,
  needsOs,
  pinMe,
  scoped,
  withDep,
} from '../test-support/npm-fixtures.ts';
import { startNpmRegistry, type TestRegistry } from '../test-support/npm-registry.ts';
import { newTempDir } from '../test-support/temp-dir.ts';

// Package imports through real workers, from a real registry protocol on 127.0.0.1 serving
// tarballs that `npm pack` made of the fixture packages.
let registry: TestRegistry;
before(async () => {
  registry = await startNpmRegistry();
  await registry.publish(
    esmGreet,
    cjsCounter,
    withDep,
    needsFs,
    needsOs,
    scoped,
    pinMe('1.0.0'),
    ...conflicting,
  );
});
after(() => registry.close());

const policy = (changes: Partial<PackagePolicy> = {}): { packages: PackagePolicy } => ({
  packages: { enabled: true, registry: registry.url, allow: [], ...changes },
});

/** The requests the registry received for tarballs since `from`. */
const tarballRequests = (from: number) =>
  registry.received.slice(from).filter((request) => request.path.endsWith('.tgz'));

test('an ES module package imports by name: its default and named exports, and a subpath', async () => {
  const engine = await startEngine(policy());
  assert.equal(
    await value(engine, {
      session: 'esm',
      code: "import greet, { version } from 'esm-greet';\ngreet('sandbox') + ' ' + version",
    }),
    "'hello sandbox 1.0.0'",
  );
  // The imported names are the session's globals, like its declarations.
  assert.equal(await value(engine, { session: 'esm', code: "greet('again')" }), "'hello again'");
  assert.equal(
    await value(engine, {
      session: 'esm',
      code: "import { shout } from 'esm-greet/shout'; shout('hi')",
    }),
    "'HI!'",
  );
  const result = await engine.run({
    session: 'esm',
    code: "import * as ns from 'esm-greet'; Object.keys(ns).sort()",
  });
  assert.equal(result.value, "[ 'default', 'version' ]");
  assert.equal(
    effectFields(result.effects).packages,
    undefined,
    'a package the heap has loaded takes no step',
  );
});

test('a CommonJS package imports with module.exports as its default, and its properties by name', async () => {
  const engine = await startEngine(policy());
  const result = await engine.run({
    code: "import counter, { count } from 'cjs-counter'; [counter.kind, count(1)]",
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.equal(result.value, "[ 'cjs', 2 ]");
  assert.deepEqual(
    effectFields(result.effects).packages?.map(({ specifier, name, version, from }) => ({
      specifier,
      name,
      version,
      from,
    })),
    [{ specifier: 'cjs-counter', name: 'cjs-counter', version: '1.0.0', from: 'built' }],
  );
});

test("a package's dependencies are bundled with it, nested where npm would nest a conflicting version", async () => {
  const engine = await startEngine(policy());
  assert.equal(
    await value(engine, { session: 'deps', code: "import { twice } from 'with-dep'; twice(1)" }),
    '3',
  );
  assert.equal(
    await value(engine, { session: 'deps', code: "import mixed from 'mixed'; mixed" }),
    '{ mine: 2, theirs: 1 }',
  );
  const pins = await engine.packages('deps');
  const mixedPin = pins.find((pin) => pin.name === 'mixed');
  assert.equal(
    mixedPin?.dependencies,
    3,
    'shared@2, uses-shared-one, and shared@1 nested under it',
  );
  assert.equal(pins.find((pin) => pin.name === 'with-dep')?.dependencies, 1);
});

test('await import() loads a package mid-run, and a failed one rejects where the code can catch it', async () => {
  const engine = await startEngine(policy());
  assert.equal(
    await value(engine, {
      code: `const { default: greet } = await import('esm-greet');
let missing;
try { await import('no-such-package') } catch (error) { missing = error.message }
JSON.stringify([greet('dynamic'), missing])`,
    }),
    `'${JSON.stringify(['hello dynamic', `the package 'no-such-package' is not in the npm registry at ${registry.url}`]).replaceAll("'", "\\'")}'`,
  );
});

test('a scoped package and npm: specifiers with a version range import like any other', async () => {
  const engine = await startEngine(policy());
  assert.equal(
    await value(engine, {
      code: "import s from '@fixtures/scoped'; import c from 'npm:cjs-counter@^1'; [s, c.kind]",
    }),
    "[ 'scoped', 'cjs' ]",
  );
  const result = await failure(engine, { code: "import x from 'npm:cjs-counter@^9'" });
  assert.match(
    result.error?.message ?? '',
    /no version of 'cjs-counter' matches "\^9" \(latest is 1\.0\.0\)/,
  );
});

test('node: built-ins, and packages that need them, are clear errors naming the module', async () => {
  const engine = await startEngine(policy());
  const builtin = await failure(engine, { code: "import os from 'node:os'" });
  assert.equal(builtin.error?.code, 'thrown');
  assert.match(
    builtin.error?.message ?? '',
    /"node:os" is a Node built-in module \(node:os\), which the sandbox does not have/,
  );
  const needing = await failure(engine, { code: "import needs from 'needs-os'" });
  assert.match(
    needing.error?.message ?? '',
    /needs-os@1\.0\.0 needs the Node built-in module 'os', which the sandbox does not have/,
  );
  const unknown = await failure(engine, { code: "import x from 'no-such-package'" });
  assert.match(
    unknown.error?.message ?? '',
    /the package 'no-such-package' is not in the npm registry/,
  );
});

test("a package that requires fs gets the sandbox's own, as a snippet's import of node:fs does", async () => {
  const engine = await startEngine(policy());
  assert.equal(
    await value(engine, {
      code: "import needs from 'needs-fs'; import fs from 'node:fs'; [typeof needs.exists, needs.samePromises, typeof fs.readFileSync]",
    }),
    "[ 'function', true, 'function' ]",
  );
});

test('the lockfile pins the version: a newer one published later is not taken, but a new session takes it', async () => {
  const engine = await startEngine(policy());
  assert.equal(
    await value(engine, { session: 'pinned', code: "import p from 'pin-me'; p.version" }),
    "'1.0.0'",
  );
  await registry.publish(pinMe('1.1.0'));
  // Another specifier of the same package in the same session: its pinned version.
  assert.equal(
    await value(engine, {
      session: 'pinned',
      code: "(await import('npm:pin-me@^1')).default.version",
    }),
    "'1.0.0'",
  );
  assert.equal(
    await value(engine, { session: 'fresh', code: "import p from 'pin-me'; p.version" }),
    "'1.1.0'",
  );
  const [lock] = await engine.packages('pinned');
  assert.equal(lock?.name, 'pin-me');
  assert.equal(lock?.version, '1.0.0');
  assert.match(lock?.integrity ?? '', /^sha512-/);
});

test('a tarball whose bytes do not match its integrity is refused', async () => {
  const engine = await startEngine(policy());
  await registry.publish({
    name: 'tampered',
    version: '1.0.0',
    files: { 'index.js': 'module.exports = 1;' },
  });
  registry.tamper('tampered', '1.0.0');
  const result = await failure(engine, { code: "import t from 'tampered'" });
  assert.match(
    result.error?.message ?? '',
    /the tarball of tampered@1\.0\.0 does not match its integrity sha512-.*: refused/,
  );
});

test('packages off, or a package not in allowPackages, is a clear error', async () => {
  const off = await startEngine(policy({ enabled: false }));
  const result = await failure(off, { code: "import greet from 'esm-greet'" });
  assert.equal(
    result.error?.message,
    "cannot import 'esm-greet': packages are off (the packages setting is false; turn it on with --packages true, MCP_ISOLATE_PACKAGES, packages in settings.json or the window's Settings (Packages))",
  );
  const allowed = await startEngine(policy({ allow: ['@fixtures/*', 'cjs-counter'] }));
  assert.equal(await value(allowed, { code: "import s from '@fixtures/scoped'; s" }), "'scoped'");
  const refused = await failure(allowed, { code: "import greet from 'esm-greet'" });
  assert.match(
    refused.error?.message ?? '',
    /esm-greet is not in allowPackages \(@fixtures\/\*, cjs-counter\); allow it with --allow-package esm-greet, MCP_ISOLATE_ALLOW_PACKAGES, allowPackages in settings\.json or the window's Settings \(Packages\)$/,
  );
});

test('a session restores with the registry gone and its snapshots deleted, and a fork keeps the pins', async () => {
  const dataDir = await newTempDir();
  const gone = await startNpmRegistry();
  await gone.publish(esmGreet, pinMe('1.0.0'));
  const engine = await startEngine({
    dataDir,
    snapshotIdleMs: 60_000,
    ...policy({ registry: gone.url }),
  });
  await value(engine, {
    session: 'kept',
    code: "import greet from 'esm-greet'; const first = greet('one')",
  });
  await value(engine, {
    session: 'kept',
    code: "import p from 'pin-me'; const pinned = p.version",
  });
  const before = await value(engine, { session: 'kept', code: "[first, pinned, greet('two')]" });
  const heap = engine.listSessions().find((session) => session.name === 'kept')?.head ?? '';
  await engine.close();
  await gone.close();
  const layout = dataLayout(dataDir);
  await rm(layout.snapshots, { recursive: true, force: true });
  const again = await startEngine({ dataDir, ...policy({ registry: gone.url }) });
  assert.equal(
    await value(again, { session: 'kept', code: "[first, pinned, greet('two')]" }),
    before,
  );
  // A fork shares the pins: its new import of a subpath takes the pinned version's tree.
  const fork = await again.run({ heap, session: 'forked', code: 'pinned' });
  assert.equal(fork.value, "'1.0.0'");
  assert.deepEqual(
    (await again.packages('forked')).map(({ name, version }) => `${name}@${version}`).sort(),
    ['esm-greet@1.0.0', 'pin-me@1.0.0'],
  );
});

test('a bundle the cache lost is built again from its pinned tarballs; one the registry changed is refused', async () => {
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, snapshotIdleMs: 60_000, ...policy() });
  await value(engine, {
    session: 'lost',
    code: "import { twice } from 'with-dep'; const three = twice(1)",
  });
  await engine.close();
  const layout = dataLayout(dataDir);
  const journal = (await readFile(layout.journal('lost'), 'utf8')).trim().split('\n');
  const loaded = JSON.parse(journal.at(-1) ?? '{}').effects[0].batch[0].package;
  await rm(layout.snapshots, { recursive: true, force: true });
  await rm(layout.blob(loaded.bundle));
  await rm(layout.blob(loaded.tarball));
  const seen = registry.received.length;
  const again = await startEngine({ dataDir, ...policy() });
  assert.equal(await value(again, { session: 'lost', code: 'three' }), '3');
  assert.equal(tarballRequests(seen).length, 1, 'only the lost tarball is downloaded again');
  assert.ok((await readFile(layout.blob(loaded.bundle))).length > 0);
  await again.close();
  // The same version with other bytes now: the pinned integrity refuses it.
  await rm(layout.blob(loaded.bundle));
  await rm(layout.blob(loaded.tarball));
  registry.tamper('with-dep', '1.0.0');
  const refused = await startEngine({ dataDir, ...policy() });
  const result = await failure(refused, { session: 'lost', code: 'three' });
  assert.equal(result.error?.code, 'restore_failed');
  assert.match(
    result.error?.message ?? '',
    /the tarball of with-dep@1\.0\.0 does not match its integrity/,
  );
});

test('limits: a tarball or a bundle over its limit ends the run, naming the setting', async () => {
  // A tarball's tar (its headers and padding too) may unpack to ten times 2048: the small
  // repetitive package below unpacks within that, and bundles larger than 1024.
  const engine = await startEngine({
    ...policy(),
    limits: { packageTarballBytes: 2048, packageBundleBytes: 1024 },
  });
  await registry.publish({
    name: 'large',
    version: '1.0.0',
    files: { 'index.js': `module.exports = ${JSON.stringify(randomText(4096))};` },
  });
  const tarball = await failure(engine, { code: "import large from 'large'" });
  assert.equal(tarball.error?.code, 'tarball_size');
  assert.match(
    tarball.error?.message ?? '',
    /the tarball of large@1\.0\.0 exceeds packageTarballBytes=2048/,
  );
  // Repeated text packs small and bundles large.
  await registry.publish({
    name: 'repetitive',
    version: '1.0.0',
    files: { 'index.js': `module.exports = ${JSON.stringify('la '.repeat(2000))};` },
  });
  const bundle = await failure(engine, { code: "import r from 'repetitive'" });
  assert.equal(bundle.error?.code, 'bundle_size', bundle.error?.message);
  assert.match(
    bundle.error?.message ?? '',
    /the bundle of repetitive@1\.0\.0 is \d+ bytes, over packageBundleBytes=1024/,
  );
});

/** Text gzip cannot shrink much: the tarball stays about as large. */
function randomText(length: number): string {
  let text = '';
  let seed = 1;
  while (text.length < length) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    text += String.fromCharCode(33 + (seed % 90));
  }
  return text;
}

test("the journal records what each run loaded, and the lockfile the session's pins", async () => {
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, ...policy() });
  await value(engine, { session: 'recorded', code: "import greet from 'esm-greet'; 1" });
  const layout = dataLayout(dataDir);
  const [entry] = (await readFile(layout.journal('recorded'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const [
    {
      batch: [record],
    },
  ] = entry.effects;
  assert.equal(record.specifier, 'esm-greet');
  assert.equal(record.package.name, 'esm-greet');
  assert.equal(record.package.version, '1.0.0');
  assert.match(record.package.integrity, /^sha512-/);
  assert.match(record.package.bundle, /^[0-9a-f]{64}$/);
  const lock = JSON.parse(await readFile(layout.packageLock('recorded'), 'utf8'));
  assert.deepEqual(Object.keys(lock.packages), ['esm-greet@1.0.0']);
  assert.equal(lock.packages['esm-greet@1.0.0'].bundles['.'].hash, record.package.bundle);
  // The lockfile damaged: the next import rebuilds it from the journal.
  await writeFile(layout.packageLock('recorded'), '{ torn');
  await value(engine, { session: 'recorded', code: "import c from 'cjs-counter'; 2" });
  const rebuilt = JSON.parse(await readFile(layout.packageLock('recorded'), 'utf8'));
  assert.deepEqual(Object.keys(rebuilt.packages).sort(), ['cjs-counter@1.0.0', 'esm-greet@1.0.0']);
  assert.ok((await readdir(join(dataDir, 'blobs'))).length > 0);
});

test('a first import that outlives the run timeout ends it naming the import, and a cancel stops it', async () => {
  // A registry that never answers: the run's deadline and its cancel must still end the wait.
  const hanging = createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  after(() => {
    hanging.closeAllConnections();
    hanging.close();
  });
  const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
  const engine = await startEngine({ ...policy({ registry: url }), limits: { timeoutMs: 500 } });
  const timedOut = await failure(engine, { code: "import greet from 'esm-greet'" });
  assert.equal(timedOut.error?.code, 'timeout');
  assert.match(
    timedOut.error?.message ?? '',
    /timeoutMs=500 while importing 'esm-greet'\. A first import resolves, downloads and bundles the package: a large one may need a longer timeoutMs/,
  );
  assert.equal(
    effectFields(timedOut.effects).packages?.[0]?.error,
    'not finished: the run timed out',
  );
  engine.setLimits({ timeoutMs: 60_000 });
  const cancel = new AbortController();
  const cancelled = engine.run(
    { code: "import greet from 'esm-greet'" },
    { signal: cancel.signal },
  );
  setTimeout(() => cancel.abort(), 300);
  assert.equal((await cancelled).error?.code, 'cancelled');
});

test('a guest that replaced the built-ins the runtime uses still imports', async () => {
  const engine = await startEngine(policy());
  await value(engine, {
    session: 'poisoned',
    code: `Array.prototype.push = () => { throw new Error('no push') };
JSON.stringify = () => '"lie"';
globalThis.Function = function () { throw new Error('no Function') };
Promise.prototype.then = function () { throw new Error('no then') };
Map.prototype.get = () => 'forged';
1`,
  });
  assert.equal(
    await value(engine, {
      session: 'poisoned',
      code: "import greet from 'esm-greet'; greet('still')",
    }),
    "'hello still'",
  );
  assert.equal(
    await value(engine, {
      session: 'poisoned',
      code: "(await import('esm-greet')).default('again')",
    }),
    "'hello again'",
  );
});

test("a package cannot read this machine's files into its bundle", async () => {
  const outside = await newTempDir();
  const secret = join(outside, 'secrets.json');
  await writeFile(secret, JSON.stringify({ token: 'host-secret-never-bundled' }));
  await registry.publish(
    {
      name: 'reads-host',
      version: '1.0.0',
      files: { 'index.js': `module.exports = require(${JSON.stringify(secret)});` },
    },
    {
      name: 'climbs-out',
      version: '1.0.0',
      manifest: { main: '../../../../../../../../../../..' + secret },
      files: { 'index.js': 'module.exports = 1;' },
    },
  );
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, ...policy() });
  for (const name of ['reads-host', 'climbs-out']) {
    const result = await failure(engine, { code: `import x from '${name}'; x` });
    assert.match(result.error?.message ?? '', /could not bundle .*outside its package tree/, name);
  }
  for (const entry of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const text = await readFile(join(entry.parentPath, entry.name));
    assert.ok(!text.includes('host-secret-never-bundled'), join(entry.parentPath, entry.name));
  }
});

// esm-greet: an earlier test left with-dep's tarball tampered on the shared registry.
test('a bundle damaged on disk is written again when a run builds the same bytes', async () => {
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, ...policy() });
  await value(engine, {
    session: 'first',
    code: "import { shout } from 'esm-greet/shout'; shout('hi')",
  });
  const layout = dataLayout(dataDir);
  const journal = (await readFile(layout.journal('first'), 'utf8')).trim().split('\n');
  const { bundle } = JSON.parse(journal.at(-1) ?? '{}').effects[0].batch[0].package;
  const good = await readFile(layout.blob(bundle));
  // Same size, other bytes: a failing disk's damage, which a size check cannot see.
  await writeFile(layout.blob(bundle), Buffer.alloc(good.length, ' '));
  // A new session resolves and builds the same bundle.
  assert.equal(
    await value(engine, {
      session: 'second',
      code: "import { shout } from 'esm-greet/shout'; shout('hi')",
    }),
    "'HI!'",
  );
  assert.deepEqual(await readFile(layout.blob(bundle)), good);
});
