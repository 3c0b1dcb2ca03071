import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { test } from 'node:test';

// `npm run build` makes these; the test command builds before it tests.
const bundle = (name: string) => readFile(new URL(`./dist/${name}.cjs`, import.meta.url), 'utf8');
const required = (source: string) => [...source.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);

test('the sandboxed preload is one file that requires nothing but electron', async () => {
  assert.deepEqual([...new Set(required(await bundle('preload')))], ['electron']);
});

test('the main process bundle needs only electron and Node built-ins', async () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  const outside = required(await bundle('main')).filter(
    (name) => name !== 'electron' && !builtins.has(name as string),
  );
  assert.deepEqual(outside, []);
});

test('electron-updater, its updaters and its GitHub provider are inside the main process bundle', async () => {
  // app.asar holds no node_modules: a require('electron-updater') left in would fail at start.
  const main = await bundle('main');
  assert.ok(!required(main).includes('electron-updater'));
  for (const part of [
    'function doLoadAutoUpdater',
    'require_NsisUpdater',
    'require_MacUpdater',
    'require_AppImageUpdater',
    'class extends BaseGitHubProvider',
  ]) {
    assert.ok(main.includes(part), part);
  }
});
