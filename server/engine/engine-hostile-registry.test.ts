import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PackagePolicy } from '../sandbox/protocol.ts';
import { dataLayout } from '../store/data-dir.ts';
import { failure, startEngine } from '../test-support/engine.ts';
import {
  gzipped,
  makeTarball,
  packageEntries,
  type TarEntry,
  tarOf,
} from '../test-support/make-tarball.ts';
import { startNpmRegistry, type TestRegistry } from '../test-support/npm-registry.ts';
import { startRemoteSite } from '../test-support/remote-site.ts';
import { newTempDir, tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

// A registry is untrusted input: a real registry protocol on 127.0.0.1 serving what an attacker
// would (names that are paths, tarballs on the server's own port, gzip bombs, tens of thousands
// of files), through real workers.
let registry: TestRegistry;
before(async () => {
  registry = await startNpmRegistry();
});
after(() => registry.close());

const policy = (changes: Partial<PackagePolicy> = {}): { packages: PackagePolicy } => ({
  packages: { enabled: true, registry: registry.url, allow: [], ...changes },
});

/** Publishes `name`@1.0.0 from hand-made entries, with `manifest`'s fields (dependencies). */
async function publish(name: string, manifest: Record<string, unknown> = {}): Promise<void> {
  registry.publishTarball(name, '1.0.0', await makeTarball(packageEntries(name)), manifest);
}

/** Every file under `dir` with its content, to compare before and after. */
async function contentsOf(dir: string): Promise<Record<string, string>> {
  const contents: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    contents[path] = entry.isFile() ? await readFile(path, 'utf8') : '(folder)';
  }
  return contents;
}

/** The throwaway build folders left under the data directory's builds/. */
async function buildsLeft(dataDir: string): Promise<string[]> {
  const builds = dataLayout(dataDir).builds;
  const workers = await readdir(builds).catch(() => []);
  const left = await Promise.all(
    workers.map(async (worker) =>
      (await readdir(join(builds, worker))).map((b) => `${worker}/${b}`),
    ),
  );
  return left.flat();
}

test('a registry that names a version, or its dependency, with a path writes nothing outside the build folder', async () => {
  const outside = await tempDir();
  const escaped = join(outside, 'escaped');
  await mkdir(escaped);
  await writeFile(join(escaped, 'index.js'), 'here before');
  const before = await contentsOf(outside);
  // From anywhere, enough `..` reach the root; then the absolute path of the folder outside.
  const climb = `${'../'.repeat(40)}${escaped.slice(1)}`;
  await publish('path-root');
  registry.rewrite('path-root', (doc) => {
    doc.versions['1.0.0'].name = climb;
  });
  await publish('path-dep');
  registry.rewrite('path-dep', (doc) => {
    doc.versions['1.0.0'].name = climb;
  });
  await publish('needs-path-dep', { dependencies: { 'path-dep': '^1.0.0' } });
  await publish('names-a-path', { dependencies: { [climb]: '^1.0.0' } });
  await publish('other-doc');
  registry.rewrite('other-doc', (doc) => {
    doc.name = climb;
  });
  await publish('other-version');
  registry.rewrite('other-version', (doc) => {
    doc.versions['1.0.0'].version = '../1.0.0';
  });
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, ...policy() });
  const refusals: [string, RegExp][] = [
    [
      'path-root',
      /the npm registry's path-root@1\.0\.0 is refused: its manifest names ".*escaped", not 'path-root'/,
    ],
    [
      'needs-path-dep',
      /the npm registry's path-dep@1\.0\.0 is refused: its manifest names ".*escaped", not 'path-dep'/,
    ],
    [
      'names-a-path',
      /names-a-path@1\.0\.0 is refused: its dependencies name ".*escaped", which is not a package name/,
    ],
    ['other-doc', /the npm registry's answer for 'other-doc' is refused: it describes ".*escaped"/],
    [
      'other-version',
      /other-version@1\.0\.0 is refused: its manifest says version "\.\.\/1\.0\.0"/,
    ],
  ];
  for (const [name, why] of refusals) {
    const result = await failure(engine, { code: `import x from '${name}'` });
    assert.match(result.error?.message ?? '', why, name);
  }
  assert.deepEqual(await contentsOf(outside), before, 'nothing outside was created or changed');
  assert.deepEqual(await buildsLeft(dataDir), []);
});

