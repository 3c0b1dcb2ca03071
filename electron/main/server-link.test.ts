import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { after, test } from 'node:test';
import type { DesktopEvent } from '../../contract/desktop-api.ts';
import { freePort } from '../../server/test-support/processes.ts';
import { waitUntil } from '../../server/test-support/wait-until.ts';
import type { SupervisorState } from '../supervisor/server-supervisor.ts';
import { supervisedServer } from '../supervisor/test-fixtures/supervised-server.ts';
import { ServerLink } from './server-link.ts';

test('after a move to another port from Settings, the main process talks to the new address without reloading the window', async () => {
  const { supervisor } = await supervisedServer();
  const events: DesktopEvent[] = [];
  const link = new ServerLink((event) => events.push(event));
  after(() => link.close());
  const reloads: boolean[] = [];
  const states: SupervisorState[] = [];
  supervisor.subscribe((state) => {
    states.push(state);
    reloads.push(link.follow(state).reload);
  });
  const running = () => states.filter((state) => state.phase === 'running');
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  supervisor.start();
  await until(() => running().length === 1);
  const first = link.url;
  assert.ok(first);
  assert.equal((await link.client?.getStatus({}))?.running, true);

  const target = await freePort();
  const answer = await link.client?.updateSettings({ settings: { port: target } });
  assert.deepEqual(answer?.problems, []);
  await until(() => running().length === 2);
  assert.equal(link.url, `http://127.0.0.1:${target}`, 'Copy URL copies the new address');
  // The old listener is gone: only a client for the new address can answer.
  const oldPort = Number(new URL(first).port);
  const refused = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(oldPort, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
  await waitUntil(refused, 'the old listener to close');
  const status = await link.client?.getStatus({});
  assert.equal(status?.running, true);
  assert.deepEqual(reloads, [false, true, false], 'starting, a new process, then a move');
  // Its event stream follows too: switching MCP off is heard from the new address.
  events.length = 0;
  await link.client?.setServerRunning({ running: false });
  await until(() => events.some((event) => event.type === 'status' && !event.status.running));
  await supervisor.stop();
  assert.equal(link.follow(supervisor.state).reload, false);
  assert.equal(link.client, undefined);
});

/** A TCP proxy to `port` whose open connections the test can cut, as a network drop would. */
async function cuttableProxy(port: number) {
  const sockets = new Set<Socket>();
  const proxy = createServer((inbound) => {
    const outbound = connect(port, '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => {
      proxy.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

test('an event stream dropped while the server runs is subscribed again, the window is told to read sessions, clients and upstream servers again, and events flow again', async () => {
  const { supervisor, nextRunning } = await supervisedServer();
  const started = nextRunning();
  supervisor.start();
  const running = await started;
  const proxy = await cuttableProxy(Number(new URL(running.url).port));
  after(() => proxy.close());
  const events: DesktopEvent[] = [];
  let heard = () => undefined as unknown;
  const link = new ServerLink((event) => {
    events.push(event);
    heard();
  });
  after(() => link.close());
  const statuses = () => events.filter((event) => event.type === 'status');
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      heard = () => check() && resolve();
      heard();
    });
  link.follow({ ...running, url: proxy.url });
  await until(() => statuses().length === 1);

  proxy.cut();
  // The stream opened again starts with the server's status: the window and tray catch up, and
  // read again what may have changed meanwhile.
  await until(() => statuses().length === 2);
  await until(() => events.some((event) => event.type === 'upstreams-changed'));
  assert.deepEqual(
    events.slice(-4).map((event) => event.type),
    ['status', 'sessions-changed', 'clients-changed', 'upstreams-changed'],
  );
  assert.equal(events.filter((event) => event.type === 'sessions-changed').length, 1);
  await link.client?.setServerRunning({ running: false });
  await until(() => statuses().some((event) => event.type === 'status' && !event.status.running));
});
