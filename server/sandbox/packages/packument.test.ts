import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPackument, manifestOf } from './packument.ts';

const version = (name: string, v: string, fields: Record<string, unknown> = {}) => ({
  name,
  version: v,
  dist: { tarball: `https://registry.test/${name}/-/${name}-${v}.tgz`, integrity: 'sha512-x' },
  ...fields,
});

test("a registry's packument is taken as it checks out: each version naming the package, listed under its own version, depending on package names", () => {
  const packument = checkPackument('pkg', {
    name: 'pkg',
    'dist-tags': { latest: '1.1.0', odd: 42 },
    versions: {
      '1.0.0': version('pkg', '1.0.0', { dependencies: [] }),
      '1.1.0': version('pkg', '1.1.0', { dependencies: { JSONStream: '^1', '@s/a': '2' } }),
      '1.2.0': version('../../elsewhere', '1.2.0'),
      '1.3.0': version('pkg', '9.9.9'),
      '1.4.0': version('pkg', '1.4.0', { dependencies: { '../x': '1' } }),
      '1.5.0': version('pkg', '1.5.0', { peerDependencies: { ok: 1 } }),
      '1.6.0': { name: 'pkg', version: '1.6.0' },
      'not-a-version': version('pkg', 'not-a-version'),
    },
  });
  assert.deepEqual(packument['dist-tags'], { latest: '1.1.0' });
  assert.deepEqual(Object.keys(packument.versions), ['1.0.0', '1.1.0']);
  assert.equal(packument.versions['1.0.0']?.dependencies, undefined);
  assert.deepEqual(packument.refused, {
    '1.2.0': `its manifest names "../../elsewhere", not 'pkg'`,
    '1.3.0': 'its manifest says version "9.9.9"',
    '1.4.0': 'its dependencies name "../x", which is not a package name',
    '1.5.0': "its peerDependencies give 'ok' no version range",
    '1.6.0': 'it has no tarball address',
  });
  assert.throws(
    () => manifestOf(packument, '1.2.0'),
    /the npm registry's pkg@1\.2\.0 is refused: its manifest names/,
  );
  assert.equal(manifestOf(packument, '1.1.0')?.version, '1.1.0');
});

test('an answer that is no packument of the package asked for is refused as a whole', () => {
  assert.throws(
    () => checkPackument('pkg', []),
    /answer for 'pkg' is refused: it lists no versions/,
  );
  assert.throws(
    () => checkPackument('pkg', { name: 'other', versions: {} }),
    /answer for 'pkg' is refused: it describes "other"/,
  );
});
