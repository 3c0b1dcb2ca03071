import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { test } from 'node:test';
import { isUnnamedSession } from '../../contract/session-names.ts';
import { startEngine, value } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { EngineEvent } from './engine-types.ts';
import { newSessionName } from './session-access.ts';

const RETENTION_MS = 1500;

test('the names the server gives are the ones that count as never named', () => {
  for (let i = 0; i < 20; i++) assert.ok(isUnnamedSession(newSessionName()));
});

test('unnamed sessions idle past the retention are removed with their files; named ones and busy ones stay', async () => {
  const dataDir = await tempDir();
  const engine = await startEngine({ dataDir, limits: { timeoutMs: 60_000 } });
  const idle = (await engine.run({ code: 'var gone = 1' })).session;
  const busy = (await engine.run({ code: 'var stays = 1' })).session;
  await value(engine, { session: 'named', code: 'var kept = 1' });
  await value(engine, { session: 'session-named-by-hand', code: '1' });
  const deleted: string[] = [];
  engine.subscribe((event: EngineEvent) => {
    if (event.type === 'session-deleted') deleted.push(event.session);
  });
  // `busy` runs until cancelled, from before the retention is set to after it has passed.
  const running = engine.run({ session: busy, code: 'for (;;) {}' });
  await waitUntil(() => engine.activeRuns().length === 1, 'the endless run under way');
  const names = () => engine.listSessions().map((session) => session.name);

  engine.setUnnamedRetention(RETENTION_MS);
  await waitUntil(() => deleted.includes(idle), `${idle} removed`);
  assert.deepEqual(deleted, [idle]);
  assert.ok(!names().includes(idle));
  assert.ok(!(await readdir(`${dataDir}/sessions`)).includes(idle), 'its folder is gone');
  // Well past its retention, the busy one is still there while its run goes on.
  await waitUntil(
    async () =>
      Date.parse(engine.listSessions().find((s) => s.name === busy)?.updatedAt ?? '') <
      Date.now() - 2 * RETENTION_MS,
    'the busy session idle twice over',
  );
  assert.ok(names().includes(busy));

  const [active] = engine.activeRuns();
  assert.ok(active && engine.cancelRun(active.id));
  await running;
  await waitUntil(() => deleted.includes(busy), `${busy} removed once its run ended`);
  assert.deepEqual(names(), ['named', 'session-named-by-hand']);
  assert.equal(await value(engine, { session: 'named', code: 'kept' }), '1');
});

test('a retention of 0 keeps every session, and a server started later removes what expired meanwhile', async () => {
  const dataDir = await tempDir();
  const first = await startEngine({ dataDir });
  first.setUnnamedRetention(0);
  const unnamed = (await first.run({ code: 'var old = 1' })).session;
  await first.close();

  const second = await startEngine({ dataDir });
  assert.ok(second.listSessions().some((session) => session.name === unnamed));
  // Idle longer than the retention by now, or soon: removed at once when it is set, or soon after.
  await waitUntil(
    () => Date.parse(second.listSessions()[0]?.updatedAt ?? '') < Date.now() - RETENTION_MS,
    'the session idle past the retention',
  );
  second.setUnnamedRetention(RETENTION_MS);
  await waitUntil(() => second.listSessions().length === 0, `${unnamed} removed`);
  // The session leaves the list first, then its folder goes (renamed aside, then removed).
  await waitUntil(
    async () => (await readdir(`${dataDir}/sessions`)).length === 0,
    `${unnamed}'s folder removed`,
  );
});
