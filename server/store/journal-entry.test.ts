import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heapIdOf } from './journal-entry.ts';
import type { PackageBatches } from './package-record.ts';

const fields = { parent: 'root', code: '1', script: '1', time: 1, seed: 2, ticks: 0, output: 1024 };
const loaded = (bundle: string): PackageBatches => [
  [
    {
      specifier: 'pkg',
      package: {
        name: 'pkg',
        version: '1.0.0',
        integrity: 'sha512-x',
        tarball: 'a'.repeat(64),
        bytes: 10,
        bundle,
        bundleBytes: 20,
        dependencies: [],
      },
      ms: 5,
    },
  ],
];

test('the heap id covers what the imports loaded, but not how long they took', () => {
  const plain = heapIdOf(fields);
  const one = heapIdOf({ ...fields, packages: loaded('b'.repeat(64)) });
  assert.notEqual(one, plain);
  assert.notEqual(heapIdOf({ ...fields, packages: loaded('c'.repeat(64)) }), one);
  const slower = loaded('b'.repeat(64));
  (slower[0]?.[0] as { ms: number }).ms = 500;
  assert.equal(heapIdOf({ ...fields, packages: slower }), one);
});

test('entries without imports hash as they did before imports existed', () => {
  // Pinned: changing how a plain entry hashes would orphan every snapshot on disk.
  assert.equal(heapIdOf(fields), heapIdOf({ ...fields, net: undefined, packages: undefined }));
  assert.equal(
    heapIdOf({ ...fields, net: [] }),
    heapIdOf({ ...fields, net: [], packages: undefined }),
  );
});
