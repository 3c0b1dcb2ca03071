import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as tar from 'tar';
import { ALL_FIXTURES, cjsCounter, esmGreet, needsFs, pinMe, scoped } from './npm-fixtures.ts';
import { startNpmRegistry } from './npm-registry.ts';
import { tempDir } from './temp-dir.ts';

interface Packument {
  name: string;
  'dist-tags': { latest: string };
  versions: Record<
    string,
    {
      name: string;
      version: string;
      dependencies?: Record<string, string>;
      dist: { tarball: string; integrity: string; shasum: string };
    }
  >;
  time: Record<string, string>;
}

// One registry for the file: packing is one npm start, the slow part.
const registry = await startNpmRegistry();
after(() => registry.close());
await registry.publish(...ALL_FIXTURES);

async function packument(path: string): Promise<Packument> {
  const response = await fetch(new URL(path, registry.url));
  assert.equal(response.status, 200);
  return (await response.json()) as Packument;
}

async function tarball(url: string): Promise<Buffer> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/octet-stream');
  return Buffer.from(await response.arrayBuffer());
}

const sha512 = (bytes: Buffer) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

test("a published package's packument lists its version with a tarball on the registry and an integrity that matches the tarball's bytes", async () => {
  const doc = await packument('with-dep');
  assert.equal(doc.name, 'with-dep');
  assert.equal(doc['dist-tags'].latest, '1.0.0');
  const version = doc.versions['1.0.0'];
  assert.ok(version);
  assert.deepEqual(version.dependencies, { 'cjs-counter': '^1.0.0' });
  assert.equal(version.dist.tarball, `${registry.url}with-dep/-/with-dep-1.0.0.tgz`);
  assert.ok(doc.time['1.0.0']);
  const bytes = await tarball(version.dist.tarball);
  assert.equal(sha512(bytes), version.dist.integrity);
  assert.equal(createHash('sha1').update(bytes).digest('hex'), version.dist.shasum);
});

test('the abbreviated packument npm asks for is answered too', async () => {
  const response = await fetch(new URL('cjs-counter', registry.url), {
    headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
  });
  assert.equal(response.status, 200);
  const doc = (await response.json()) as Packument;
  assert.equal(doc.versions['1.0.0']?.name, cjsCounter.name);
});

test('latest follows the highest version, not the last one published', async () => {
  assert.equal((await packument('pin-me'))['dist-tags'].latest, '1.0.0');
  await registry.publish(pinMe('1.1.0'));
  assert.equal((await packument('pin-me'))['dist-tags'].latest, '1.1.0');
  // 1.10.0 > 1.9.0 in semver, though not as text; 1.0.1 comes later and stays below.
  await registry.publish(pinMe('1.10.0'), pinMe('1.9.0'));
  await registry.publish(pinMe('1.0.1'));
  const doc = await packument('pin-me');
  assert.equal(doc['dist-tags'].latest, '1.10.0');
  assert.deepEqual(Object.keys(doc.versions).sort(), [
    '1.0.0',
    '1.0.1',
    '1.1.0',
    '1.10.0',
    '1.9.0',
  ]);
});

test('a version already published is refused', async () => {
  await assert.rejects(registry.publish(esmGreet), /esm-greet@1\.0\.0 is already published/);
});

test('a scoped package is served under its encoded slash and its plain one', async () => {
  const encoded = await packument('@fixtures%2fscoped');
  const plain = await packument('@fixtures/scoped');
  assert.deepEqual(encoded, plain);
  assert.equal(encoded.name, scoped.name);
  const dist = encoded.versions['2.0.0']?.dist;
  assert.equal(dist?.tarball, `${registry.url}@fixtures/scoped/-/scoped-2.0.0.tgz`);
  assert.equal(sha512(await tarball(dist.tarball)), dist.integrity);
  assert.ok(registry.received.some((r) => r.path === '/@fixtures/scoped'));
});

test('a tampered tarball no longer matches its integrity, and its packument is unchanged', async () => {
  const before = await packument('needs-fs');
  const dist = before.versions['1.0.0']?.dist;
  assert.ok(dist);
  const original = await tarball(dist.tarball);
  registry.tamper(needsFs.name, needsFs.version);
  const served = await tarball(dist.tarball);
  assert.equal(served.length, original.length);
  assert.equal(served.filter((byte, i) => byte !== original[i]).length, 1);
  assert.notEqual(sha512(served), dist.integrity);
  assert.deepEqual(await packument('needs-fs'), before);
});