test("registry traffic never reaches the server's own port, by any alias, redirect or address form", async () => {
  const received: string[] = [];
  const own = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.end('{}');
  });
  await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
  after(() => {
    own.closeAllConnections();
    own.close();
  });
  const ownPort = (own.address() as AddressInfo).port;
  const site = await startRemoteSite();
  after(() => site.close());
  const toOwn: [string, string][] = [
    ['own-loopback', `http://127.0.0.1:${ownPort}/admin/api/getSettings`],
    ['own-localhost', `http://localhost:${ownPort}/api/exec`],
    ['own-mapped', `http://[::ffff:127.0.0.1]:${ownPort}/api/exec`],
    ['own-mapped-hex', `http://[::ffff:7f00:1]:${ownPort}/api/exec`],
    ['own-unspecified', `http://0.0.0.0:${ownPort}/api/exec`],
    [
      'own-redirect',
      `${site.origin}/redirect?to=${encodeURIComponent(`http://localhost:${ownPort}/api/exec`)}`,
    ],
  ];
  for (const [name, url] of toOwn) {
    await publish(name);
    registry.rewrite(name, (doc) => {
      doc.versions['1.0.0'].dist.tarball = url;
    });
  }
  await publish('on-a-file');
  registry.rewrite('on-a-file', (doc) => {
    doc.versions['1.0.0'].dist.tarball = 'file:///etc/passwd';
  });
  const engine = await startEngine(policy());
  engine.setOwnPort(ownPort);
  for (const [name] of toOwn) {
    const result = await failure(engine, { code: `import x from '${name}'` });
    assert.match(
      result.error?.message ?? '',
      new RegExp(
        `the tarball of ${name}@1\\.0\\.0 at .* is refused: that is this MCP Isolate server`,
      ),
      name,
    );
  }
  const file = await failure(engine, { code: "import x from 'on-a-file'" });
  assert.match(
    file.error?.message ?? '',
    /the tarball of on-a-file@1\.0\.0 is at a file: URL: only http and https are fetched/,
  );
  // The registry itself on the own port, by a name.
  const registryOwn = await startEngine(policy({ registry: `http://localhost:${ownPort}/` }));
  registryOwn.setOwnPort(ownPort);
  const result = await failure(registryOwn, { code: "import x from 'own-loopback'" });
  assert.match(
    result.error?.message ?? '',
    /the npm registry at http:\/\/localhost:\d+\/ is refused: that is this MCP Isolate server \(localhost resolves to/,
  );
  assert.deepEqual(received, [], 'the own server received nothing');
  // The rule is the own port: the registry, on loopback too, was reachable throughout.
  assert.ok(registry.received.some((request) => request.path === '/own-loopback'));
});

test('a gzip bomb of zero blocks ends as a clear error within the run, and leaves no build folder', async () => {
  // 250 MiB of zeros gzip to about 250 KB; the tar ends at its first two zero blocks.
  registry.publishTarball('zero-bomb', '1.0.0', await gzipped(Buffer.alloc(250 * 1024 * 1024)));
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, ...policy(), limits: { timeoutMs: 4000 } });
  const result = await failure(engine, { code: "import x from 'zero-bomb'" });
  assert.equal(result.error?.code, 'thrown', result.error?.message);
  assert.match(
    result.error?.message ?? '',
    /the tarball of zero-bomb@1\.0\.0 could not be unpacked: Unrecognized archive format/,
  );
  assert.deepEqual(await buildsLeft(dataDir), []);
});

