import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEngine, value } from '../test-support/engine.ts';

const engine = await startEngine();

test("a heap's own globals, with types and previews, without the prelude's", async () => {
  const made = await engine.run({
    session: 'inspected',
    code: `var count = 3; const user = { name: 'Ada', tags: ['a', 'b'], nested: { deep: true } };
      function greet() {} class Point {} var list = [1, 2]; var nothing = null;
      Object.defineProperty(globalThis, 'lazy', { get() { throw new Error('called') } });`,
  });
  assert.equal(made.ok, true, JSON.stringify(made.error));
  const { entries } = await engine.inspectHeap({ heap: made.heap });
  const byName = Object.fromEntries(entries.map((entry) => [entry.name, entry]));
  assert.deepEqual(Object.keys(byName).sort(), [
    'Point',
    'count',
    'greet',
    'lazy',
    'list',
    'nothing',
    'user',
  ]);
  assert.deepEqual(byName.count, {
    name: 'count',
    key: 'count',
    type: 'number',
    preview: '3',
    expandable: false,
  });
  assert.equal(byName.user?.type, 'object');
  assert.equal(byName.user?.expandable, true);
  assert.match(byName.user?.preview ?? '', /name: 'Ada'/);
  assert.equal(byName.greet?.type, 'function');
  assert.equal(byName.Point?.type, 'class');
  assert.equal(byName.list?.type, 'array');
  assert.equal(byName.nothing?.type, 'null');
  // A getter is named, never called.
  assert.equal(byName.lazy?.type, 'accessor');
  const nested = await engine.inspectHeap({ heap: made.heap, path: ['user', 'nested'] });
  assert.deepEqual(
    nested.entries.map((entry) => [entry.name, entry.type, entry.preview]),
    [['deep', 'boolean', 'true']],
  );
});

test('inspecting reads a copy: an older heap, and proxies that count, leave the session as it is', async () => {
  const first = await engine.run({ session: 'counting', code: 'var step = 1' });
  await value(engine, {
    session: 'counting',
    code: 'step = 2; var hits = 0; var trap = new Proxy({}, { ownKeys() { hits++; return [] } })',
  });
  const older = await engine.inspectHeap({ heap: first.heap });
  assert.deepEqual(
    older.entries.map((entry) => [entry.name, entry.preview]),
    [['step', '1']],
  );
  const head = engine.listSessions().find((s) => s.name === 'counting')?.head as string;
  await engine.inspectHeap({ heap: head });
  await engine.inspectHeap({ heap: head, path: ['trap'] });
  assert.equal(await value(engine, { session: 'counting', code: 'hits' }), '0');
  await assert.rejects(engine.inspectHeap({ heap: 'f'.repeat(32) }), /no session has heap/);
  await assert.rejects(
    engine.inspectHeap({ heap: head, path: ['missing'] }),
    /no value at missing/,
  );
});

test('a heap exports as its journal, entry by entry up to that heap', async () => {
  const one = await engine.run({ session: 'exported', code: 'var e = 1' });
  const two = await engine.run({ session: 'exported', code: 'e = 2' });
  await engine.run({ session: 'exported', code: 'e = 3' });
  const lines = (await engine.exportHeap(two.heap))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    lines.map((entry) => [entry.heap, entry.code]),
    [
      [one.heap, 'var e = 1'],
      [two.heap, 'e = 2'],
    ],
  );
  await assert.rejects(engine.exportHeap('nope'), /no session has heap/);
});
