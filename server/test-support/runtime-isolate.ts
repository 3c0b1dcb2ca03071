import { after } from 'node:test';
import ivm from 'isolated-vm';
import { AFTER_RESTORE, BEFORE_SNAPSHOT, type GuestScript } from '../sandbox/guest-calls.ts';
import { PRELUDE } from '../sandbox/runtime-source.ts';

/**
 * The guest runtime on its own, in a real isolate restored from its snapshot as a worker
 * restores it (`snapshot`, for fresh ones), disposed after the test file: no worker, no engine.
 * `call` runs a script the way the worker does, its value copied out.
 */
export function runtimeIsolate(timeoutMs: number) {
  const snapshot = ivm.Isolate.createSnapshot([...PRELUDE, BEFORE_SNAPSHOT]);
  const isolate = new ivm.Isolate({ memoryLimit: 64, snapshot });
  const context = isolate.createContextSync();
  context.evalSync(AFTER_RESTORE.code, { filename: AFTER_RESTORE.filename });
  after(() => isolate.dispose());
  const call = (script: GuestScript) =>
    context.eval(script.code, { filename: script.filename, timeout: timeoutMs, copy: true });
  return { snapshot, isolate, context, call };
}
