import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isPackageName,
  packageAllowed,
  packagePatternProblem,
  parsePackageSpecifier,
  registryUrlProblem,
} from './package-policy.ts';

test('specifiers: bare names, scopes, subpaths and npm: with a range', () => {
  assert.deepEqual(parsePackageSpecifier('lodash'), { name: 'lodash' });
  assert.deepEqual(parsePackageSpecifier('lodash/fp/map'), { name: 'lodash', subpath: 'fp/map' });
  assert.deepEqual(parsePackageSpecifier('@scope/pkg/sub'), { name: '@scope/pkg', subpath: 'sub' });
  assert.deepEqual(parsePackageSpecifier('npm:pkg@^2'), { name: 'pkg', range: '^2' });
  assert.deepEqual(parsePackageSpecifier('npm:@scope/pkg@1.x/sub'), {
    name: '@scope/pkg',
    range: '1.x',
    subpath: 'sub',
  });
  assert.deepEqual(parsePackageSpecifier('npm:pkg'), { name: 'pkg' });
});

test('what is not a package says why: built-ins, files, URLs, bad names and subpaths', () => {
  assert.match(String(parsePackageSpecifier('node:fs')), /Node built-in module \(node:fs\)/);
  assert.match(
    String(parsePackageSpecifier('fs/promises')),
    /Node built-in module \(node:fs\/promises\)/,
  );
  assert.match(String(parsePackageSpecifier('./local.js')), /file or URL/);
  assert.match(String(parsePackageSpecifier('https://esm.sh/x')), /file or URL/);
  assert.match(String(parsePackageSpecifier('Upper')), /does not name an npm package/);
  assert.match(String(parsePackageSpecifier('pkg@1')), /a version goes with the npm: prefix/);
  assert.match(String(parsePackageSpecifier('pkg/../x')), /invalid subpath/);
  assert.equal(isPackageName('@a'), false);
  assert.equal(isPackageName('a'.repeat(215)), false);
});

test("a name a registry lists may have an old package's capitals, never a path", () => {
  assert.equal(isPackageName('JSONStream'), false);
  assert.equal(isPackageName('JSONStream', true), true);
  for (const name of [
    '..',
    '../x',
    'a/../../b',
    '@s/..',
    '@../x',
    '.hidden',
    '/abs',
    'a\\b',
    'a b',
  ]) {
    assert.equal(isPackageName(name, true), false, name);
  }
});

test('the allow-list: empty allows all, names match exactly, @scope/* a whole scope', () => {
  assert.equal(packageAllowed('anything', []), true);
  assert.equal(packageAllowed('lodash', ['lodash']), true);
  assert.equal(packageAllowed('lodash-es', ['lodash']), false);
  assert.equal(packageAllowed('@s/a', ['@s/*']), true);
  assert.equal(packageAllowed('@t/a', ['@s/*']), false);
  assert.equal(packagePatternProblem('@s/*'), undefined);
  assert.match(String(packagePatternProblem('*')), /not a package name or a scope/);
});

test('the registry is an http(s) address without credentials in it', () => {
  assert.equal(registryUrlProblem('https://registry.npmjs.org/'), undefined);
  assert.match(String(registryUrlProblem('file:///x')), /not an http or https URL/);
  assert.match(String(registryUrlProblem('https://u:p@host/')), /use npmToken/);
});
