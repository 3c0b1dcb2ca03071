import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '../server/test-support/temp-dir.ts';
import { checkStaged, stageApp } from './stage-app.ts';

test('staging for this platform: the runtime runs, loads isolated-vm and serves run_js over stdio', async () => {
  const out = await tempDir();
  const staged = await stageApp({ platform: process.platform, arch: process.arch, out });
  const check = await checkStaged(staged);
  assert.deepEqual(check, {
    version: `v${staged.version}`,
    isolatedVm: '42',
    runJs: '[ 2, 4, 6 ]',
  });
});
