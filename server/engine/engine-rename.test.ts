import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { failure, startEngine, value } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { EngineError } from './engine-error.ts';
import type { EngineEvent } from './engine-types.ts';

test('a renamed session goes on from its heap under the new name, its runs and forks follow, and a restart reads it back', async () => {
  const dataDir = await tempDir();
  const engine = await startEngine({ dataDir, limits: { timeoutMs: 60_000 } });
  const first = await engine.run({ session: 'session-1a2b', code: 'var n = 1' });
  const second = await engine.run({ session: 'session-1a2b', code: 'n += 1' });
  await engine.recordRun('session-1a2b', { note: 'the second run' });
  await engine.fork({ heap: first.heap, session: 'child' });
  const events: EngineEvent[] = [];
  engine.subscribe((event) => events.push(event));

  const renamed = await engine.renameSession('session-1a2b', 'counting');
  assert.equal(renamed.name, 'counting');
  assert.equal(renamed.head, second.heap, 'a heap id does not change with a name');
  assert.equal(renamed.heaps, 2);
  assert.deepEqual(events, [{ type: 'session-renamed', from: 'session-1a2b', to: 'counting' }]);
  assert.deepEqual(
    engine.listSessions().map((session) => session.name),
    ['child', 'counting'],
  );
  assert.deepEqual(await engine.runs('counting'), [{ note: 'the second run' }]);
  assert.deepEqual(
    (await engine.history('counting')).map((heap) => heap.heap),
    [first.heap, second.heap],
  );
  const child = () => engine.listSessions().find((session) => session.name === 'child');
  assert.deepEqual(child()?.forkedFrom, { session: 'counting', heap: first.heap });
  // Its folder moved, and its metadata says the new name.
  const sessions = `${dataDir}/sessions`;
  assert.deepEqual((await readdir(sessions)).sort(), ['child', 'counting']);
  const meta = JSON.parse(await readFile(`${sessions}/counting/session.json`, 'utf8'));
  assert.equal(meta.name, 'counting');

  // The heap goes on: its live isolate was dropped, so it restores.
  const third = await engine.run({ session: 'counting', code: 'n += 1' });
  assert.equal(third.value, '3');
  assert.notEqual(third.restoredFrom, 'live');
  // The old name is free: a run there starts a new, empty session.
  const fresh = await failure(engine, { session: 'session-1a2b', code: 'n' });
  assert.match(fresh.error?.message ?? '', /n is not defined/);
  await engine.close();

  const again = await startEngine({ dataDir });
  const listed = again.listSessions();
  assert.deepEqual(
    listed.map((session) => session.name),
    ['child', 'counting', 'session-1a2b'],
  );
  assert.equal(listed.find((session) => session.name === 'counting')?.head, third.heap);
  assert.deepEqual(listed.find((session) => session.name === 'child')?.forkedFrom, {
    session: 'counting',
    heap: first.heap,
  });
  assert.deepEqual(await again.runs('counting'), [{ note: 'the second run' }]);
  assert.equal(await value(again, { session: 'counting', code: 'n' }), '3');
});

test('a rename is refused to a taken or invalid name, for an unknown session, and while a run is in progress', async () => {
  const engine = await startEngine({ limits: { timeoutMs: 60_000 } });
  await value(engine, { session: 'kept', code: 'var k = 1' });
  await value(engine, { session: 'other', code: '1' });
  const refused = async (rename: Promise<unknown>, code: string, message: RegExp) => {
    const error = await rename.then(
      () => assert.fail('the rename should have been refused'),
      (error: unknown) => error,
    );
    assert.ok(error instanceof EngineError);
    assert.equal(error.code, code);
    assert.match(error.message, message);
  };
  await refused(engine.renameSession('kept', 'other'), 'session_exists', /other already exists/);
  await refused(engine.renameSession('kept', 'kept'), 'session_exists', /kept already exists/);
  await refused(engine.renameSession('kept', 'Not OK'), 'invalid_session_name', /lowercase/);
  await refused(engine.renameSession('nobody', 'new'), 'unknown_session', /no session named/);

  const running = engine.run({ session: 'kept', code: 'for (;;) {}' });
  await waitUntil(
    () => engine.activeRuns().some((run) => run.session === 'kept'),
    'the endless run under way',
  );
  await refused(engine.renameSession('kept', 'renamed'), 'session_busy', /run in progress/);
  const [active] = engine.activeRuns();
  assert.ok(active && engine.cancelRun(active.id));
  assert.equal((await running).error?.code, 'cancelled');
  // Once it has ended, the rename goes through, and the heap is the last committed one.
  await engine.renameSession('kept', 'renamed');
  assert.equal(await value(engine, { session: 'renamed', code: 'k' }), '1');
});
