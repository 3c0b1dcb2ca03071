import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clientOverBridge,
  type DesktopAnswer,
  type DesktopBridge,
} from '../../contract/desktop-answer.ts';
import { DESKTOP_INPUTS } from '../../contract/desktop-api.ts';
import type { DesktopClient } from '../../contract/desktop-client.ts';
import { DesktopError } from '../../contract/http-desktop-client.ts';
import { channelOf, DESKTOP_OPERATIONS, type DesktopChannel } from './desktop-channels.ts';
import { registerDesktopHandlers } from './register-handlers.ts';

type Handler<Event> = (event: Event, input: unknown) => Promise<DesktopAnswer>;

function handlersFor<Event = unknown>(
  server: DesktopClient | undefined,
  trusted: (event: Event) => boolean = () => true,
) {
  const handlers = new Map<DesktopChannel, Handler<Event>>();
  registerDesktopHandlers<Event>(
    { handle: (channel, handler) => handlers.set(channel, handler) },
    () => server,
    trusted,
  );
  return handlers;
}

/** The page's client over these handlers, as the preload and the page make it. */
const pageClient = (handlers: Map<DesktopChannel, Handler<unknown>>) =>
  clientOverBridge({
    ...(Object.fromEntries(
      DESKTOP_OPERATIONS.map((operation) => [
        operation,
        (input: unknown) => handlers.get(channelOf(operation))?.({}, input),
      ]),
    ) as Omit<DesktopBridge, 'subscribe'>),
    subscribe: () => () => undefined,
  });

test('every DesktopApi operation has its channel and its handler, and inputs are checked', async () => {
  const calls: [string, unknown][] = [];
  const handlers = handlersFor(
    new Proxy({} as DesktopClient, {
      get: (_target, operation: string) => async (input: unknown) => {
        calls.push([operation, input]);
        return { answered: operation };
      },
    }),
  );
  assert.deepEqual(
    [...handlers.keys()].sort(),
    Object.keys(DESKTOP_INPUTS)
      .map((op) => `desktop:${op}`)
      .sort(),
  );
  const listRuns = handlers.get('desktop:listRuns');
  assert.deepEqual(await listRuns?.({}, { session: 'a' }), {
    ok: true,
    value: { answered: 'listRuns' },
  });
  assert.deepEqual(calls, [['listRuns', { session: 'a' }]]);
  const refused = await listRuns?.({}, { session: 5 });
  assert.equal(refused?.ok, false);
  assert.ok(refused && !refused.ok && refused.error.code === 'invalid_input');
  assert.match(refused.error.message, /^listRuns:/);
});

test("the server's refusal reaches the page as a DesktopError with its code, as over HTTP", async () => {
  const handlers = handlersFor(
    new Proxy({} as DesktopClient, {
      get: () => async () => {
        throw new DesktopError('session_not_found', 'no session named a');
      },
    }),
  );
  const error = await pageClient(handlers)
    .deleteSession({ session: 'a' })
    .catch((caught: unknown) => caught);
  assert.ok(error instanceof DesktopError);
  assert.deepEqual([error.code, error.message], ['session_not_found', 'no session named a']);
});

test('a server that stopped answering reaches the page as the unreachable failure', async () => {
  const handlers = handlersFor(
    new Proxy({} as DesktopClient, {
      get: () => async () => {
        throw new DesktopError(
          'unreachable',
          'nothing answers at http://127.0.0.1:1',
          'unreachable',
        );
      },
    }),
  );
  const error = await pageClient(handlers)
    .getStatus({})
    .catch((caught: unknown) => caught);
  assert.ok(error instanceof DesktopError);
  assert.deepEqual([error.code, error.failure], ['unreachable', 'unreachable']);
});

test('before the server is up, calls fail with a clear message and their own code', async () => {
  const error = await pageClient(handlersFor(undefined))
    .getStatus({})
    .catch((caught: unknown) => caught);
  assert.ok(error instanceof DesktopError);
  assert.equal(error.code, 'not_running');
  assert.match(error.message, /server is not running yet/);
  assert.equal(error.failure, undefined);
});

test('a frame that is not the GUI is refused before the server is asked anything', async () => {
  type Sender = { senderFrame: { url: string } };
  const asked: string[] = [];
  const handlers = handlersFor<Sender>(
    new Proxy({} as DesktopClient, {
      get: (_target, operation: string) => async () => asked.push(operation),
    }),
    (event) => event.senderFrame.url.startsWith('mcp-isolate://gui/'),
  );
  const deleteSession = handlers.get('desktop:deleteSession');
  assert.deepEqual(
    await deleteSession?.({ senderFrame: { url: 'https://evil.example/' } }, { session: 'a' }),
    {
      ok: false,
      error: {
        code: 'forbidden',
        message: 'deleteSession: refused, the caller is not the MCP Isolate window',
      },
    },
  );
  assert.deepEqual(asked, []);
  await deleteSession?.({ senderFrame: { url: 'mcp-isolate://gui/index.html' } }, { session: 'a' });
  assert.deepEqual(asked, ['deleteSession']);
});
