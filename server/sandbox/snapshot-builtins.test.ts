import assert from 'node:assert/strict';
import { test } from 'node:test';
import ivm from 'isolated-vm';
import { AFTER_RESTORE, BEFORE_SNAPSHOT } from './guest-calls.ts';
import { PRELUDE } from './runtime-source.ts';

// Every property path reachable from the global object and the intrinsics that are not globals.
const LIST_BUILTINS = `(() => {
  const paths = [];
  const seen = new Set();
  const walk = (value, path) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
    if (seen.has(value)) return;
    seen.add(value);
    walk(Object.getPrototypeOf(value), path + '.[[Prototype]]');
    for (const key of Reflect.ownKeys(value)) {
      const name = path + '.' + String(key);
      if (name.startsWith('globalThis.__probe')) continue;
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      const primitive = 'value' in descriptor && Object(descriptor.value) !== descriptor.value;
      paths.push(primitive ? name + '=' + String(descriptor.value) : name);
      walk(descriptor.value, name);
      walk(descriptor.get, name + '[get]');
    }
  };
  walk(globalThis, 'globalThis');
  walk(async function* () {}, 'asyncGenerator');
  walk(function* () {}, 'generator');
  walk([][Symbol.iterator](), 'arrayIterator');
  walk(Iterator.from([1]).map((x) => x), 'iteratorHelper');
  return JSON.stringify(paths.sort());
})()`;

test('a restored context has exactly the built-ins of the context that made the snapshot', async () => {
  const blob = ivm.Isolate.createSnapshot([
    ...PRELUDE,
    { code: `globalThis.__probe = ${LIST_BUILTINS};` },
    BEFORE_SNAPSHOT,
  ]);
  const isolate = new ivm.Isolate({ snapshot: blob });
  try {
    const context = await isolate.createContext();
    await context.eval(AFTER_RESTORE.code);
    const making = JSON.parse(await context.eval('__probe')) as string[];
    const restored = JSON.parse(await context.eval(LIST_BUILTINS)) as string[];
    const missing = making.filter((path) => !restored.includes(path));
    const extra = restored.filter((path) => !making.includes(path));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
    assert.ok(making.includes('globalThis.Error.stackTraceLimit=10'));
  } finally {
    isolate.dispose();
    blob.release();
  }
});
