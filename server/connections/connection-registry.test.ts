import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CLOSE_REASONS,
  CLOSED_KEPT,
  type ConnectionEvent,
  ConnectionRegistry,
} from './connection-registry.ts';

const IDLE_MS = 60_000;

function registry() {
  const connections = new ConnectionRegistry({ maxConnections: 500, idleTimeoutMs: IDLE_MS });
  const events: ConnectionEvent[] = [];
  connections.subscribe((event) => events.push(event));
  // A transport that closes when asked, as the real ones do.
  const open = () => {
    const connection = connections.open('streamable-http', async () =>
      connections.remove(connection.id, 'the client ended its session (DELETE)'),
    );
    return connection;
  };
  return { connections, events, open };
}

test('a connection is streaming while a stream is open, idle once its last one closed', () => {
  const { connections, events, open } = registry();
  const connection = open();
  assert.equal(connections.list()[0]?.state, 'idle');
  connections.streamOpened(connection);
  connections.streamOpened(connection);
  connections.streamClosed(connection);
  assert.equal(connections.list()[0]?.state, 'streaming');
  connections.streamClosed(connection);
  assert.equal(connections.list()[0]?.state, 'idle');
  const states = events.flatMap((event) =>
    event.type === 'connection-updated' ? [event.connection.state] : [],
  );
  assert.deepEqual(states, ['streaming', 'idle']);
});

test('a connection keeps the first session a run gave it as its own, and says so once', () => {
  const { connections, events, open } = registry();
  const connection = open();
  connections.adoptSession(connection, 'first');
  connections.adoptSession(connection, 'second');
  assert.equal(connections.list()[0]?.session, 'first');
  const sessions = events.flatMap((event) =>
    event.type === 'connection-updated' ? [event.connection.session] : [],
  );
  assert.deepEqual(sessions, ['first']);
});

test('a run that ends after its connection closed does not announce the connection again', () => {
  const { connections, events, open } = registry();
  const connection = open();
  connections.remove(connection.id, 'the client went away');
  connections.adoptSession(connection, 'late');
  assert.equal(
    events.some((event) => event.type === 'connection-updated'),
    false,
  );
  assert.deepEqual(
    connections.list().map((each) => each.id),
    [],
  );
});

test('an idle connection is closed after the idle timeout, a streaming one is not', () => {
  const { connections, open } = registry();
  const idle = open();
  const streaming = open();
  connections.streamOpened(streaming);
  connections.streamOpened(idle);
  connections.streamClosed(idle);
  // The idle time counts from when its stream closed, not from its last message.
  const later = Date.now() + IDLE_MS + 1;
  connections.sweep(later - 2);
  assert.equal(connections.list().length, 2);
  connections.sweep(later + 1);
  assert.deepEqual(
    connections.list().map((c) => c.id),
    [streaming.id],
  );
  const [closed] = connections.closed();
  assert.equal(closed?.id, idle.id);
  assert.equal(closed?.state, 'closed');
  assert.equal(closed?.closeReason, CLOSE_REASONS.idle(IDLE_MS));
  assert.ok(closed?.closedAt);
});

test('a connection its client ended goes to the history with the reason the transport gave', () => {
  const { connections, events, open } = registry();
  const connection = open();
  connections.remove(connection.id, 'the client closed its stream');
  assert.deepEqual(connections.list(), []);
  assert.equal(connections.closed()[0]?.closeReason, 'the client closed its stream');
  const last = events.at(-1);
  assert.equal(last?.type, 'connection-closed');
  assert.equal(last?.connection.id, connection.id);
});

test('disconnecting closes the connection with its reason; a connection not open answers false', async () => {
  const { connections, open } = registry();
  const heard: string[] = [];
  const connection = connections.open('sse', async (reason) => {
    heard.push(reason);
    connections.remove(connection.id, 'the client closed its stream');
  });
  open();
  assert.equal(await connections.disconnect(connection.id, CLOSE_REASONS.disconnected), true);
  assert.deepEqual(heard, [CLOSE_REASONS.disconnected]);
  // The server's reason, not the transport's.
  assert.equal(connections.closed()[0]?.closeReason, CLOSE_REASONS.disconnected);
  assert.equal(await connections.disconnect(connection.id, CLOSE_REASONS.disconnected), false);
  await connections.closeAll(CLOSE_REASONS.stopped);
  assert.deepEqual(connections.list(), []);
  assert.deepEqual(
    connections.closed().map((c) => c.closeReason),
    [CLOSE_REASONS.stopped, CLOSE_REASONS.disconnected],
  );
  await connections.close();
});

test('the history keeps the newest closed connections, newest first', () => {
  const { connections, open } = registry();
  const ids = Array.from({ length: CLOSED_KEPT + 5 }, () => {
    const connection = open();
    connections.remove(connection.id, 'gone');
    return connection.id;
  });
  const closed = connections.closed();
  assert.equal(closed.length, CLOSED_KEPT);
  assert.equal(closed[0]?.id, ids.at(-1));
  assert.equal(closed.at(-1)?.id, ids[5]);
});

test('a stdio client served again keeps the name it gave before', () => {
  const { connections } = registry();
  const client = { name: 'inspector', version: '2' };
  connections.open('stdio', async () => undefined, { client, protocolVersion: '2025-06-18' });
  assert.deepEqual(connections.list()[0]?.client, client);
  assert.equal(connections.list()[0]?.protocolVersion, '2025-06-18');
});
