import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RELEASE_TARGETS, targetName } from '../targets.ts';
import { listFiles } from './files.ts';
import { needsSourceBuild, serverLeftovers } from './server-leftovers.ts';

const IVM = fileURLToPath(new URL('../../node_modules/isolated-vm/', import.meta.url));

test('isolated-vm is built from source for darwin-x64 only, the one release target it ships no prebuild for', async () => {
  const prebuilds = await readdir(`${IVM}prebuilds`);
  const fromSource = RELEASE_TARGETS.filter((target) => needsSourceBuild(target, prebuilds));
  assert.deepEqual(fromSource.map(targetName), ['darwin-x64']);
});

test("the installed isolated-vm's leftovers for linux-x64 are other prebuilds, its tarball and its build inputs", async () => {
  const files = (await listFiles(IVM)).map((path) => `node_modules/isolated-vm/${path}`);
  const kept = new Set(files);
  for (const path of serverLeftovers({ platform: 'linux', arch: 'x64' }, files)) kept.delete(path);
  const keptPrebuilds = [...kept].filter((path) => path.includes('/prebuilds/'));
  assert.ok(keptPrebuilds.length > 0);
  assert.ok(keptPrebuilds.every((path) => path.includes('/prebuilds/linux-x64/')));
  assert.ok(![...kept].some((path) => path.endsWith('.tgz') || path.includes('/src/')));
  assert.ok(kept.has('node_modules/isolated-vm/isolated-vm.js'));
  assert.ok(kept.has('node_modules/isolated-vm/package.json'));
});

test('after a build from source only the compiled addon of the build folder stays', () => {
  const files = [
    'node_modules/isolated-vm/build/Release/isolated-vm.node',
    'node_modules/isolated-vm/build/Release/obj.target/isolated-vm/src/isolate.o',
    'node_modules/isolated-vm/build/Makefile',
    'node_modules/isolated-vm/build/config.gypi',
    'node_modules/isolated-vm/prebuilds/darwin-arm64/isolated-vm.abi137.node',
    'node_modules/isolated-vm/isolated-vm.js',
    'node_modules/express/index.js',
    'node_modules/some-package/some-package-1.0.0.tgz',
  ];
  assert.deepEqual(serverLeftovers({ platform: 'darwin', arch: 'x64' }, files), [
    'node_modules/isolated-vm/build/Release/obj.target/isolated-vm/src/isolate.o',
    'node_modules/isolated-vm/build/Makefile',
    'node_modules/isolated-vm/build/config.gypi',
    'node_modules/isolated-vm/prebuilds/darwin-arm64/isolated-vm.abi137.node',
    'node_modules/some-package/some-package-1.0.0.tgz',
  ]);
});
