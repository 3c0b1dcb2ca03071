import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failure, startEngine, value } from '../test-support/engine.ts';

const engine = await startEngine();

test('state persists between runs: var, let, const, function and class', async () => {
  const session = 'persist';
  await value(engine, {
    session,
    code: 'var a = 1; let b = 2; const c = 3; function f() { return a + b + c } class K { k = 4 }',
  });
  assert.equal(await value(engine, { session, code: 'f() + new K().k' }), '10');
  // Declaring again is allowed, as in a REPL.
  assert.equal(await value(engine, { session, code: 'const c = 30; f()' }), '33');
});

test('functions keep what the run did to them: reassigned, or declared in a block', async () => {
  const session = 'functions';
  await value(engine, {
    session,
    code: 'function f() { return 1 } f = () => 2; { function g() { return 3 } } if (false) { function h() {} }',
  });
  assert.equal(await value(engine, { session, code: 'f() + g()' }), '5');
  assert.equal(await value(engine, { session, code: 'typeof h' }), "'undefined'");
  // A block that is not entered leaves an existing global as it was.
  await value(engine, { session, code: 'if (false) { function g() {} }' });
  assert.equal(await value(engine, { session, code: 'function k() {} k = 7; g()' }), '3');
  assert.equal(await value(engine, { session, code: 'k' }), '7');
  assert.equal(await value(engine, { session, code: 'for (var x = 1 in {}) {} x' }), '1');
});

test('the value of the last expression is rendered readably', async () => {
  const session = 'render';
  const rendered = await value(engine, {
    session,
    code: `({ n: 1, s: 'two', list: [1, 2, 3], nested: { deep: { deeper: { deepest: 1 } } },
      map: new Map([['k', 1]]), set: new Set([1]), date: new Date(0), re: /x/g,
      fn: function named() {}, big: 10n, sym: Symbol('s'), nil: null, undef: undefined })`,
  });
  assert.match(rendered ?? '', /n: 1/);
  assert.match(rendered ?? '', /s: 'two'/);
  assert.match(rendered ?? '', /list: \[ 1, 2, 3 \]/);
  assert.match(rendered ?? '', /deeper: \[Object\]/);
  assert.match(rendered ?? '', /Map\(1\) \{ 'k' => 1 \}/);
  assert.match(rendered ?? '', /1970-01-01T00:00:00.000Z/);
  assert.match(rendered ?? '', /\[Function: named\]/);
  assert.match(rendered ?? '', /big: 10n/);
  assert.equal(await value(engine, { session, code: "'text'" }), "'text'");
  assert.equal(
    await value(engine, { session, code: 'const o = {}; o.self = o; o' }),
    '{ self: [Circular] }',
  );
  const long = await value(engine, { session, code: 'Array.from({length: 150}, (_, i) => i)' });
  assert.match(long ?? '', /\.\.\. 50 more items/);
});

test("a run's value is its last statement's completion value, as in a REPL, awaiting or not", async () => {
  const session = 'completion';
  const cases: [string, string][] = [
    ["try { 1; 'a' } catch (e) { 'b' }", "'a'"],
    ["try { throw 1 } catch (e) { 'b' }", "'b'"],
    ["try { 'a'; throw 1 } catch (e) { }", 'undefined'],
    ["try { 'a' } finally { 'f' }", "'a'"],
    ["if (true) { 'y' }", "'y'"],
    ["if (false) { 'y' } else 'n'", "'n'"],
    ["'before'; if (false) { 'y' }", 'undefined'],
    ['{ 1; { 2 } }', '2'],
    ["'kept'; const declared = 1; function declaredFn() {}", "'kept'"],
    ['for (let i = 0; i < 3; i++) i * 10', '20'],
    ['let n = 0; while (n < 5) { n++; if (n === 3) break }', 'undefined'],
    ['let m = 0; do { m++ } while (m < 4)', '3'],
    ["for (const k of ['p', 'q']) { k }", "'q'"],
    ["switch (2) { case 1: 'one'; break; case 2: 'two'; break; default: 'other' }", "'two'"],
    ["outer: { 'in'; break outer; 'never' }", "'in'"],
    ['loop: for (;;) { 5; break loop }', '5'],
    ['loop: for (;;) { 5; for (;;) { break loop } }', 'undefined'],
    ['l: try { 1 } finally { 2; break l }', '2'],
    ["if (true) { await 'awaited' }", "'awaited'"],
    ["try { await Promise.reject(1) } catch { 'caught after await' }", "'caught after await'"],
    ["for (const p of [1, 2]) { await p; 'after ' + p }", "'after 2'"],
  ];
  for (const [code, expected] of cases) {
    assert.equal(await value(engine, { session, code }), expected, code);
  }
  // Declarations in those statements are globals as before.
  assert.equal(
    await value(engine, { session, code: 'typeof declaredFn + declared' }),
    "'function1'",
  );
});

