import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESKTOP_INPUTS } from '../../contract/desktop-api.ts';
import type { DesktopClient } from '../../contract/desktop-client.ts';
import { channelOf, DESKTOP_OPERATIONS, type DesktopChannel } from './desktop-channels.ts';
import { registerDesktopHandlers } from './register-handlers.ts';

test('every DesktopApi operation has its channel and its handler, and inputs are checked', async () => {
  const handlers = new Map<DesktopChannel, (event: unknown, input: unknown) => Promise<unknown>>();
  const calls: [string, unknown][] = [];
  const server = new Proxy({} as DesktopClient, {
    get: (_target, operation: string) => async (input: unknown) => {
      calls.push([operation, input]);
      return { answered: operation };
    },
  });
  registerDesktopHandlers(
    { handle: (channel, handler) => handlers.set(channel, handler) },
    () => server,
    () => true,
  );
  assert.deepEqual(
    [...handlers.keys()].sort(),
    Object.keys(DESKTOP_INPUTS)
      .map((op) => `desktop:${op}`)
      .sort(),
  );
  for (const operation of DESKTOP_OPERATIONS) {
    const handler = handlers.get(channelOf(operation));
    assert.ok(handler, operation);
  }
  const listRuns = handlers.get('desktop:listRuns');
  assert.deepEqual(await listRuns?.({}, { session: 'a' }), { answered: 'listRuns' });
  assert.deepEqual(calls, [['listRuns', { session: 'a' }]]);
  await assert.rejects(listRuns?.({}, { session: 5 }) ?? Promise.resolve(), /listRuns:/);
});

test('before the server is up, calls fail with a clear message', async () => {
  const handlers = new Map<DesktopChannel, (event: unknown, input: unknown) => Promise<unknown>>();
  registerDesktopHandlers(
    { handle: (channel, handler) => handlers.set(channel, handler) },
    () => undefined,
    () => true,
  );
  await assert.rejects(
    handlers.get('desktop:getStatus')?.({}, {}) ?? Promise.resolve(),
    /server is not running yet/,
  );
});

test('a frame that is not the GUI is refused before the server is asked anything', async () => {
  type Sender = { senderFrame: { url: string } };
  const handlers = new Map<DesktopChannel, (event: Sender, input: unknown) => Promise<unknown>>();
  const asked: string[] = [];
  const server = new Proxy({} as DesktopClient, {
    get: (_target, operation: string) => async () => asked.push(operation),
  });
  registerDesktopHandlers<Sender>(
    { handle: (channel, handler) => handlers.set(channel, handler) },
    () => server,
    (event) => event.senderFrame.url.startsWith('mcp-isolate://gui/'),
  );
  const deleteSession = handlers.get('desktop:deleteSession');
  await assert.rejects(
    deleteSession?.({ senderFrame: { url: 'https://evil.example/' } }, { session: 'a' }) ??
      Promise.resolve(),
    /deleteSession: refused, the caller is not the MCP Isolate window/,
  );
  assert.deepEqual(asked, []);
  await deleteSession?.({ senderFrame: { url: 'mcp-isolate://gui/index.html' } }, { session: 'a' });
  assert.deepEqual(asked, ['deleteSession']);
});
