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
