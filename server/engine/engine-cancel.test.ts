import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEngine, value } from '../test-support/engine.ts';
import type { Engine } from './engine.ts';
import type { EngineEvent } from './engine-types.ts';

// One worker, so that the cancelled runs and the other sessions share it.
const engine = await startEngine({ workers: 1, limits: { timeoutMs: 60_000 } });

const ENDLESS = 'for (;;) {}';

/** The active run of `session` once the engine has taken it. */
async function activeIn(engine: Engine, session: string) {
  for (;;) {
    const run = engine.activeRuns().find((active) => active.session === session);
    if (run) return run;
    await sleep(10);
  }
}

test('a run cancelled while it runs answers cancelled, and the session keeps its last committed heap', async () => {
  const session = 'cancel-running';
  await value(engine, { session, code: 'var n = 1' });
  const head = engine.listSessions().find((s) => s.name === session)?.head;
  const running = engine.run({ session, code: `n = 2; ${ENDLESS}` });
  const active = await activeIn(engine, session);
  assert.equal(active.code, `n = 2; ${ENDLESS}`);
  assert.deepEqual(active.origin, { kind: 'api' });
  // Long enough to be inside the isolate, well short of the 60 s timeout.
  await sleep(300);
  assert.equal(engine.cancelRun(active.id), true);
  const result = await running;
  assert.equal(result.ok, false);
  assert.equal(result.error?.code, 'cancelled');
  assert.match(
    result.error?.message ?? '',
    /cancelled; the session stays at its last committed heap/,
  );
  assert.equal(result.heap, head);
  assert.equal(engine.activeRuns().length, 0);
  assert.equal(engine.cancelRun(active.id), false, 'a run that ended cannot be cancelled');
  assert.equal(await value(engine, { session, code: 'n' }), '1');
});

test('a run cancelled while it waits behind another answers at once and never runs', async () => {
  const session = 'cancel-queued';
  await value(engine, { session, code: 'var n = 1' });
  const first = engine.run({ session, code: `n = 2; ${ENDLESS}` });
  const queued = engine.run({ session, code: 'n = 3' });
  await activeIn(engine, session);
  const waiting = engine.activeRuns().find((run) => run.code === 'n = 3');
  assert.ok(waiting);
  engine.cancelRun(waiting.id);
  const result = await queued;
  assert.equal(result.error?.code, 'cancelled');
  // The first run is still going: cancelling the queued one did not touch it.
  assert.ok(engine.activeRuns().some((run) => run.code.startsWith('n = 2')));
  for (const run of engine.activeRuns()) engine.cancelRun(run.id);
  assert.equal((await first).error?.code, 'cancelled');
  assert.equal(await value(engine, { session, code: 'n' }), '1');
});

test("aborting a run's signal cancels it, as a client's notifications/cancelled does", async () => {
  const session = 'cancel-signal';
  await value(engine, { session, code: 'var n = 1' });
  const abort = new AbortController();
  const running = engine.run({ session, code: `n = 2; ${ENDLESS}` }, { signal: abort.signal });
  await activeIn(engine, session);
  await sleep(200);
  abort.abort();
  assert.equal((await running).error?.code, 'cancelled');
  assert.equal(await value(engine, { session, code: 'n' }), '1');
});

test("cancelling a run leaves the worker and the other sessions' live heaps alone", async () => {
  const other = 'cancel-bystander';
  await value(engine, { session: other, code: 'var kept = 42' });
  const session = 'cancel-neighbour';
  const running = engine.run({ session, code: ENDLESS });
  const active = await activeIn(engine, session);
  await sleep(200);
  const pids = engine.workerPids();
  engine.cancelRun(active.id);
  assert.equal((await running).error?.code, 'cancelled');
  const after = await engine.run({ session: other, code: 'kept' });
  assert.equal(after.value, '42');
  assert.equal(after.restoredFrom, 'live');
  assert.deepEqual(engine.workerPids(), pids);
});

test('the engine tells when a run starts and ends, with who asked for it', async () => {
  const events: EngineEvent[] = [];
  const unsubscribe = engine.subscribe((event) => events.push(event));
  const origin = { kind: 'client', connection: 'c-1', requestId: 7, client: 'tester 1.0' } as const;
  await engine.run({ session: 'cancel-events', code: '1 + 1' }, { origin });
  unsubscribe();
  const started = events.find((event) => event.type === 'run-started');
  const ended = events.find((event) => event.type === 'run');
  assert.ok(started?.type === 'run-started' && ended?.type === 'run');
  assert.deepEqual(started.run.origin, origin);
  assert.equal(ended.run.id, started.run.id);
  assert.equal(ended.result.value, '2');
  assert.ok((ended.result.heapBytes ?? 0) > 0, 'a committed run reports its heap size');
});

test('a run refused before it ran is no longer active, and says so', async () => {
  const events: EngineEvent[] = [];
  const unsubscribe = engine.subscribe((event) => events.push(event));
  await assert.rejects(
    engine.run({ session: 'cancel-refused', code: '1', heap: 'f'.repeat(32) }),
    /heap/,
  );
  unsubscribe();
  assert.equal(engine.activeRuns().length, 0);
  const started = events.find((event) => event.type === 'run-started');
  const refused = events.find((event) => event.type === 'run-refused');
  assert.ok(started?.type === 'run-started' && refused?.type === 'run-refused');
  assert.equal(refused.run.id, started.run.id);
});
