import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RendererRecovery } from './renderer-recovery.ts';

test('a crashed page is reloaded, and the user is told why', () => {
  const recovery = new RendererRecovery();
  assert.deepEqual(recovery.decide({ kind: 'gone', reason: 'oom' }, 0), {
    reload: true,
    message: 'The MCP Isolate window stopped (oom), so it was reloaded.',
  });
});

test('a page that failed to load is reloaded; an aborted load or a subframe is no failure', () => {
  const recovery = new RendererRecovery();
  const failed = recovery.decide(
    { kind: 'load-failed', errorCode: -6, description: 'ERR_FILE_NOT_FOUND', mainFrame: true },
    0,
  );
  assert.equal(failed?.reload, true);
  assert.match(failed?.message ?? '', /could not load its page \(ERR_FILE_NOT_FOUND, -6\)/);
  assert.equal(
    recovery.decide(
      { kind: 'load-failed', errorCode: -3, description: 'ERR_ABORTED', mainFrame: true },
      1,
    ),
    undefined,
  );
  assert.equal(
    recovery.decide(
      { kind: 'load-failed', errorCode: -6, description: 'ERR_FILE_NOT_FOUND', mainFrame: false },
      2,
    ),
    undefined,
  );
});

test('a renderer that ended cleanly (the app quitting) is not reloaded', () => {
  assert.equal(new RendererRecovery().decide({ kind: 'gone', reason: 'clean-exit' }, 0), undefined);
});

test('reloads are bounded: a page that keeps crashing is left alone, and the user told what to do', () => {
  const recovery = new RendererRecovery({ reloads: 3, withinMs: 60_000 });
  const crash = (at: number) => recovery.decide({ kind: 'gone', reason: 'crashed' }, at);
  assert.deepEqual(
    [crash(0), crash(1000), crash(2000)].map((decision) => decision?.reload),
    [true, true, true],
  );
  const fourth = crash(3000);
  assert.equal(fourth?.reload, false);
  assert.match(
    fourth?.message ?? '',
    /crashed\) again, 4 times within 60 s, so it was not reloaded/,
  );
  assert.match(fourth?.message ?? '', /quit MCP Isolate and start it again/);
  assert.equal(crash(59_000)?.reload, false, 'still within the minute of the first three');
  assert.equal(crash(61_000)?.reload, true, 'a minute after the first, one may be reloaded again');
});
