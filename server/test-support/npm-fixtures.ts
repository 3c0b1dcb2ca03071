// The packages the package tests publish to the test registry: each small, and each answering
// with values a test can check (which file was loaded, which version, which copy of a dependency).
import type { FixturePackage } from './npm-registry.ts';

/** ESM with an exports map: the root and a subpath. */
export const esmGreet: FixturePackage = {
  name: 'esm-greet',
  version: '1.0.0',
  manifest: { type: 'module', exports: { '.': './index.js', './shout': './shout.js' } },
  files: {
    'index.js':
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the package's source has a template literal.
      "export default function greet(name) { return `hello ${name}`; }\nexport const version = '1.0.0';\n",
    'shout.js': "export const shout = (text) => text.toUpperCase() + '!';\n",
  },
};

/** CommonJS whose entry is not index.js: only `main` finds it. */
export const cjsCounter: FixturePackage = {
  name: 'cjs-counter',
  version: '1.0.0',
  manifest: { main: 'lib/counter.js' },
  files: { 'lib/counter.js': "module.exports = { count: (n) => n + 1, kind: 'cjs' };\n" },
};

/** ESM importing a CommonJS dependency: twice(n) is n + 2 when cjs-counter came along. */
export const withDep: FixturePackage = {
  name: 'with-dep',
  version: '1.0.0',
  manifest: { type: 'module', dependencies: { 'cjs-counter': '^1.0.0' } },
  files: {
    'index.js':
      "import counter from 'cjs-counter';\nexport const twice = (n) => counter.count(counter.count(n));\n",
  },
};

/** A version that says which version it is: tests publish 1.0.0, later 1.1.0. */
export function pinMe(version: string): FixturePackage {
  return {
    name: 'pin-me',
    version,
    files: { 'index.js': `module.exports = { version: '${version}' };\n` },
  };
}

/** Needs Node's fs, which the sandbox has: the session's files (guest/node-fs.js). */
export const needsFs: FixturePackage = {
  name: 'needs-fs',
  version: '1.0.0',
  files: {
    'index.js':
      "const fs = require('fs');\nconst fsp = require('node:fs/promises');\nmodule.exports = { exists: (p) => fs.existsSync(p), samePromises: fs.promises === fsp };\n",
  },
};

/** Needs a Node built-in that the sandbox does not have. */
export const needsOs: FixturePackage = {
  name: 'needs-os',
  version: '1.0.0',
  files: {
    'index.js': "const os = require('os');\nmodule.exports = { cpus: () => os.cpus() };\n",
  },
};

/** A scoped name: `/@fixtures%2fscoped` in the registry, a tarball named scoped-2.0.0.tgz. */
export const scoped: FixturePackage = {
  name: '@fixtures/scoped',
  version: '2.0.0',
  manifest: { type: 'module' },
  files: { 'index.js': "export default 'scoped';\n" },
};

export const sharedOne: FixturePackage = {
  name: 'shared',
  version: '1.0.0',
  files: { 'index.js': 'module.exports = 1;\n' },
};

export const sharedTwo: FixturePackage = {
  name: 'shared',
  version: '2.0.0',
  files: { 'index.js': 'module.exports = 2;\n' },
};

export const usesSharedOne: FixturePackage = {
  name: 'uses-shared-one',
  version: '1.0.0',
  manifest: { dependencies: { shared: '^1.0.0' } },
  files: { 'index.js': "module.exports = require('shared');\n" },
};

export const mixed: FixturePackage = {
  name: 'mixed',
  version: '1.0.0',
  manifest: { dependencies: { shared: '^2.0.0', 'uses-shared-one': '1.0.0' } },
  files: {
    'index.js':
      "module.exports = { mine: require('shared'), theirs: require('uses-shared-one') };\n",
  },
};

/**
 * Two versions of one dependency in one tree: npm puts shared@2 at the top and shared@1 under
 * uses-shared-one/node_modules, so `mixed` gives `{ mine: 2, theirs: 1 }`.
 */
export const conflicting: FixturePackage[] = [sharedOne, sharedTwo, usesSharedOne, mixed];

/** Everything, with pin-me at 1.0.0 only (a test publishes 1.1.0 when it wants it). */
export const ALL_FIXTURES: FixturePackage[] = [
  esmGreet,
  cjsCounter,
  withDep,
  pinMe('1.0.0'),
  needsFs,
  needsOs,
  scoped,
  ...conflicting,
];