test('what a tree unpacks to is bounded in bytes and in files, named with the package and the limit', async () => {
  // A real tar of 12 files of 256 KiB of zeros each: a few KB gzipped, 3 MiB unpacked.
  const big = tarOf([
    ...packageEntries('unpacks-large'),
    ...Array.from({ length: 12 }, (_, i) => ({
      path: `package/zeros-${i}.bin`,
      body: '\0'.repeat(256 * 1024),
    })),
  ]);
  registry.publishTarball('unpacks-large', '1.0.0', await gzipped(big));
  const many: TarEntry[] = packageEntries('many-files');
  for (let i = 0; i < 2000; i++) many.push({ path: `package/lib/file-${i}.js`, body: '' });
  registry.publishTarball('many-files', '1.0.0', await makeTarball(many));
  await publish('needs-many-files', { dependencies: { 'many-files': '1.0.0' } });
  const dataDir = await newTempDir();
  const engine = await startEngine({
    dataDir,
    ...policy(),
    limits: { packageTarballBytes: 256 * 1024, packageFiles: 1000 },
  });
  const large = await failure(engine, { code: "import x from 'unpacks-large'" });
  assert.equal(large.error?.code, 'tarball_size');
  assert.match(
    large.error?.message ?? '',
    /the tarballs of unpacks-large@1\.0\.0 and its dependencies come to more than 10 × packageTarballBytes=262144, past it at unpacks-large@1\.0\.0/,
  );
  const files = await failure(engine, { code: "import x from 'needs-many-files'" });
  assert.equal(files.error?.code, 'package_files');
  assert.match(
    files.error?.message ?? '',
    /needs-many-files@1\.0\.0 and its dependencies unpack to more than packageFiles=1000 files, past it at many-files@1\.0\.0/,
  );
  assert.deepEqual(await buildsLeft(dataDir), []);
});

/** The id of a process that ran and has exited. */
async function deadProcessId(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid as number;
}

/** A tarball of 60,000 empty files: unpacking it takes seconds. */
async function publishSlowToUnpack(name: string): Promise<void> {
  const entries = packageEntries(name);
  for (let i = 0; i < 60_000; i++) entries.push({ path: `package/f/${i % 100}/${i}.js` });
  registry.publishTarball(name, '1.0.0', await makeTarball(entries));
}

test("unpacking stops at the run's deadline and at a cancel, naming the import, and no build folder survives any outcome", async () => {
  await publishSlowToUnpack('slow-unpack');
  await publish('unpacks-fine');
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, ...policy(), limits: { timeoutMs: 1000 } });
  const fine = await engine.run({ code: "import x from 'unpacks-fine'; x" });
  assert.equal(fine.value, '1', JSON.stringify(fine.error));
  assert.deepEqual(await buildsLeft(dataDir), []);
  const timedOut = await failure(engine, { code: "import x from 'slow-unpack'" });
  assert.equal(timedOut.error?.code, 'timeout', timedOut.error?.message);
  assert.match(timedOut.error?.message ?? '', /timeoutMs=1000 while importing 'slow-unpack'/);
  assert.deepEqual(await buildsLeft(dataDir), []);
  engine.setLimits({ timeoutMs: 120_000 });
  const cancel = new AbortController();
  const cancelled = engine.run({ code: "import x from 'slow-unpack'" }, { signal: cancel.signal });
  await waitUntil(async () => (await buildsLeft(dataDir)).length > 0, 'a build folder');
  cancel.abort();
  assert.equal((await cancelled).error?.code, 'cancelled');
  assert.deepEqual(await buildsLeft(dataDir), []);
});

test('a worker killed mid-build leaves no build folder: the pool removes it, and so does a start', async () => {
  await publishSlowToUnpack('killed-mid-build');
  const dataDir = await newTempDir();
  const engine = await startEngine({
    dataDir,
    workers: 1,
    ...policy(),
    limits: { timeoutMs: 120_000 },
  });
  const running = engine.run({ code: "import x from 'killed-mid-build'" });
  await waitUntil(async () => (await buildsLeft(dataDir)).length > 0, 'a build folder');
  const [pid] = engine.workerPids();
  process.kill(pid as number, 'SIGKILL');
  assert.equal((await running).error?.code, 'worker_crashed');
  await waitUntil(async () => (await buildsLeft(dataDir)).length === 0, 'the folder removed');
  // One left by a server that died with its workers goes when the next engine starts.
  await engine.close();
  const gone = await deadProcessId();
  const leftover = join(dataLayout(dataDir).workerBuilds(gone, 7), 'bundle-x', 'node_modules');
  await mkdir(leftover, { recursive: true });
  await writeFile(join(leftover, 'index.js'), '');
  // Another server's, alive, is its own.
  const living = dataLayout(dataDir).workerBuilds(process.ppid, 1);
  await mkdir(living, { recursive: true });
  await startEngine({ dataDir });
  assert.deepEqual(await readdir(dataLayout(dataDir).builds), [`${process.ppid}-1`]);
});
