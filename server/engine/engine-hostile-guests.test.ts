import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failure, startEngine, value } from '../test-support/engine.ts';
import { scriptedHost, textResult, toolResult } from '../test-support/fake-host.ts';
import { newTempDir } from '../test-support/temp-dir.ts';
import { Engine } from './engine.ts';
import { BACKSTOP_GRACE_MS } from './worker-pool.ts';

// Values of every kind the renderer knows, made before anything is poisoned.
const SAMPLE = `var sample = {
  list: [1, 'two', { three: 3 }, , 5],
  map: new Map([['k', { v: 1 }]]),
  set: new Set([1, 'x']),
  date: new Date(0),
  re: /a+b/gi,
  err: new RangeError('bad'),
  boxed: Object(5),
  bytes: new Uint8Array([1, 2]),
  buffer: new ArrayBuffer(8),
  fn: function named() {},
  klass: class Thing {},
  sym: Symbol('s'),
  big: 10n,
  nested: { a: { b: { c: { d: 1 } } } },
  text: 'quote \\' and \\n newline',
};`;

// Replaces every built-in method, getter and iterator a guest can reach with one that throws,
// and puts throwing accessors on Object.prototype and Array.prototype for the names a runtime
// would write (not `then`: the language itself reads it from an async function's result).
const POISON = `(() => {
  const define = Reflect.defineProperty;
  const own = Reflect.ownKeys;
  const describe = Reflect.getOwnPropertyDescriptor;
  const proto = Object.getPrototypeOf;
  const boom = function () { throw new Error('poisoned'); };
  const ours = new Set(['console', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout',
    'clearInterval', 'clearImmediate', 'queueMicrotask', '__mcpi', 'sample', 'globalThis']);
  const holders = [
    proto([][Symbol.iterator]()), proto(new Map().entries()), proto(new Set().values()),
    proto(''[Symbol.iterator]()), proto(Uint8Array), proto(Uint8Array.prototype),
    proto(function* () {}.prototype), proto(async function () {}), Math, JSON, Reflect, Atomics,
  ];
  const globals = own(globalThis);
  for (let i = 0; i < globals.length; i++) {
    if (ours.has(globals[i])) continue;
    const value = describe(globalThis, globals[i]).value;
    if (typeof value === 'function') holders.push(value, value.prototype);
  }
  // From here on, only what was taken above: index loops, no iterators, no methods.
  for (let h = 0; h < holders.length; h++) {
    const holder = holders[h];
    if (!holder) continue;
    const keys = own(holder);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key === 'prototype' || key === 'constructor' || key === 'length' || key === 'name') continue;
      const d = describe(holder, key);
      if (!d.configurable && !d.writable) continue;
      if ('value' in d && typeof d.value === 'function') define(holder, key, { ...d, value: boom });
      else if (d.get) define(holder, key, { ...d, get: boom, set: boom });
    }
  }
  const names = ['key', 'bodyStarted', 'settled', 'failed', 'value', 'error', 'console',
    'get', 'set', 'writable', 'enumerable', 'configurable', 'id', 'kind', 'delay',
    'due', 'seq', 'text', 'level', 'entries', 'more', 'where', 'name', 'message', 'stack',
    '0', '1', '2', '3'];
  const trap = { __proto__: null, get: boom, set: boom, configurable: true };
  define(Function.prototype, 'call', { __proto__: null, value: boom });
  define(Function.prototype, 'apply', { __proto__: null, value: boom });
  for (let n = 0; n < names.length; n++) {
    define(Object.prototype, names[n], trap);
    define(Array.prototype, names[n], trap);
  }
})();
'poisoned'`;

