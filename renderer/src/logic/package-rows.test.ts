import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  packageLoadRow,
  packageLoadsHeading,
  sessionPackageRows,
  sessionPackagesHeading,
} from './package-rows.ts';

test('an import the registry answered shows as bundled, with its version, bundle size and time', () => {
  assert.deepEqual(
    packageLoadRow({
      specifier: 'esm-greet',
      name: 'esm-greet',
      version: '1.0.0',
      bytes: 2048,
      from: 'built',
      ms: 120.4,
    }),
    {
      specifier: 'esm-greet',
      resolved: 'esm-greet@1.0.0',
      size: '2.0 KiB',
      from: 'bundled',
      time: '120 ms',
      outcome: 'ok',
    },
  );
});

test('an import of a pinned package says it came from the cache', () => {
  const row = packageLoadRow({
    specifier: 'npm:lodash@^4/fp',
    name: 'lodash',
    version: '4.17.21',
    bytes: 512,
    from: 'cache',
    ms: 1.5,
  });
  assert.equal(row.resolved, 'lodash@4.17.21');
  assert.equal(row.from, 'cache');
  assert.equal(row.time, '1.50 ms');
});

test('a failed import is marked failed with its reason, and names what it resolved if anything', () => {
  const unresolved = packageLoadRow({
    specifier: 'no-such-package',
    error: 'no-such-package is not in the registry',
    ms: 4,
  });
  assert.equal(unresolved.outcome, 'failed');
  assert.equal(unresolved.from, 'failed');
  assert.equal(unresolved.resolved, '');
  assert.equal(unresolved.size, '');
  assert.equal(unresolved.reason, 'no-such-package is not in the registry');
  const tooLarge = packageLoadRow({
    specifier: 'big',
    name: 'big',
    version: '2.0.0',
    error: 'the bundle is over packageBundleBytes',
    ms: 40,
  });
  assert.equal(tooLarge.resolved, 'big@2.0.0');
  assert.equal(tooLarge.outcome, 'failed');
});

test("the run's heading counts its packages and those bundled or failed", () => {
  assert.equal(
    packageLoadsHeading([{ specifier: 'a', name: 'a', version: '1.0.0', from: 'cache', ms: 1 }]),
    '1 package',
  );
  assert.equal(
    packageLoadsHeading([
      { specifier: 'a', name: 'a', version: '1.0.0', from: 'built', ms: 1 },
      { specifier: 'b', name: 'b', version: '1.0.0', from: 'cache', ms: 1 },
      { specifier: 'c', error: 'not found', ms: 1 },
    ]),
    '3 packages · 1 bundled · 1 failed',
  );
});

test('pinned packages are listed by name and version, each entry named as code imports it', () => {
  const rows = sessionPackageRows([
    {
      name: 'lodash',
      version: '4.17.21',
      integrity: 'sha512-x',
      tarballBytes: 320 * 1024,
      dependencies: 0,
      bundles: [
        { subpath: 'fp', bytes: 4096 },
        { subpath: '.', bytes: 2 * 1024 * 1024 },
      ],
    },
    {
      name: 'esm-greet',
      version: '1.10.0',
      integrity: 'sha512-y',
      tarballBytes: 300,
      dependencies: 2,
      bundles: [{ subpath: '.', bytes: 700 }],
    },
    {
      name: 'esm-greet',
      version: '1.9.0',
      integrity: 'sha512-z',
      tarballBytes: 300,
      dependencies: 2,
      bundles: [],
    },
  ]);
  assert.deepEqual(
    rows.map((row) => row.key),
    ['esm-greet@1.9.0', 'esm-greet@1.10.0', 'lodash@4.17.21'],
  );
  assert.deepEqual(rows[2], {
    key: 'lodash@4.17.21',
    name: 'lodash',
    version: '4.17.21',
    tarball: '320.0 KiB',
    bundles: [
      { entry: 'lodash', size: '2.0 MiB' },
      { entry: 'lodash/fp', size: '4.0 KiB' },
    ],
    dependencies: '0',
  });
  assert.equal(rows[1]?.dependencies, '2');
});

test("the panel's heading counts the pinned packages and their tarballs' size", () => {
  assert.equal(
    sessionPackagesHeading([
      {
        name: 'a',
        version: '1.0.0',
        integrity: 'sha512-a',
        tarballBytes: 1024,
        dependencies: 0,
        bundles: [],
      },
    ]),
    '1 package pinned · 1.0 KiB of tarballs',
  );
});