test('console output is captured with its level', async () => {
  const result = await engine.run({
    session: 'console',
    code: "console.log('a', 1, {b: 2}); console.warn('w'); console.error(new Error('e').message); console.info('%s=%d', 'n', 5); 'done'",
  });
  assert.deepEqual(result.console, [
    { level: 'log', text: 'a 1 { b: 2 }' },
    { level: 'warn', text: 'w' },
    { level: 'error', text: 'e' },
    { level: 'info', text: 'n=5' },
  ]);
  assert.equal(result.value, "'done'");
});

test('top-level await and TypeScript', async () => {
  const session = 'modern';
  assert.equal(
    await value(engine, { session, code: 'const v = await Promise.resolve(41); v + 1' }),
    '42',
  );
  const result = await engine.run({
    session,
    code: 'interface P { x: number }\nconst p: P = { x: v };\nfunction double(n: number): number { return n * 2 }\ndouble(p.x)',
  });
  assert.equal(result.value, '82');
});

test('a run without a session gets a new one, named in the result', async () => {
  const first = await engine.run({ code: 'globalThis.mark = 7' });
  assert.match(first.session, /^session-[0-9a-f]{8}$/);
  assert.equal(await value(engine, { session: first.session, code: 'mark' }), '7');
  const other = await engine.run({ code: 'typeof mark' });
  assert.notEqual(other.session, first.session);
  assert.equal(other.value, "'undefined'");
});

test('a syntax error is reported with its position and commits nothing', async () => {
  const session = 'syntax';
  await value(engine, { session, code: 'var kept = 1' });
  const result = await failure(engine, { session, code: 'kept = 2;\nlet = = 3' });
  assert.equal(result.error?.code, 'syntax_error');
  assert.match(result.error?.message ?? '', /line 2/);
  assert.equal(await value(engine, { session, code: 'kept' }), '1');
  const stillborn = await failure(engine, { session: 'never-made', code: 'let = = 3' });
  assert.equal(stillborn.heap, 'root');
  assert.equal(
    engine.listSessions().some((listed) => listed.name === 'never-made'),
    false,
    'a first run with bad code creates no session',
  );
});

test('runs in one session are serialised', async () => {
  const session = 'serial';
  await value(engine, { session, code: 'var counter = 0' });
  const bump =
    'const seen = counter; await new Promise((r) => setTimeout(r, 5)); counter = seen + 1';
  const results = await Promise.all(
    Array.from({ length: 5 }, () => engine.run({ session, code: bump })),
  );
  assert.deepEqual(
    results.map((result) => result.value),
    ['1', '2', '3', '4', '5'],
  );
});

test('more sessions than the open-journal bound run side by side, every run committed in order', async () => {
  const crowd = await startEngine({ workers: 2, openJournals: 4, snapshotIdleMs: 60_000 });
  const sessions = Array.from({ length: 12 }, (_, i) => `crowd-${i}`);
  await Promise.all(sessions.map((session) => value(crowd, { session, code: 'var n = 0' })));
  // Every session's runs are asked for at once: each waits for the one before, and commits
  // while the other sessions' runs prepare and commit.
  const results = await Promise.all(
    sessions.map((session) =>
      Promise.all(Array.from({ length: 8 }, () => crowd.run({ session, code: '++n' }))),
    ),
  );
  for (const [i, session] of sessions.entries()) {
    const errors = (results[i] ?? []).flatMap((result) => (result.ok ? [] : [result.error]));
    assert.deepEqual(errors, [], `${session}'s runs failed`);
    assert.deepEqual(
      results[i]?.map((result) => result.value),
      ['1', '2', '3', '4', '5', '6', '7', '8'],
    );
    const committed = await crowd.history(session);
    assert.deepEqual(
      committed.map((heap) => heap.code),
      ['var n = 0', ...Array(8).fill('++n')],
    );
    assert.equal(committed.at(-1)?.heap, results[i]?.at(-1)?.heap);
  }
});

test('sessions run in parallel and cannot see each other', async () => {
  await Promise.all([
    value(engine, { session: 'left', code: 'var secret = "left"' }),
    value(engine, { session: 'right', code: 'var secret = "right"' }),
  ]);
  assert.equal(await value(engine, { session: 'left', code: 'secret' }), "'left'");
  assert.equal(await value(engine, { session: 'right', code: 'secret' }), "'right'");
  assert.equal(await value(engine, { session: 'third', code: 'typeof secret' }), "'undefined'");
});

test('session names are checked', async () => {
  await assert.rejects(engine.run({ session: '../etc', code: '1' }), /invalid session name/);
  await assert.rejects(engine.run({ session: '', code: '1' }), /invalid session name/);
  // Names that would collide or misbehave as folders on macOS or Windows.
  for (const session of ['Persist', 'trailing.', 'con', 'lpt1.log']) {
    await assert.rejects(engine.run({ session, code: '1' }), /invalid session name/);
  }
  assert.equal(await value(engine, { session: 'console.app_2-b', code: '1' }), '1');
});