test('a run that replaces every built-in a guest can reach does not break the runs after it', async () => {
  const engine = await startEngine({ workers: 1 });
  const session = 'poisoned';
  await value(engine, { session, code: SAMPLE });
  const before = await value(engine, { session, code: 'sample' });
  const logged = await engine.run({
    session,
    code: 'console.log("%s and %o", "x", sample); setTimeout(function () {}, 5); 1',
  });
  assert.equal(await value(engine, { session, code: POISON }), "'poisoned'");

  assert.equal(await value(engine, { session, code: 'sample' }), before);
  const after = await engine.run({
    session,
    code: 'console.log("%s and %o", "x", sample); setTimeout(function () {}, 5); 1',
  });
  assert.deepEqual(after.console, logged.console);
  assert.deepEqual(after.cancelledTimers.length, 1);
  assert.equal(
    await value(engine, { session, code: 'var y = 40; function g() { return y + 2 } g()' }),
    '42',
  );
  const inspected = await engine.inspectHeap({ heap: after.heap, path: ['sample'] });
  assert.equal(inspected.entries.find((entry) => entry.name === 'map')?.type, 'Map');
  const thrown = await failure(engine, { session, code: 'null.x' });
  assert.equal(thrown.error?.code, 'thrown');
  assert.match(thrown.error?.stack ?? '', /TypeError: Cannot read properties of null/);
});

test('a poisoned heap restores from its journal and snapshot and renders the same', async () => {
  const dataDir = await newTempDir();
  const first = await Engine.start({ dataDir, workers: 1, log: () => undefined });
  const session = 'restored';
  await value(first, { session, code: SAMPLE });
  const before = await value(first, { session, code: 'sample' });
  await value(first, { session, code: POISON });
  assert.equal((await first.snapshot(session)).created, true);
  await first.close();
  const second = await startEngine({ dataDir, workers: 1 });
  const restored = await second.run({ session, code: 'sample' });
  assert.equal(restored.value, before);
  assert.equal(restored.restoredFrom, 'snapshot');
});

test('a looping Error.prepareStackTrace cannot keep a run past its timeout', async () => {
  const timeoutMs = 1000;
  const engine = await startEngine({ workers: 1, limits: { timeoutMs } });
  const session = 'hooked';
  // The run protocol once threw out of the isolate here, and the hook ran outside any deadline.
  await value(engine, {
    session,
    code: `Error.prepareStackTrace = () => { for (;;) {} };
      Object.defineProperty(Object.prototype, 'key', { set() { throw new Error('no') } });`,
  });
  assert.equal(await value(engine, { session, code: '1 + 1' }), '2');
  const thrown = await failure(engine, { session, code: 'throw new Error("x")' });
  assert.equal(thrown.error?.code, 'timeout');
  assert.ok(thrown.durationMs < timeoutMs + BACKSTOP_GRACE_MS, `${thrown.durationMs} ms`);
  assert.equal(await value(engine, { session, code: '2 + 2' }), '4');
});

