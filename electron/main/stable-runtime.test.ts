import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { stableRuntime } from './stable-runtime.ts';

test('the runtime and server are copied once to a stable folder, and again if the copy was cut short', async () => {
  const resources = await tempDir();
  await mkdir(join(resources, 'runtime', 'bin'), { recursive: true });
  await mkdir(join(resources, 'server', 'bin'), { recursive: true });
  await writeFile(join(resources, 'runtime', 'bin', 'node'), 'runtime v1');
  await writeFile(join(resources, 'server', 'bin', 'mcp-isolate.mjs'), 'server v1');
  const target = join(await tempDir(), 'app', '0.1.0');

  const paths = await stableRuntime(resources, target, 'linux');
  assert.deepEqual(paths, {
    node: join(target, 'runtime', 'bin', 'node'),
    serverScript: join(target, 'server', 'bin', 'mcp-isolate.mjs'),
  });
  assert.equal(await readFile(paths.node, 'utf8'), 'runtime v1');

  // A complete copy is kept as it is.
  await writeFile(join(resources, 'runtime', 'bin', 'node'), 'runtime v2');
  await stableRuntime(resources, target, 'linux');
  assert.equal(await readFile(paths.node, 'utf8'), 'runtime v1');

  // One without its marker is made again.
  await rm(join(target, '.complete'));
  await stableRuntime(resources, target, 'linux');
  assert.equal(await readFile(paths.node, 'utf8'), 'runtime v2');
});
