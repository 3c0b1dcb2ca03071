import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { npm } from './npm.ts';
import { esbuildBinaryPackage } from './server.ts';

const ROOT = new URL('../../', import.meta.url);

// The release stages each target on its own runner, but staging for another platform must still
// carry that platform's esbuild binary: npm's --os and --cpu pick the optional dependency.
test("npm installs esbuild's binary for the target's os and cpu, not this machine's", async () => {
  const { dependencies } = JSON.parse(await readFile(new URL('package.json', ROOT), 'utf8'));
  const project = await tempDir();
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'staging-check',
      private: true,
      dependencies: { esbuild: dependencies.esbuild },
    }),
  );
  const target = { platform: 'darwin', arch: 'arm64' } as const;
  await npm(
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--os=darwin', '--cpu=arm64'],
    { cwd: project },
  );
  assert.equal(esbuildBinaryPackage(target), '@esbuild/darwin-arm64');
  assert.deepEqual(await readdir(join(project, 'node_modules', '@esbuild')), ['darwin-arm64']);
});
