import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { stableRuntime } from './stable-runtime.ts';

async function resources(files = 3) {
  const dir = await tempDir();
  await mkdir(join(dir, 'runtime', 'bin'), { recursive: true });
  await mkdir(join(dir, 'server', 'bin'), { recursive: true });
  await mkdir(join(dir, 'server', 'node_modules', '.bin'), { recursive: true });
  await writeFile(join(dir, 'runtime', 'bin', 'node'), 'runtime v1');
  await writeFile(join(dir, 'server', 'bin', 'mcp-isolate.mjs'), 'server v1');
  for (let i = 0; i < files; i++) await writeFile(join(dir, 'server', `file-${i}.js`), '');
  return dir;
}

test('the runtime and server are copied once to a stable folder, and again if the copy was cut short', async () => {
  const resourcesPath = await resources();
  const root = join(await tempDir(), 'app');
  const paths = await stableRuntime({ resourcesPath, root, version: '0.1.0', platform: 'linux' });
  assert.deepEqual(paths, {
    node: join(root, '0.1.0', 'runtime', 'bin', 'node'),
    serverScript: join(root, '0.1.0', 'server', 'bin', 'mcp-isolate.mjs'),
  });
  assert.equal(await readFile(paths.node, 'utf8'), 'runtime v1');

  // A complete copy is kept as it is.
  await writeFile(join(resourcesPath, 'runtime', 'bin', 'node'), 'runtime v2');
  await stableRuntime({ resourcesPath, root, version: '0.1.0', platform: 'linux' });
  assert.equal(await readFile(paths.node, 'utf8'), 'runtime v1');

  // One without its marker is made again.
  await rm(join(root, '0.1.0', '.complete'));
  await stableRuntime({ resourcesPath, root, version: '0.1.0', platform: 'linux' });
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
  await stableRuntime({ resourcesPath, root, version: '0.1.0', platform: 'linux' });
  assert.equal(
    await readlink(join(root, '0.1.0', 'server', 'node_modules', '.bin', 'tool')),
    '../tool.js',
  );
});

test('copies of older versions are removed once the new one is complete', async () => {
  const resourcesPath = await resources();
  const root = join(await tempDir(), 'app');
  await stableRuntime({ resourcesPath, root, version: '0.1.0', platform: 'linux' });
  await stableRuntime({ resourcesPath, root, version: '0.2.0', platform: 'linux' });
  assert.deepEqual(await readdir(root), ['0.2.0']);
});

test('a long copy reports its progress, and a failed one says what and where', async () => {
  const resourcesPath = await resources(450);
  const root = join(await tempDir(), 'app');
  const seen: number[] = [];
  await stableRuntime({
    resourcesPath,
    root,
    version: '0.1.0',
    platform: 'linux',
    onProgress: (files) => seen.push(files),
  });
  assert.deepEqual(seen.slice(0, 2), [200, 400]);
  assert.ok((seen.at(-1) ?? 0) > 450);

  // A source that cannot be read: the error names the part and the folder.
  await assert.rejects(
    stableRuntime({ resourcesPath: join(resourcesPath, 'gone'), root, version: '0.3.0' }),
    /could not copy the app's runtime to .*0\.3\.0: .*ENOENT/,
  );
  assert.deepEqual(
    await readdir(root),
    ['0.1.0'],
    'a failed copy leaves nothing half-made and removes no working one',
  );
});
