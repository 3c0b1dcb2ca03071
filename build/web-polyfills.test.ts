import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { BUNDLE, bundleWebPolyfills } from './bundle-web-polyfills.ts';

test('the committed web polyfills are what the pinned libraries build', async () => {
  const committed = await readFile(new URL(`../${BUNDLE}`, import.meta.url));
  const built = Buffer.from(await bundleWebPolyfills());
  // Not deepEqual: a diff of 90 KB of minified code would say nothing.
  assert.ok(
    committed.equals(built),
    `${BUNDLE} is not what its entry and the pinned libraries build: run npm run vendor`,
  );
});
