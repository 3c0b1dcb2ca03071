import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServerProcess } from '../server/test-support/server-process.ts';
import type { DesktopEvent } from './desktop-api.ts';
import type { DesktopClient } from './desktop-client.ts';
import { DesktopError, httpDesktopClient } from './http-desktop-client.ts';

// The client the browser GUI and the desktop app's main process share, here under Node as the
// main process runs it.
const server = await startServerProcess();
const { adminToken } = JSON.parse(await readFile(join(server.dataDir, 'server.json'), 'utf8'));

test('calls operations and follows the event stream', async () => {
  const client = httpDesktopClient(server.url, adminToken);
  assert.equal((await client.getStatus({})).running, true);
  const events: DesktopEvent[] = [];
  const runSeen = new Promise<void>((resolve) => {
    const unsubscribe = client.subscribe(
      (event) => {
        events.push(event);
        if (event.type === 'run') {
          unsubscribe();
          resolve();
        }
      },
      (error) => assert.fail(error),
    );
  });
  await fetch(`${server.url}/api/exec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session: 'evented', code: '1' }),
  });
  await runSeen;
  assert.equal(events[0]?.type, 'status');
  assert.ok(events.some((event) => event.type === 'sessions-changed'));
});

test('a refused call is a DesktopError with the server message; a wrong token too', async () => {
  const client = httpDesktopClient(server.url, adminToken);
  await assert.rejects(client.listRuns({ session: 5 as unknown as string }), (error: unknown) => {
    return error instanceof DesktopError && error.code === 'invalid_input';
  });
  await assert.rejects(client.listHeaps({ session: 'nope' }), /no session named nope/);
  const stranger = httpDesktopClient(server.url, 'not-the-token');
  await assert.rejects(stranger.getStatus({}), (error: unknown) => {
    return error instanceof DesktopError && error.code === 'unauthorized';
  });
  const failed = new Promise<Error>((resolve) => stranger.subscribe(() => {}, resolve));
  assert.match((await failed).message, /401/);
});

test('a refused token and a server that does not answer are failures of their own kinds', async () => {
  const failureOf = (error: unknown) => error instanceof DesktopError && error.failure;
  const eventsFailure = (client: DesktopClient) =>
    new Promise<unknown>((resolve) => client.subscribe(() => {}, resolve));
  const stranger = httpDesktopClient(server.url, 'not-the-token');
  await assert.rejects(stranger.listSessions({}), (error) => failureOf(error) === 'token-refused');
  assert.equal(failureOf(await eventsFailure(stranger)), 'token-refused');
  // An operation the server refuses for another reason is no failure of the whole client.
  const client = httpDesktopClient(server.url, adminToken);
  await assert.rejects(
    client.listHeaps({ session: 'nope' }),
    (error) => failureOf(error) === undefined,
  );
  // Port 1 is never a server's here: nothing answers there.
  const nowhere = httpDesktopClient('http://127.0.0.1:1', adminToken);
  await assert.rejects(nowhere.getStatus({}), (error) => failureOf(error) === 'unreachable');
  assert.equal(failureOf(await eventsFailure(nowhere)), 'unreachable');
});
