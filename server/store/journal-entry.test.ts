import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { effectsOfLegacy } from './effect-record.ts';
import { heapIdOf } from './journal-entry.ts';
import type { NetBatches } from './net-record.ts';
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
const imported = (packages: PackageBatches) => effectsOfLegacy({ packages });

test('the heap id covers what the imports loaded, but not how long they took', () => {
  const plain = heapIdOf(fields);
  const one = heapIdOf({ ...fields, effects: imported(loaded('b'.repeat(64))) });
  assert.notEqual(one, plain);
  assert.notEqual(heapIdOf({ ...fields, effects: imported(loaded('c'.repeat(64))) }), one);
  const slower = loaded('b'.repeat(64));
  (slower[0]?.[0] as { ms: number }).ms = 500;
  assert.equal(heapIdOf({ ...fields, effects: imported(slower) }), one);
});

test('entries without imports hash as they did before imports existed', () => {
  // Pinned: changing how a plain entry hashes would orphan every snapshot on disk.
  assert.equal(heapIdOf(fields), heapIdOf({ ...fields, effects: undefined }));
  assert.equal(heapIdOf({ ...fields, effects: [] }), heapIdOf({ ...fields, effects: undefined }));
});

/** How heap ids were made before entries recorded `effects`: fetches and imports apart. */
function legacyHeapIdOf(entry: typeof fields & { net?: NetBatches; packages?: PackageBatches }) {
  const timeless = <T extends { ms: number }>(batches: T[][]) =>
    batches.map((batch) => batch.map(({ ms: _ms, ...rest }) => rest));
  const hashed = [
    2,
    entry.parent,
    entry.code,
    entry.script,
    entry.time,
    entry.seed,
    entry.ticks,
    entry.output,
    ...(entry.net || entry.packages ? [timeless(entry.net ?? [])] : []),
    ...(entry.packages ? [timeless(entry.packages)] : []),
  ];
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex').slice(0, 32);
}

test("an entry's fetches and imports as `net` and `packages`, or the same as `effects`, have one heap id", () => {
  const net: NetBatches = [
    [
      {
        request: { method: 'GET', url: 'http://a.test/', headers: [], redirect: 'follow' },
        response: {
          url: 'http://a.test/',
          status: 200,
          statusText: 'OK',
          headers: [['content-type', 'text/plain']],
          redirects: [],
          body: 'd'.repeat(64),
          bytes: 2,
        },
        ms: 3,
      },
    ],
    [
      {
        request: { method: 'GET', url: 'http://b.test/', headers: [], redirect: 'follow' },
        error: { message: 'refused', refused: true },
        ms: 1,
      },
    ],
  ];
  const packages = loaded('b'.repeat(64));
  for (const legacy of [{}, { net }, { packages }, { net, packages }]) {
    const effects = effectsOfLegacy(legacy);
    assert.equal(
      heapIdOf({ ...fields, ...(effects.length > 0 && { effects }) }),
      legacyHeapIdOf({ ...fields, ...legacy }),
      `${Object.keys(legacy).join(' and ') || 'neither'}`,
    );
  }
  // Interleaved as a run received them, the kinds still hash in their fixed order.
  const [first, second] = net;
  const [bundle] = packages;
  assert.ok(first && second && bundle);
  assert.equal(
    heapIdOf({
      ...fields,
      effects: [
        { kind: 'fetch', batch: first },
        { kind: 'import', batch: bundle },
        { kind: 'fetch', batch: second },
      ],
    }),
    legacyHeapIdOf({ ...fields, net, packages }),
  );
});