test('an unknown package, an unknown tarball and any other path are 404 with a JSON body', async () => {
  for (const path of [
    'no-such-package',
    '@fixtures%2fnope',
    'esm-greet/-/esm-greet-9.9.9.tgz',
    'esm-greet/1.0.0',
    '',
  ]) {
    const response = await fetch(new URL(path, registry.url));
    assert.equal(response.status, 404, path);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await response.json(), { error: 'Not found' });
  }
});

test('requireToken refuses a request without the token and serves one with it', async (t) => {
  registry.requireToken('secret-token');
  t.after(() => registry.requireToken(undefined));
  const url = new URL('esm-greet', registry.url);
  const without = await fetch(url);
  assert.equal(without.status, 401);
  assert.equal(typeof ((await without.json()) as { error: unknown }).error, 'string');
  const wrong = await fetch(url, { headers: { authorization: 'Bearer other' } });
  assert.equal(wrong.status, 401);
  await wrong.body?.cancel();
  const withToken = await fetch(url, { headers: { authorization: 'Bearer secret-token' } });
  assert.equal(withToken.status, 200);
  await withToken.body?.cancel();
  assert.equal(registry.received.at(-1)?.authorization, 'Bearer secret-token');
  assert.equal(registry.received.at(-3)?.authorization, undefined);
});

test("a tarball unpacks to package/package.json with the fixture's name and version", async () => {
  const dir = await tempDir();
  const file = join(dir, 'esm-greet.tgz');
  const dist = (await packument('esm-greet')).versions['1.0.0']?.dist;
  assert.ok(dist);
  await writeFile(file, await tarball(dist.tarball));
  const entries: string[] = [];
  await tar.t({ file, onReadEntry: (entry) => entries.push(entry.path) });
  assert.deepEqual(entries.sort(), [
    'package/index.js',
    'package/package.json',
    'package/shout.js',
  ]);
  await tar.x({ file, cwd: dir });
  const manifest = JSON.parse(await readFile(join(dir, 'package/package.json'), 'utf8'));
  assert.equal(manifest.name, esmGreet.name);
  assert.equal(manifest.version, esmGreet.version);
  assert.deepEqual(manifest.exports, esmGreet.manifest?.exports);
  assert.equal(await readFile(join(dir, 'package/shout.js'), 'utf8'), esmGreet.files['shout.js']);
});

test("publishFolder packs an existing folder as npm publishes it: its package.json's fields, only the files it lists", async () => {
  const folder = await tempDir();
  const manifest = {
    name: 'from-folder',
    version: '1.2.3',
    main: 'lib/main.js',
    files: ['lib'],
    dependencies: { 'cjs-counter': '^1.0.0' },
  };
  await mkdir(join(folder, 'lib'));
  await writeFile(join(folder, 'package.json'), JSON.stringify(manifest));
  await writeFile(join(folder, 'lib/main.js'), 'module.exports = 42;\n');
  await writeFile(join(folder, 'notes.txt'), 'not in files: never packed\n');
  await registry.publishFolder(folder);

  const doc = await packument('from-folder');
  assert.equal(doc['dist-tags'].latest, '1.2.3');
  const version = doc.versions['1.2.3'];
  assert.ok(version);
  assert.deepEqual(version.dependencies, manifest.dependencies);
  assert.equal((version as unknown as { main: string }).main, 'lib/main.js');
  assert.equal(version.dist.tarball, `${registry.url}from-folder/-/from-folder-1.2.3.tgz`);
  const bytes = await tarball(version.dist.tarball);
  assert.equal(sha512(bytes), version.dist.integrity);

  const file = join(await tempDir(), 'from-folder.tgz');
  await writeFile(file, bytes);
  const entries: string[] = [];
  await tar.t({ file, onReadEntry: (entry) => entries.push(entry.path) });
  assert.deepEqual(entries.sort(), ['package/lib/main.js', 'package/package.json']);
  // The folder is left as it was, and its version cannot be published twice.
  assert.deepEqual((await readdir(folder)).sort(), ['lib', 'notes.txt', 'package.json']);
  await assert.rejects(registry.publishFolder(folder), /from-folder@1\.2\.3 is already published/);
});
