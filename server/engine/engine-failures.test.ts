import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failure, startEngine, value } from '../test-support/engine.ts';

const engine = await startEngine({
  limits: { timeoutMs: 1000, memoryMb: 32, outputBytes: 64 * 1024, codeBytes: 32 * 1024 },
});
const session = 'transactional';
await value(engine, { session, code: 'var state = { n: 1 }; var list = [1, 2]' });

/** Every failure must leave the session exactly as it was. */
async function assertUnchanged() {
  assert.equal(
    await value(engine, { session, code: 'JSON.stringify([state, list])' }),
    `'[{"n":1},[1,2]]'`,
  );
}

test('a thrown error is reported with its stack and commits nothing', async () => {
  const result = await failure(engine, {
    session,
    code: 'state.n = 99; list.push(3);\nthrow new TypeError("bad")',
  });
  assert.equal(result.error?.code, 'thrown');
  assert.equal(result.error?.name, 'TypeError');
  assert.equal(result.error?.message, 'bad');
  assert.match(result.error?.stack ?? '', /at run_js:2:7/);
  assert.doesNotMatch(result.error?.stack ?? '', /mcp-isolate/);
  await assertUnchanged();
});

test('throwing a non-error value is reported too', async () => {
  const result = await failure(engine, { session, code: 'state.n = 5; throw { reason: "nope" }' });
  assert.match(result.error?.message ?? '', /reason: 'nope'/);
  await assertUnchanged();
});

test('importing Node built-ins fails saying the first is not there, one import or two', async () => {
  const notThere = '"node:os" is a Node built-in module (node:os), which the sandbox does not have';
  for (const code of [
    "import os from 'node:os'; state.n = 10",
    "import os from 'node:os'; import path from 'node:path'; state.n = 10",
    // node:fs is the sandbox's own: the import the host refuses is still the first it is asked.
    "import fs from 'node:fs'; import os from 'node:os'; state.n = 10",
  ]) {
    const result = await failure(engine, { session, code });
    assert.deepEqual([result.error?.code, result.error?.message], ['thrown', notThere], code);
  }
  await assertUnchanged();
});

test("a promise rejected with no handler fails the run as the code's error, never a restore's", async () => {
  const result = await failure(engine, {
    session,
    code: 'state.n = 11; Promise.reject(new TypeError("nobody waits")); 1',
  });
  assert.deepEqual(
    [result.error?.code, result.error?.name, result.error?.message],
    ['thrown', 'TypeError', 'nobody waits (uncaught in a promise)'],
  );
  await assertUnchanged();
});

test('an infinite loop hits the timeout, named with its value', async () => {
  const result = await failure(engine, { session, code: 'state.n = 2; while (true) {}' });
  assert.equal(result.error?.code, 'timeout');
  // The kind is the name's alone: texts read `Timeout: the run took…`, never `Timeout: Timeout:`.
  assert.deepEqual(
    [result.error?.name, result.error?.message],
    ['Timeout', 'the run took longer than the limit timeoutMs=1000'],
  );
  await assertUnchanged();
});

test('an endless interval is bounded by the timeout too', async () => {
  const result = await failure(engine, {
    session,
    code: 'state.n = 3; setInterval(() => {}, 1); await new Promise(() => {})',
  });
  assert.equal(result.error?.code, 'timeout');
  await assertUnchanged();
});

test('a memory bomb hits the memory limit, named with its value', async () => {
  const result = await failure(engine, {
    session,
    code: 'state.n = 4; const hog = []; while (true) hog.push(new Array(100000).fill(Math.random()))',
  });
  assert.equal(result.error?.code, 'memory_limit');
  assert.deepEqual(
    [result.error?.name, result.error?.message],
    ['MemoryLimit', 'the isolate ran out of its memoryMb=32 MiB'],
  );
  await assertUnchanged();
});

test('deep recursion is a RangeError and commits nothing', async () => {
  const result = await failure(engine, {
    session,
    code: 'state.n = 5; function down(n) { return down(n + 1) + 1 } down(0)',
  });
  assert.equal(result.error?.name, 'RangeError');
  assert.match(result.error?.message ?? '', /call stack/);
  await assertUnchanged();
});

test('oversized console output or result hits the output limit', async () => {
  const logged = await failure(engine, {
    session,
    code: 'state.n = 6; for (let i = 0; i < 10000; i++) console.log("line", i, "x".repeat(50))',
  });
  assert.equal(logged.error?.code, 'output_limit');
  assert.deepEqual(
    [logged.error?.name, logged.error?.message],
    ['OutputLimit', 'console output and result exceeded outputBytes=65536'],
  );
  const returned = await failure(engine, { session, code: 'state.n = 7; "y".repeat(100000)' });
  assert.equal(returned.error?.code, 'output_limit');
  // A format directive too big to render is a breach too, not a shorter line.
  const formatted = await failure(engine, {
    session,
    code: 'state.n = 7; console.log("%o", Array.from({ length: 90 }, () => ["z".repeat(1000)]))',
  });
  assert.equal(formatted.error?.code, 'output_limit');
  await assertUnchanged();
});

test('oversized code is refused before it runs', async () => {
  const result = await failure(engine, { session, code: `state.n = 8; // ${'z'.repeat(40000)}` });
  assert.equal(result.error?.code, 'code_size');
  assert.match(result.error?.message ?? '', /^the code's \d+ bytes exceed codeBytes=32768$/);
  await assertUnchanged();
});

test('awaiting what can never happen is an error, not a hang', async () => {
  const result = await failure(engine, {
    session,
    code: 'state.n = 9; await new Promise(() => {})',
  });
  assert.equal(result.error?.code, 'never_settles');
  await assertUnchanged();
});

test('an error thrown by a timer callback fails the run', async () => {
  const result = await failure(engine, {
    session,
    code: 'state.n = 10; setTimeout(() => { throw new Error("late") }, 5); await new Promise((r) => setTimeout(r, 10))',
  });
  assert.equal(result.error?.message, 'late');
  await assertUnchanged();
});
