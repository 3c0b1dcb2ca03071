import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failure, startEngine, value } from '../test-support/engine.ts';

const engine = await startEngine({ workers: 1 });
const session = 'escape';

test('no Node globals exist in the sandbox', async () => {
  assert.equal(
    await value(engine, {
      session,
      code: "['process', 'require', 'module', 'exports', 'Buffer', 'global', 'setTimeout', 'fetch'].map((name) => typeof globalThis[name]).join()",
    }),
    // fetch is the guest's own, which asks the host (see engine-fetch.test.ts).
    "'undefined,undefined,undefined,undefined,undefined,undefined,function,function'",
  );
});

test('constructor chains and Function reach only the sandbox global', async () => {
  assert.equal(
    await value(engine, {
      session,
      code: `[
        typeof this.constructor.constructor('return this.process')(),
        typeof (function () {}).constructor('return typeof require')(),
        typeof Function('return globalThis')().process,
        typeof (async () => {}).constructor('return process'),
        Object.getPrototypeOf(Object.getPrototypeOf(console.log)) === Object.prototype,
      ].join()`,
    }),
    "'undefined,string,undefined,function,true'",
  );
  const thrown = await failure(engine, { session, code: "Function('return process')()" });
  assert.match(thrown.error?.message ?? '', /process is not defined/);
});

test('stack-trace hooks expose no host frames or objects', async () => {
  assert.equal(
    await value(engine, {
      session,
      code: `Error.prepareStackTrace = (error, frames) => frames.map((frame) => {
          const self = frame.getThis();
          return [frame.getFileName(), self && typeof self.process].join(':');
        });
        const frames = new Error('probe').stack;
        delete Error.prepareStackTrace;
        // Frames come from user code or the sandbox's own runtime, never from the host.
        frames.filter((frame) => !/^(run_js|mcp-isolate:[a-z.]+):(undefined)?$/.test(frame)).join('|')`,
    }),
    "''",
  );
});

test('dynamic import loads nothing', async () => {
  const result = await failure(engine, { session, code: "await import('node:child_process')" });
  assert.equal(result.error?.code, 'thrown');
  assert.equal(await value(engine, { session, code: 'typeof process' }), "'undefined'");
});

test('SharedArrayBuffer and WebAssembly are absent; Atomics cannot block', async () => {
  assert.equal(
    await value(engine, { session, code: '[typeof SharedArrayBuffer, typeof WebAssembly].join()' }),
    "'undefined,undefined'",
  );
  const blocked = await failure(engine, {
    session,
    code: 'Atomics.wait(new Int32Array(new ArrayBuffer(16)), 0, 0, 1000)',
  });
  assert.equal(blocked.error?.name, 'TypeError');
});

test("a session's runtime internals give no way out either", async () => {
  assert.equal(
    await value(engine, {
      session,
      code: "Object.getOwnPropertyNames(__mcpi).every((name) => typeof __mcpi[name] === 'function' && __mcpi[name].constructor === Function)",
    }),
    'true',
  );
});

test('user code cannot drive the run protocol or fake its outcome', async () => {
  const begin = await failure(engine, { session, code: '__mcpi.begin(1, 0, 2 ** 30, "guess")' });
  assert.match(begin.error?.message ?? '', /a run is in progress/);
  const step = await failure(engine, { session, code: '__mcpi.step("guess")' });
  assert.match(step.error?.message ?? '', /only the host steps a run/);
  const body = await failure(engine, { session, code: '__mcpi.body(async () => 1)' });
  assert.match(body.error?.message ?? '', /not a run body/);
  const faked = await engine.run({
    session: 'faker',
    code: 'const real = JSON.stringify; JSON.stringify = (o) => real({ ...o, ticks: 4e8, value: {} }); 1',
  });
  assert.equal(faked.value, '1');
  assert.equal(
    await value(engine, { session: 'faker', code: 'typeof JSON.stringify' }),
    "'function'",
  );
});
