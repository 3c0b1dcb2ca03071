import assert from 'node:assert/strict';
import { test } from 'node:test';
import ivm from 'isolated-vm';
import { callInOrder, callIsolate, OverrunError } from './call-isolate.ts';

test('a host call whose error formatting loops in the guest stack hook is cut at its deadline', async () => {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = await isolate.createContext();
  await context.eval('Error.prepareStackTrace = () => { for (;;) {} }');
  // A compile error leaves the isolate, and isolated-vm formats its stack outside its timeout.
  const script = { code: 'let twice; let twice;', filename: 'run_js' };
  const started = performance.now();
  await assert.rejects(callIsolate({ isolate, context }, script, started + 300), OverrunError);
  const ms = performance.now() - started;
  assert.ok(ms < 10_000, `the call ended ${Math.round(ms)} ms after it began`);
  assert.equal(isolate.isDisposed, true);
});

test("a runtime failure inside the isolate comes back as the runtime's message, not a throw", async () => {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = await isolate.createContext();
  const script = { code: '"!it broke"', filename: 'mcp-isolate:step' };
  await assert.rejects(callIsolate({ isolate, context }, script, performance.now() + 1000), {
    message: 'the sandbox runtime failed: it broke',
  });
  isolate.dispose();
});

test('scripts sent at once run in the order sent, with microtasks drained after each', async () => {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = await isolate.createContext();
  await context.eval('globalThis.log = []');
  // Each script leaves a microtask: it must run before the next script, as with calls one at a time.
  const scripts = Array.from({ length: 200 }, (_, i) => ({
    code: `log.push('script ${i}'); Promise.resolve().then(() => log.push('microtask ${i}')); ${i}`,
    filename: 'mcp-isolate:test',
  }));
  const { answers, error } = await callInOrder(
    { isolate, context },
    scripts,
    performance.now() + 10_000,
  );
  assert.equal(error, undefined);
  assert.deepEqual(
    answers,
    scripts.map((_, i) => i),
  );
  const log = (await context.eval('JSON.stringify(log)')) as string;
  assert.deepEqual(
    JSON.parse(log),
    scripts.flatMap((_, i) => [`script ${i}`, `microtask ${i}`]),
  );
  isolate.dispose();
});

test('a script queued behind a slow one is ended at the deadline, not a timeout after it began', async () => {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = await isolate.createContext();
  const started = performance.now();
  const deadline = started + 1000;
  const { answers, error } = await callInOrder(
    { isolate, context },
    [
      { code: 'for (const end = Date.now() + 700; Date.now() < end;) {} 1', filename: 'first' },
      { code: 'for (;;) {}', filename: 'second' },
    ],
    deadline,
  );
  const ms = performance.now() - started;
  assert.deepEqual(answers, [1]);
  assert.ok(error instanceof OverrunError);
  // Its own timeout (1000 ms from when it started, at 700 ms) would have ended it at 1700 ms.
  assert.ok(ms < 1500, `the second script ran until ${Math.round(ms)} ms`);
  assert.equal(isolate.isDisposed, true);
});

test('a failed script stops the scripts queued behind it, and its own error is the answer', async () => {
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = await isolate.createContext();
  const started = performance.now();
  const { answers, error } = await callInOrder(
    { isolate, context },
    [
      { code: '1', filename: 'first' },
      { code: 'let twice; let twice;', filename: 'second' },
      { code: 'for (;;) {}', filename: 'third' },
    ],
    performance.now() + 60_000,
  );
  assert.deepEqual(answers, [1]);
  assert.equal((error as Error).name, 'SyntaxError');
  // Disposed at once: the third script's endless loop never held the isolate until the deadline.
  assert.equal(isolate.isDisposed, true);
  const ms = performance.now() - started;
  assert.ok(ms < 10_000, `the call ended ${Math.round(ms)} ms after it began`);
});
