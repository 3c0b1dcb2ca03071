import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { gzipped, makeTarball, tarOf } from '../../test-support/make-tarball.ts';
import { tempDir } from '../../test-support/temp-dir.ts';
import { RunError } from '../run-errors.ts';
import { PackageError } from './package-error.ts';
import { packagePath } from './tarball-files.ts';
import { isTreeFolder, unpackTree } from './unpack-tree.ts';

const limits = { packageTarballBytes: 1024 * 1024, packageFiles: 1000 };
const unpack = (root: string, bytes: Buffer, path = 'node_modules/pkg') =>
  unpackTree(
    root,
    [{ path, label: 'pkg@1.0.0', bytes }],
    'pkg@1.0.0',
    limits,
    AbortSignal.timeout(30_000),
  );

/** Every file under `dir`, by its `/`-separated path relative to it, with its text. */
async function filesUnder(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path).split(sep).join('/')] = await readFile(path, 'utf8');
  }
  return files;
}

test('only regular files with paths inside the package are written: links, `..`, absolute and unsafe names are skipped', async () => {
  const parent = await tempDir();
  const root = join(parent, 'build');
  await writeFile(join(parent, 'outside.txt'), 'kept');
  const tarball = await makeTarball([
    { path: 'package/index.js', body: 'ok' },
    { path: 'package/lib/', type: 'Directory' },
    { path: 'package/lib/deep.js', body: 'deep' },
    { path: 'package/../../outside.txt', body: 'overwritten' },
    { path: '/etc/escaped.txt', body: 'absolute' },
    { path: 'package/C:/drive.txt', body: 'drive' },
    { path: 'package/a\\..\\..\\back.txt', body: 'backslashes' },
    { path: 'package/link', type: 'SymbolicLink', linkpath: '../../outside.txt' },
    { path: 'package/hard', type: 'Link', linkpath: 'package/index.js' },
    { path: 'package/tab\there.js', body: 'control' },
  ]);
  await unpack(root, tarball);
  assert.deepEqual(await filesUnder(root), {
    'node_modules/pkg/index.js': 'ok',
    'node_modules/pkg/lib/deep.js': 'deep',
  });
  assert.equal(await readFile(join(parent, 'outside.txt'), 'utf8'), 'kept');
  assert.equal(packagePath('package/a/./b'), undefined);
  assert.equal(packagePath('package/a/b'), 'a/b');
});

test('a tree folder is node_modules/NAME, nested, and nothing else: one that is not is refused before anything is written', async () => {
  for (const path of ['node_modules/a', 'node_modules/@s/a', 'node_modules/a/node_modules/@s/b']) {
    assert.equal(isTreeFolder(path), true, path);
  }
  for (const path of [
    'node_modules/../../x',
    'node_modules/a/../../x',
    '../node_modules/a',
    'node_modules',
    'node_modules/@s',
    'node_modules/a/b',
    '/node_modules/a',
  ]) {
    assert.equal(isTreeFolder(path), false, path);
  }
  const parent = await tempDir();
  const root = join(parent, 'build');
  await mkdir(root);
  const tarball = await makeTarball([{ path: 'package/index.js', body: 'x' }]);
  await assert.rejects(unpack(root, tarball, 'node_modules/../../escaped'), PackageError);
  assert.deepEqual(await readdir(parent), ['build']);
  assert.deepEqual(await readdir(root), []);
});

test('entries for one file are written in their order, the last one winning, whatever its case', async () => {
  const root = join(await tempDir(), 'build');
  const entries = [];
  for (let i = 0; i < 200; i++) {
    entries.push({ path: `package/f${i % 5}.js`, body: `${i}` });
    // One file on a disk that folds case (macOS, Windows), two elsewhere: the same text either way.
    entries.push({ path: `package/F${i % 5}.js`, body: `${i}` });
  }
  await unpack(root, await makeTarball(entries));
  const files = await filesUnder(root);
  for (let f = 0; f < 5; f++) assert.equal(files[`node_modules/pkg/f${f}.js`], `${195 + f}`);
});

test('a tarball compressed twice, one file larger than the tree may unpack to, and too many files are each stopped', async () => {
  const root = join(await tempDir(), 'build');
  const inner = await makeTarball([{ path: 'package/index.js', body: 'x' }]);
  await assert.rejects(
    unpack(root, await gzipped(inner)),
    /pkg@1\.0\.0 is compressed twice: refused/,
  );
  // A header that gives one file more than the tree may unpack to: refused before it is held.
  const large = await gzipped(
    tarOf([{ path: 'package/big.bin', body: '\0'.repeat(limits.packageTarballBytes * 10 + 1) }]),
  );
  await assert.rejects(
    unpack(root, large),
    (error: RunError) =>
      error instanceof RunError &&
      error.code === 'tarball_size' &&
      /the tarballs of pkg@1\.0\.0 and its dependencies come to more than 10 × packageTarballBytes=1048576, past it at pkg@1\.0\.0/.test(
        error.message,
      ),
  );
  const many = Array.from({ length: limits.packageFiles + 1 }, (_, i) => ({
    path: `package/${i}.js`,
  }));
  await assert.rejects(
    unpack(root, await makeTarball(many)),
    (error: RunError) => error.code === 'package_files',
  );
  await assert.rejects(unpack(root, Buffer.from('not gzip')), /could not be unpacked/);
});
