import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { stableRuntime } from './stable-runtime.ts';

/** An app's resources as staging leaves them, its build id in `server/build-id`. */
async function resources(buildId = '0.1.0-aaaaaaaaaaaa', files = 3) {
  const dir = await tempDir();
  await mkdir(join(dir, 'runtime', 'bin'), { recursive: true });
  await mkdir(join(dir, 'server', 'bin'), { recursive: true });
  await mkdir(join(dir, 'server', 'node_modules', '.bin'), { recursive: true });
  await writeFile(join(dir, 'runtime', 'bin', 'node'), 'runtime v1');
  await writeFile(join(dir, 'server', 'bin', 'mcp-isolate.mjs'), 'server v1');
  await writeFile(join(dir, 'server', 'build-id'), `${buildId}\n`);
  for (let i = 0; i < files; i++) await writeFile(join(dir, 'server', `file-${i}.js`), '');
  return dir;
}

test('the runtime and server are copied once per build to a stable folder named by the build id', async () => {
  const resourcesPath = await resources('0.1.0-aaaaaaaaaaaa');
  const root = join(await tempDir(), 'app');
  const paths = await stableRuntime({ resourcesPath, root, platform: 'linux' });
  assert.deepEqual(paths, {
    node: join(root, '0.1.0-aaaaaaaaaaaa', 'runtime', 'bin', 'node'),
    serverScript: join(root, '0.1.0-aaaaaaaaaaaa', 'server', 'bin', 'mcp-isolate.mjs'),
  });
  assert.equal(await readFile(paths.node, 'utf8'), 'runtime v1');

  // A complete copy of the same build is kept as it is.
  await writeFile(join(resourcesPath, 'runtime', 'bin', 'node'), 'runtime v2');
  await stableRuntime({ resourcesPath, root, platform: 'linux' });
  assert.equal(await readFile(paths.node, 'utf8'), 'runtime v1');
});

test('a rebuilt app of the same version is another build: it gets a fresh copy, and the stale one goes', async () => {
  const root = join(await tempDir(), 'app');
  await stableRuntime({ resourcesPath: await resources('0.1.0-aaaaaaaaaaaa'), root });
  const rebuilt = await resources('0.1.0-bbbbbbbbbbbb');
  await writeFile(join(rebuilt, 'server', 'bin', 'mcp-isolate.mjs'), 'server v1, rebuilt');
  const paths = await stableRuntime({ resourcesPath: rebuilt, root, platform: 'linux' });
  assert.equal(
    paths.serverScript,
    join(root, '0.1.0-bbbbbbbbbbbb', 'server', 'bin', 'mcp-isolate.mjs'),
  );
  assert.equal(await readFile(paths.serverScript, 'utf8'), 'server v1, rebuilt');
  assert.deepEqual(await readdir(root), ['0.1.0-bbbbbbbbbbbb']);
});

test('a copy that was interrupted is made again from the start', async () => {
  const resourcesPath = await resources('0.1.0-aaaaaaaaaaaa');
  const root = join(await tempDir(), 'app');
  // What a copy cut short leaves (the app killed, the disk full): some files, one of them
  // partly written, and no `.complete` marker.
  const target = join(root, '0.1.0-aaaaaaaaaaaa');
  await mkdir(join(target, 'runtime', 'bin'), { recursive: true });
  await writeFile(join(target, 'runtime', 'bin', 'node'), 'runt');
  await writeFile(join(target, 'leftover'), '');
  const paths = await stableRuntime({ resourcesPath, root, platform: 'linux' });
  assert.equal(await readFile(paths.node, 'utf8'), 'runtime v1');
  assert.equal(await readFile(paths.serverScript, 'utf8'), 'server v1');
  assert.deepEqual((await readdir(target)).sort(), ['.complete', 'runtime', 'server']);

  // Without its marker, even a whole copy is made again.
  await writeFile(join(resourcesPath, 'runtime', 'bin', 'node'), 'runtime v2');
  await rm(join(target, '.complete'));
  await stableRuntime({ resourcesPath, root, platform: 'linux' });
  assert.equal(await readFile(paths.node, 'utf8'), 'runtime v2');
});

test('relative symlinks stay relative, so they never point back into the old mount', {
  skip:
    process.platform === 'win32' &&
    'AppImages are Linux; Windows makes symlinks only with extra rights',
}, async () => {
  const resourcesPath = await resources();
  await writeFile(join(resourcesPath, 'server', 'node_modules', 'tool.js'), '');
  await symlink('../tool.js', join(resourcesPath, 'server', 'node_modules', '.bin', 'tool'));
  const root = join(await tempDir(), 'app');
  await stableRuntime({ resourcesPath, root, platform: 'linux' });
  assert.equal(
    await readlink(join(root, '0.1.0-aaaaaaaaaaaa', 'server', 'node_modules', '.bin', 'tool')),
    '../tool.js',
  );
});

test('copies of older builds are removed once the new one is complete', async () => {
  const root = join(await tempDir(), 'app');
  await stableRuntime({ resourcesPath: await resources('0.1.0-aaaaaaaaaaaa'), root });
  await stableRuntime({ resourcesPath: await resources('0.2.0-cccccccccccc'), root });
  assert.deepEqual(await readdir(root), ['0.2.0-cccccccccccc']);
});

test('a long copy reports its progress, and a failed one says what and where', async () => {
  const resourcesPath = await resources('0.1.0-aaaaaaaaaaaa', 450);
  const root = join(await tempDir(), 'app');
  const seen: number[] = [];
  await stableRuntime({
    resourcesPath,
    root,
    platform: 'linux',
    onProgress: (files) => seen.push(files),
  });
  assert.deepEqual(seen.slice(0, 2), [200, 400]);
  assert.ok((seen.at(-1) ?? 0) > 450);

  // A runtime that cannot be read: the error names the part and the folder.
  const broken = await resources('0.3.0-dddddddddddd');
  await rm(join(broken, 'runtime'), { recursive: true });
  await assert.rejects(
    stableRuntime({ resourcesPath: broken, root }),
    /could not copy the app's runtime to .*0\.3\.0-dddddddddddd: .*ENOENT/,
  );
  assert.deepEqual(
    await readdir(root),
    ['0.1.0-aaaaaaaaaaaa'],
    'a failed copy leaves nothing half-made and removes no working one',
  );
});

test('resources without a build id, or with one that is no folder name, are a clear error', async () => {
  const root = join(await tempDir(), 'app');
  const missing = await resources();
  await rm(join(missing, 'server', 'build-id'));
  await assert.rejects(
    stableRuntime({ resourcesPath: missing, root }),
    /the app has no build id \(.*build-id\): .*ENOENT/,
  );
  await assert.rejects(
    stableRuntime({ resourcesPath: await resources('../escape'), root }),
    /is not a folder name: "\.\.\/escape"/,
  );
  await assert.rejects(
    stableRuntime({ resourcesPath: await resources('..'), root }),
    /not a folder name/,
  );
});
