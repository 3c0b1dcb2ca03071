import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  emptyLock,
  lockfileBehind,
  lockfileMismatch,
  lockWith,
  type PackageLock,
} from './package-lock.ts';
import type { LoadedPackage } from './package-record.ts';

const loaded = (name: string, bundle: string): LoadedPackage => ({
  name,
  version: '1.0.0',
  integrity: `sha512-${name}`,
  tarball: 't'.repeat(64),
  bytes: 10,
  bundle,
  bundleBytes: 20,
  dependencies: [],
});

const lock: PackageLock = lockWith(emptyLock(), [
  [
    { specifier: 'a', package: loaded('a', 'a'.repeat(64)), ms: 1 },
    { specifier: 'b', package: loaded('b', 'b'.repeat(64)), ms: 1 },
  ],
]);
const text = (edit: (packages: Record<string, unknown>) => void = () => undefined) => {
  const copy = JSON.parse(JSON.stringify(lock));
  edit(copy.packages);
  return JSON.stringify(copy, null, 2);
};

test("a lockfile that says the journal's pins agrees, however it is laid out", () => {
  assert.equal(lockfileMismatch(text(), lock), undefined);
  assert.equal(lockfileMismatch(JSON.stringify(lock), lock), undefined);
  assert.equal(lockfileMismatch(undefined, emptyLock()), undefined);
});

test('a lockfile that points a pin elsewhere, invents one or lacks one is a mismatch naming it', () => {
  const swapped = text((packages) => {
    (packages['a@1.0.0'] as PackageLock['packages'][string]).bundles['.'] = {
      hash: 'b'.repeat(64),
      bytes: 20,
    };
  });
  assert.equal(lockfileMismatch(swapped, lock), 'a@1.0.0 differs');
  const invented = text((packages) => {
    packages['a@9.0.0'] = packages['b@1.0.0'];
  });
  assert.equal(lockfileMismatch(invented, lock), 'a@9.0.0 was never pinned');
  assert.equal(
    lockfileMismatch(
      text((packages) => {
        delete packages['b@1.0.0'];
      }),
      lock,
    ),
    'b@1.0.0 is missing',
  );
  assert.equal(lockfileMismatch(undefined, lock), 'there is none');
  // A name JSON makes an own key is no more pinned than any other.
  assert.equal(
    lockfileMismatch('{"lockfileVersion":1,"packages":{"__proto__":{}}}', emptyLock()),
    '__proto__ was never pinned',
  );
});

test('a lockfile that is not JSON, or not a lockfile, is a mismatch saying so', () => {
  assert.equal(lockfileMismatch('{ torn', lock), 'it is not JSON');
  assert.equal(lockfileMismatch('null', lock), 'it is not a version 1 lockfile');
  assert.equal(
    lockfileMismatch('{"lockfileVersion":2,"packages":{}}', lock),
    'it is not a version 1 lockfile',
  );
});

test('a mismatch names a few packages and counts the rest', () => {
  const many = text((packages) => {
    for (const name of ['c', 'd', 'e', 'f']) packages[`${name}@1.0.0`] = {};
  });
  assert.equal(
    lockfileMismatch(many, lock),
    'c@1.0.0 was never pinned, d@1.0.0 was never pinned, e@1.0.0 was never pinned and 1 more',
  );
});

test('a lockfile that only lacks newer pins is behind the journal, not edited', () => {
  const lacking = text((packages) => {
    delete packages['b@1.0.0'];
  });
  assert.equal(lockfileBehind(lacking, lock), true);
  assert.equal(lockfileBehind(undefined, lock), true);
  const swapped = text((packages) => {
    delete packages['b@1.0.0'];
    (packages['a@1.0.0'] as PackageLock['packages'][string]).bundles['.'] = {
      hash: 'b'.repeat(64),
      bytes: 20,
    };
  });
  assert.equal(lockfileBehind(swapped, lock), false);
  assert.equal(lockfileBehind('{ torn', lock), false);
  assert.equal(
    lockfileBehind(
      text((packages) => Object.assign(packages, { 'c@1.0.0': {} })),
      lock,
    ),
    false,
  );
});
