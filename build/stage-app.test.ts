import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../server/test-support/temp-dir.ts';
import { isHost, stageApp } from './stage-app.ts';
import { SHELL_FILES } from './staging/app-shell.ts';
import { checkStaged } from './staging/check-staged.ts';
import { listFiles } from './staging/files.ts';
import { RELEASE_TARGETS, targetName } from './targets.ts';

const host = RELEASE_TARGETS.find(isHost);

test('staging for this platform: the runtime runs, loads isolated-vm and esbuild and serves run_js over stdio; the app holds only the shell; the server only this platform’s isolated-vm and esbuild', {
  skip: host ? undefined : `${process.platform}-${process.arch} is not a release target`,
}, async () => {
  const target = host as NonNullable<typeof host>;
  const out = await tempDir();
  const staged = await stageApp({ target, out });

  assert.deepEqual(await checkStaged(staged), {
    version: `v${staged.version}`,
    isolatedVm: '42',
    esbuild: 'let n = 1;',
    runJs: '[ 2, 4, 6 ]',
  });

  // The app: the shell and a package.json without dependencies, no node_modules.
  const appFiles = await listFiles(staged.app);
  assert.ok(!appFiles.some((path) => path.includes('node_modules')));
  for (const path of SHELL_FILES) {
    assert.ok(
      appFiles.some((file) => file === path || file.startsWith(`${path}/`)),
      path,
    );
  }
  const manifest = JSON.parse(await readFile(join(staged.app, 'package.json'), 'utf8'));
  assert.equal(manifest.main, 'electron/dist/main.cjs');
  assert.equal(manifest.dependencies, undefined);
  assert.equal(manifest.devDependencies, undefined);

  // esbuild's binary for this platform only.
  assert.deepEqual(await readdir(join(staged.server, 'node_modules', '@esbuild')), [
    targetName(target),
  ]);
  // The server: isolated-vm's prebuilds for this platform only, no tarballs anywhere.
  const prebuilds = join(staged.server, 'node_modules', 'isolated-vm', 'prebuilds');
  assert.deepEqual(await readdir(prebuilds), [targetName(target)]);
  const serverFiles = await listFiles(staged.server);
  assert.deepEqual(
    serverFiles.filter((path) => path.endsWith('.tgz')),
    [],
  );
});
