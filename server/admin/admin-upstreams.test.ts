import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DesktopEvent } from '../../contract/desktop-api.ts';
import { httpDesktopClient } from '../../contract/http-desktop-client.ts';
import type { McpServers } from '../../contract/mcp-servers.ts';
import type { UpstreamServerInfo } from '../../contract/mcp-upstreams.ts';
import { MASKED_SECRET } from '../../contract/net-policy.ts';
import { adminTokenOf, callAdmin } from '../test-support/admin-api.ts';
import { countingStdio, countLine, readCounts } from '../test-support/counting-mcp-server.ts';
import { everythingStdio } from '../test-support/everything-server.ts';
import { processGone } from '../test-support/processes.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

// The window's view of the user's other MCP servers, through a real server's admin API over real
// upstream servers: their states and tools, a restart, and a tool tried outside any run.
const SECRET = 'counting-s3cret-value';
const countFile = join(await tempDir(), 'counts');
const counting = countingStdio(countFile);
const SERVERS: McpServers = {
  counting: {
    ...counting,
    env: { ...counting.env, SECRET_TOKEN: SECRET },
    allowTools: ['!crash', '!echo-env'],
  },
  everything: everythingStdio(),
  off: { ...counting, disabled: true },
  broken: { command: join(countFile, 'no-such-program') },
};
const server = await startServerProcess([], {
  env: { MCP_ISOLATE_MCP_SERVERS: JSON.stringify(SERVERS) },
});

const byName = (servers: UpstreamServerInfo[]) =>
  Object.fromEntries(servers.map((info) => [info.name, info]));

test('listUpstreams shows each server stopped with no process until it is asked to start them, then each enabled one ready with its tools and whether code may call each, or why it did not start', async () => {
  const before = byName((await callAdmin(server, 'listUpstreams')).servers);
  assert.deepEqual(
    Object.values(before).map(({ name, state, pid, tools }) => [name, state, pid, tools]),
    [
      ['counting', 'stopped', undefined, undefined],
      ['everything', 'stopped', undefined, undefined],
      ['off', 'disabled', undefined, undefined],
      ['broken', 'stopped', undefined, undefined],
    ],
  );
  const after = byName((await callAdmin(server, 'listUpstreams', { start: true })).servers);
  assert.equal(after.counting?.state, 'ready');
  assert.equal(after.everything?.state, 'ready');
  assert.equal(typeof after.counting?.pid, 'number');
  const allowed = Object.fromEntries(after.counting?.tools?.map((t) => [t.name, t.allowed]) ?? []);
  assert.equal(allowed.echo, true);
  assert.equal(allowed.crash, false);
  assert.ok(after.everything?.tools?.some((tool) => tool.name === 'get-sum' && tool.allowed));
  assert.equal(after.off?.state, 'disabled');
  assert.equal(after.off?.tools, undefined);
  // A server that cannot start does not fail the listing: it says why.
  assert.notEqual(after.broken?.state, 'ready');
  assert.match(after.broken?.error ?? '', /MCP server "broken"/);
  assert.deepEqual(await readCounts(countFile), []);
});

test('restartUpstream stops a server’s process, which starts anew at the next start, and says false of a server mcpServers lacks', async () => {
  const started = byName((await callAdmin(server, 'listUpstreams', { start: true })).servers);
  const pid = started.counting?.pid;
  assert.ok(pid);
  assert.deepEqual(await callAdmin(server, 'restartUpstream', { name: 'counting' }), {
    restarted: true,
  });
  const stopped = byName((await callAdmin(server, 'listUpstreams')).servers);
  assert.equal(stopped.counting?.state, 'stopped');
  assert.equal(stopped.counting?.pid, undefined);
  await waitUntil(() => processGone(pid), 'the restarted server’s process to end');
  const again = byName((await callAdmin(server, 'listUpstreams', { start: true })).servers);
  assert.equal(again.counting?.state, 'ready');
  assert.notEqual(again.counting?.pid, pid);
  assert.deepEqual(await callAdmin(server, 'restartUpstream', { name: 'nope' }), {
    restarted: false,
  });
});

test('tryUpstreamTool answers a tool’s whole result, a tool error as its result, and refuses a disabled or unknown server', async () => {
  const echoed = await callAdmin(server, 'tryUpstreamTool', {
    name: 'counting',
    tool: 'echo',
    arguments: { message: 'tried' },
  });
  assert.deepEqual(echoed.result?.content, [{ type: 'text', text: 'tried' }]);
  assert.equal(typeof echoed.ms, 'number');
  const sum = await callAdmin(server, 'tryUpstreamTool', {
    name: 'everything',
    tool: 'get-sum',
    arguments: { a: 2, b: 3 },
  });
  assert.match(JSON.stringify(sum.result?.content), /is 5/);
  const failed = await callAdmin(server, 'tryUpstreamTool', {
    name: 'counting',
    tool: 'fail',
    arguments: { message: 'no luck' },
  });
  assert.equal(failed.result?.isError, true);
  assert.equal(failed.error, undefined);
  const off = await callAdmin(server, 'tryUpstreamTool', {
    name: 'off',
    tool: 'echo',
    arguments: {},
  });
  assert.match(off.error ?? '', /'off' is disabled in mcpServers/);
  assert.equal(off.result, undefined);
  const unknown = await callAdmin(server, 'tryUpstreamTool', {
    name: 'nope',
    tool: 'echo',
    arguments: {},
  });
  assert.match(unknown.error ?? '', /mcpServers has no server 'nope'/);
  const missing = await callAdmin(server, 'tryUpstreamTool', {
    name: 'counting',
    tool: 'nothing-such',
    arguments: {},
  });
  assert.match(missing.error ?? '', /has no tool 'nothing-such'/);
});

test('a tool allowTools forbids code may still be tried, and a secret it echoes comes back masked and is logged masked', async () => {
  const echoed = await callAdmin(server, 'tryUpstreamTool', {
    name: 'counting',
    tool: 'echo-env',
    arguments: { name: 'SECRET_TOKEN' },
  });
  assert.deepEqual(echoed.result?.content, [{ type: 'text', text: MASKED_SECRET }]);
  const { messages } = await callAdmin(server, 'listMessages', { limit: 500 });
  const logged = JSON.stringify(messages);
  assert.ok(logged.includes('echo-env'), 'the try shows in the message log');
  assert.ok(!logged.includes(SECRET));
  assert.ok((await readCounts(countFile)).includes(countLine.call('echo-env')));
});

test('a change of an upstream server’s state is told to subscribers as upstreams-changed', async () => {
  const desktop = httpDesktopClient(server.url, await adminTokenOf(server.dataDir));
  let heard: (type: DesktopEvent['type']) => void = () => {};
  const next = (type: DesktopEvent['type']) =>
    new Promise<void>((resolve) => {
      heard = (heardType) => heardType === type && resolve();
    });
  const unsubscribe = desktop.subscribe(
    (event) => heard(event.type),
    () => undefined,
  );
  // The stream opens with the server's status: after it, nothing it pushes is missed.
  await next('status');
  const told = next('upstreams-changed');
  await desktop.restartUpstream({ name: 'everything' });
  await told;
  unsubscribe();
});
