import assert from 'node:assert/strict';
import { test } from 'node:test';
import ivm from 'isolated-vm';
import { callIsolate, OverrunError } from './execute-run.ts';

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