test("a worker killed for one run's sake re-runs the other sessions' runs it held", async () => {
  const timeoutMs = 1000;
  const engine = await startEngine({ workers: 1, limits: { timeoutMs } });
  await value(engine, { session: 'bystander', code: 'var b = 41' });
  await value(engine, { session: 'stuck', code: 'var s = 1' });
  const [pid] = engine.workerPids();
  // A worker that stops answering altogether: only the pool's backstop can end its runs.
  process.kill(pid as number, 'SIGSTOP');
  const stuck = engine.run({ session: 'stuck', code: 's' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const bystander = engine.run({ session: 'bystander', code: 'b + 1' });
  const [lost, kept] = await Promise.all([stuck, bystander]);
  assert.equal(lost.error?.code, 'worker_crashed');
  assert.match(
    lost.error?.message ?? '',
    new RegExp(`did not answer within ${timeoutMs + BACKSTOP_GRACE_MS} ms`),
  );
  assert.equal(kept.ok, true, JSON.stringify(kept.error));
  assert.equal(kept.value, '42');
  assert.notEqual(engine.workerPids()[0], pid);
});

test('rendering failures are named for what they are', async () => {
  const engine = await startEngine({ workers: 1 });
  const trap = await failure(engine, {
    code: 'new Proxy({}, { ownKeys() { throw new Error("no keys for you") } })',
  });
  assert.equal(trap.error?.code, 'render_failed');
  assert.equal(trap.error?.message, "the run's value could not be rendered: no keys for you");
  const named = await failure(engine, {
    code: 'const e = new Error("m"); e.name = { toString() { throw new Error("bad name") } }; throw e',
  });
  assert.equal(named.error?.code, 'render_failed');
  assert.equal(named.error?.message, "the run's error could not be rendered: bad name");
});

test('a Symbol.toStringTag cannot make a plain object pass for a built-in', async () => {
  const engine = await startEngine({ workers: 1 });
  for (const tag of ['Date', 'RegExp', 'Map', 'Set', 'Error', 'Number', 'ArrayBuffer']) {
    const rendered = await value(engine, { code: `({ a: 1, [Symbol.toStringTag]: '${tag}' })` });
    assert.match(rendered ?? '', /a: 1/, `tag ${tag}`);
  }
  assert.equal(
    await value(engine, { code: 'const d = new Date(0); d[Symbol.toStringTag] = "Map"; d' }),
    '1970-01-01T00:00:00.000Z',
  );
});

test('pending timers count against the output limit and are cut with a count', async () => {
  const outputBytes = 64 * 1024;
  const engine = await startEngine({ workers: 1, limits: { outputBytes } });
  const result = await engine.run({
    code: 'for (let i = 0; i < 300000; i++) setTimeout(() => {}, 1000 + i); "many"',
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  const listed = result.cancelledTimers.length;
  assert.ok(listed > 0 && listed < 300000, `${listed} listed`);
  assert.equal(listed + (result.moreCancelledTimers ?? 0), 300000);
  assert.ok(JSON.stringify(result.cancelledTimers).length <= outputBytes);
});

test('guests that poison built-ins, prod the mcp global or keep it in a snapshot make no call they did not make, and the next run still calls', async () => {
  const dataDir = await newTempDir();
  const host = scriptedHost((request) => {
    if (request.type === 'tool-list') return { listing: '[]', bytes: 2 };
    if (request.tool === 'fail') {
      return toolResult({ content: [{ type: 'text', text: 'tool said no' }], isError: true });
    }
    if (request.tool === 'weather') {
      return toolResult({
        content: [{ type: 'text', text: 'warm' }],
        structuredContent: { t: 20 },
      });
    }
    return textResult(`echo ${request.arguments}`);
  });
  const upstream = { servers: { github: { allowTools: [], disabled: false } } };
  const engine = await startEngine({ dataDir, host, upstream, snapshotIdleMs: 3_600_000 });
  const calls = () =>
    host.asks.map(({ request }) =>
      request.type === 'tool-call' ? `${request.tool} ${request.arguments}` : 'list',
    );

  // Accessors on Object.prototype for every name the answers and the result are read by, and
  // the built-ins the runtime must not use replaced.
  const poisoned = await value(engine, {
    session: 'poisoned',
    code: `
      const boom = function () { throw new Error('poisoned'); };
      for (const name of ['get', 'has', 'set', 'structuredContent', 'isError', 'content', 'raw',
        'type', 'text', 'code', 'refused', 'result', 'error', 'request', 'op', 'server', 'tool']) {
        Reflect.defineProperty(Object.prototype, name, { get: boom, set: boom, configurable: true });
      }
      Reflect.defineProperty(Error.prototype, 'name', { get: () => 'Poisoned', set: boom, configurable: true });
      Reflect.defineProperty(Error.prototype, 'message', { get: () => 'poisoned', set: boom, configurable: true });
      JSON.parse = boom; JSON.stringify = boom; Array.prototype.join = boom;
      Promise.prototype.then = boom; Function.prototype.call = boom; Function.prototype.apply = boom;
      const got = [await mcp.github.echo({ a: 1 }), (await mcp.github.weather()).t, await mcp.call('github', 'lines')];
      try { await mcp.github.fail(); } catch (error) { got.push(error.name, error.message); }
      got`,
  });
  assert.equal(poisoned, `[ 'echo {"a":1}', 20, 'echo {}', 'McpToolError', 'tool said no' ]`);
  assert.equal(
    await value(engine, { session: 'poisoned', code: 'await mcp.github.echo({ next: 1 })' }),
    `'echo {"next":1}'`,
  );

  // A then on Object.prototype is read by the language itself when a promise resolves: the call
  // still resolves with its result.
  assert.equal(
    await value(engine, {
      session: 'thenable',
      code: `
        Reflect.defineProperty(Object.prototype, 'then', { get: () => undefined, configurable: true });
        const got = await mcp.github.weather();
        delete Object.prototype.then;
        [got.t, typeof mcp.then, typeof mcp.github.then]`,
    }),
    "[ 20, 'undefined', 'undefined' ]",
  );
  assert.deepEqual(calls(), [
    'echo {"a":1}',
    'weather {}',
    'lines {}',
    'fail {}',
    'echo {"next":1}',
    'weather {}',
  ]);

  // Awaiting, serialising, listing or showing the global calls nothing; bad arguments reject in
  // the guest's own call, before anything is asked.
  const asked = host.asks.length;
  const prodded = await value(engine, {
    session: 'prodded',
    code: `
      const out = [typeof (await mcp.github), JSON.stringify(mcp.github), JSON.stringify(mcp), Object.keys(mcp).length,
        'x' in mcp, Object.getPrototypeOf(mcp), Reflect.set(mcp, 'x', 1), Reflect.defineProperty(mcp.github, 'y', { value: 1 })];
      const coerce = { toString() { globalThis.coerced = true; return 'github'; } };
      const cyclic = {}; cyclic.self = cyclic;
      for (const bad of [() => mcp.call(Symbol('s'), 'echo'), () => mcp.call(coerce, 'echo'),
          () => mcp.github.echo({ toJSON() { throw new Error('no JSON'); } }), () => mcp.github.echo([1]),
          () => mcp.github.echo({ big: 1n }), () => mcp.github.echo(cyclic), () => mcp.github.echo(null)]) {
        out.push(await bad().then(() => 'called', (error) => error.name));
      }
      out.push(typeof globalThis.coerced);
      out.map(String).join(' ')`,
  });
  assert.equal(
    prodded,
    "'object {} {} 0 false null false false TypeError TypeError TypeError TypeError TypeError TypeError TypeError undefined'",
  );
  const shown = await engine.run({ session: 'prodded', code: 'mcp' });
  assert.equal(shown.ok, true, JSON.stringify(shown.error));
  assert.equal(host.asks.length, asked, 'nothing was asked');

  // A toJSON that calls a tool makes that call, first: the guest made it.
  assert.equal(
    await value(engine, {
      session: 'prodded',
      code: `await mcp.github.echo({ toJSON() { mcp.github.echo({ inner: 1 }); return { outer: 1 }; } })`,
    }),
    `'echo {"outer":1}'`,
  );
  assert.deepEqual(calls().slice(asked), ['echo {"inner":1}', 'echo {"outer":1}']);

  // The proxies live on in a snapshot and call again after a restore.
  await value(engine, { session: 'stored', code: 'var gh = mcp.github; var all = mcp; 1' });
  assert.ok((await engine.snapshot('stored')).bytes > 0);
  await engine.close();
  const again = await startEngine({ dataDir, host, upstream });
  const restored = await again.run({
    session: 'stored',
    code: "[await gh.echo({ s: 1 }), await all.call('github', 'echo'), typeof gh.then]",
  });
  assert.deepEqual(
    [restored.value, restored.restoredFrom],
    [`[ 'echo {"s":1}', 'echo {}', 'undefined' ]`, 'snapshot'],
  );
});
