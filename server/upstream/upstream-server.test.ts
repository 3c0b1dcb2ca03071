import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  countingStdio,
  countLine,
  readCounts,
  startCountingHttp,
} from '../test-support/counting-mcp-server.ts';
import { everythingStdio, startEverything } from '../test-support/everything-server.ts';
import { freePort, processGone } from '../test-support/processes.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { resultOf, testUpstreams, textOf } from '../test-support/upstream-manager.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { STDERR_LINE_CHARS, STDERR_LINES_PER_WINDOW } from './stderr-lines.ts';

const countFile = async () => join(await tempDir(), 'counts');

/** Lists, sums, gets structured content and a tool error from server-everything at `config`. */
async function everythingAnswers(config: { command: string; args: string[] } | { url: string }) {
  const up = await testUpstreams({ everything: config });
  const listing = await up.list();
  assert.ok('listing' in listing);
  const [server] = JSON.parse(listing.listing) as { name: string; tools: { name: string }[] }[];
  assert.equal(server?.name, 'everything');
  assert.ok(server?.tools.some((tool) => tool.name === 'get-sum'));
  assert.match(textOf(await up.call('everything', 'get-sum', { a: 2, b: 3 })), /is 5/);
  const weather = resultOf(
    await up.call('everything', 'get-structured-content', { location: 'Chicago' }),
  );
  assert.equal(
    typeof (weather.structuredContent as { temperature: unknown }).temperature,
    'number',
  );
  const wrong = resultOf(await up.call('everything', 'get-sum', { a: 'two', b: 3 }));
  assert.equal(wrong.isError, true);
  assert.equal(up.status('everything')?.state, 'ready');
}

test('server-everything answers a listing, a call, structured content and a tool error over stdio', async () => {
  await everythingAnswers(everythingStdio());
});

test('server-everything answers the same over Streamable HTTP', async () => {
  const { url } = await startEverything('streamable-http');
  await everythingAnswers({ url });
});

test('server-everything answers the same over SSE', async () => {
  const { url } = await startEverything('sse');
  await everythingAnswers({ url });
});

test('a listing of one server starts that server alone', async () => {
  const up = await testUpstreams({
    one: countingStdio(await countFile()),
    other: countingStdio(await countFile()),
  });
  const signal = new AbortController().signal;
  const answer = await up.manager.listing(
    { type: 'tool-list', maxBytes: 1 << 24, timeoutMs: 30_000 },
    signal,
    'one',
  );
  assert.ok('listing' in answer);
  assert.deepEqual(
    (JSON.parse(answer.listing) as { name: string }[]).map((server) => server.name),
    ['one'],
  );
  assert.equal(up.status('one')?.state, 'ready');
  assert.equal(up.status('other')?.state, 'stopped');
});

test('no process starts before the first use, and an idle server stops and its process ends', async () => {
  const file = await countFile();
  const up = await testUpstreams({ counting: countingStdio(file) }, { idleMs: 200 });
  assert.equal(up.status('counting')?.state, 'stopped');
  assert.equal(up.status('counting')?.pid, undefined);
  assert.equal(textOf(await up.call('counting', 'echo', { message: 'hi' })), 'hi');
  const pid = up.status('counting')?.pid;
  assert.ok(pid);
  await up.until('counting', (s) => s.state === 'stopped');
  await waitUntil(() => processGone(pid), 'the idle server process to end');
  assert.equal(textOf(await up.call('counting', 'echo', { message: 'again' })), 'again');
  assert.deepEqual(await readCounts(file), [countLine.call('echo'), countLine.call('echo')]);
});

test('a server that exits mid-call fails that call saying so, and starts again at the next', async () => {
  const up = await testUpstreams({ counting: countingStdio(await countFile()) });
  const crashed = await up.call('counting', 'crash');
  assert.ok('failed' in crashed);
  assert.match(
    crashed.failed.message,
    /"counting" exited during the call of crash; it starts again/,
  );
  assert.equal(textOf(await up.call('counting', 'echo', { message: 'back' })), 'back');
});

test('three quick exits mark a server failed with its stderr until the window restarts it', async () => {
  const up = await testUpstreams({ counting: countingStdio(await countFile()) });
  await up.call('counting', 'stderr', { lines: 1, text: 'last words' });
  for (let i = 0; i < 3; i++) await up.call('counting', 'crash');
  const failed = await up.until('counting', (s) => s.state === 'failed');
  assert.match(failed.error ?? '', /stopped 3 times.*last words/s);
  const refused = await up.call('counting', 'echo', { message: 'hi' });
  assert.ok('failed' in refused);
  assert.match(refused.failed.message, /stopped 3 times/);
  await up.manager.restart('counting');
  assert.equal(textOf(await up.call('counting', 'echo', { message: 'hi' })), 'hi');
});

test('requests back (sampling, elicitation, roots) are refused with -32601', async () => {
  const up = await testUpstreams({ counting: countingStdio(await countFile()) });
  for (const method of ['sampling/createMessage', 'elicitation/create', 'roots/list']) {
    assert.match(textOf(await up.call('counting', 'ask-back', { method })), /^refused: -32601/);
  }
});

test('an aborted call sends the server notifications/cancelled', async () => {
  const file = await countFile();
  const up = await testUpstreams({ counting: countingStdio(file) });
  const abort = new AbortController();
  const hanging = up.call('counting', 'hang', {}, { signal: abort.signal });
  await waitUntil(async () => (await readCounts(file)).includes(countLine.call('hang')), 'hang');
  abort.abort(new Error('the run ended'));
  await assert.rejects(hanging, /the run ended/);
  await waitUntil(
    async () => (await readCounts(file)).some((line) => line.startsWith('cancelled')),
    'the cancel to reach the server',
  );
});

test("a call that outlasts the run's time fails, and the server is told to cancel it", async () => {
  const file = await countFile();
  const up = await testUpstreams({ counting: countingStdio(file) });
  await up.call('counting', 'count');
  const answer = await up.call('counting', 'hang', {}, { timeoutMs: 300 });
  assert.ok('failed' in answer);
  await waitUntil(
    async () => (await readCounts(file)).some((line) => line.startsWith('cancelled')),
    'the cancel to reach the server',
  );
});

test('a result over the run’s bound is answered tooLarge, and a message over the stdio bound closes the connection', async () => {
  const up = await testUpstreams(
    { counting: countingStdio(await countFile()) },
    { maxResultBytes: 64 * 1024 },
  );
  const large = await up.call('counting', 'big', { bytes: 5000 }, { maxBytes: 1000 });
  assert.ok('tooLarge' in large && large.tooLarge > 5000);
  const huge = await up.call('counting', 'big', { bytes: 4 * 1024 * 1024 });
  assert.ok('failed' in huge);
  assert.match(huge.failed.message, /sent a message over \d+ bytes/);
  assert.equal(textOf(await up.call('counting', 'echo', { message: 'fine' })), 'fine');
});

test('a result over the bound of an HTTP upstream fails the call', async () => {
  const { url } = await startCountingHttp(await countFile());
  const up = await testUpstreams({ counting: { url } }, { maxResultBytes: 64 * 1024 });
  const huge = await up.call('counting', 'big', { bytes: 4 * 1024 * 1024 });
  assert.ok('failed' in huge);
  assert.match(huge.failed.message, /sent a message over \d+ bytes/);
});

test('at most 16 calls are in flight at a server at once, the rest wait their turn', async () => {
  const up = await testUpstreams({ counting: countingStdio(await countFile()) });
  const answers = await Promise.all(
    Array.from({ length: 24 }, () => up.call('counting', 'slow', { ms: 300 })),
  );
  assert.ok(answers.every((answer) => textOf(answer) === 'slept 300 ms'));
  assert.equal(textOf(await up.call('counting', 'peak')), '16');
});

test('a tool error is a result with isError, for the guest to reject', async () => {
  const up = await testUpstreams({ counting: countingStdio(await countFile()) });
  const failed = resultOf(await up.call('counting', 'fail', { message: 'no luck' }));
  assert.equal(failed.isError, true);
  assert.equal(failed.content[0]?.text, 'no luck');
});

test('a tool added while the server runs is listed and called after tools/list_changed', async () => {
  const up = await testUpstreams({ counting: countingStdio(await countFile()) });
  assert.ok('refused' in (await up.call('counting', 'fresh')));
  await up.call('counting', 'add-tool', { name: 'fresh' });
  assert.equal(textOf(await up.call('counting', 'fresh')), 'added');
  const listing = await up.list();
  assert.ok('listing' in listing && listing.listing.includes('"fresh"'));
});

test('stderr goes to the log cut to a length and at most so many lines in a while', async () => {
  const up = await testUpstreams({ counting: countingStdio(await countFile()) });
  const long = 'y'.repeat(3000);
  await up.call('counting', 'stderr', { lines: STDERR_LINES_PER_WINDOW + 50, text: long });
  await waitUntil(
    () => up.lines.filter((line) => line.includes('yyy')).length >= STDERR_LINES_PER_WINDOW,
    'the stderr lines',
  );
  await up.call('counting', 'count');
  const logged = up.lines.filter((line) => line.includes('yyy'));
  assert.equal(logged.length, STDERR_LINES_PER_WINDOW);
  assert.ok(logged.every((line) => line.length <= STDERR_LINE_CHARS + '[mcp counting] '.length));
  assert.ok(logged.every((line) => line.startsWith('[mcp counting] ')));
});

test('a secret of the env is masked in results and the message log, and MCP_ISOLATE_ variables stay home', async () => {
  process.env.MCP_ISOLATE_UPSTREAM_TEST = 'not for upstreams';
  const secret = 'ghp_secret_token_1234';
  const up = await testUpstreams({
    counting: { ...countingStdio(await countFile()), env: { TOKEN: secret, SHORT: 'abc' } },
  });
  const echoed = await up.call('counting', 'echo-env', { name: 'TOKEN' });
  assert.ok('result' in echoed && !echoed.result.includes(secret));
  assert.equal(textOf(echoed), '••••••••');
  // Shorter than 8: masking it in results would corrupt data.
  assert.equal(textOf(await up.call('counting', 'echo-env', { name: 'SHORT' })), 'abc');
  const names = textOf(await up.call('counting', 'env-names')).split('\n');
  assert.ok(names.includes('TOKEN'));
  assert.ok(!names.some((name) => name.startsWith('MCP_ISOLATE_')));
  const logged = JSON.stringify(up.messages.list());
  assert.ok(!logged.includes(secret));
  assert.ok(up.messages.list().every((m) => m.upstream === 'counting'));
});

test('refusals name the setting: no such server, disabled, not allowed, not listed, arguments not an object', async () => {
  const file = await countFile();
  const up = await testUpstreams({
    counting: { ...countingStdio(file), allowTools: ['*', '!crash'] },
    off: { ...countingStdio(file), disabled: true },
  });
  const refused = async (server: string, tool: string, args: unknown = {}) => {
    const answer = await up.call(server, tool, args);
    assert.ok('refused' in answer, JSON.stringify(answer));
    return answer.refused;
  };
  assert.match(await refused('nobody', 'x'), /mcpServers has no server 'nobody'/);
  assert.match(await refused('off', 'echo'), /'off' is disabled/);
  assert.match(await refused('counting', 'crash'), /mcpServers\.counting\.allowTools/);
  assert.match(await refused('counting', 'nothing'), /has no tool 'nothing'/);
  assert.match(await refused('counting', 'echo', '[1]'), /must be an object/);
  assert.equal(up.status('off')?.state, 'disabled');
  const listing = await up.list();
  assert.ok('listing' in listing);
  const servers = JSON.parse(listing.listing) as { name: string; tools: { name: string }[] }[];
  assert.deepEqual(
    servers.map((s) => s.name),
    ['counting'],
  );
  assert.ok(!servers[0]?.tools.some((tool) => tool.name === 'crash'));
  assert.deepEqual(await readCounts(file), []);
});

test('a server whose settings change is stopped, its call in flight failing with why', async () => {
  const file = await countFile();
  const up = await testUpstreams({ counting: countingStdio(file) });
  const hanging = up.call('counting', 'hang');
  await waitUntil(async () => (await readCounts(file)).includes(countLine.call('hang')), 'hang');
  await up.manager.configure({
    counting: {
      ...countingStdio(file),
      args: [...countingStdio(file).args],
      env: { COUNT_FILE: file, OTHER: '1' },
    },
  });
  const answer = await hanging;
  assert.ok('failed' in answer);
  assert.match(answer.failed.message, /its settings changed/);
  assert.equal(textOf(await up.call('counting', 'echo', { message: 'new' })), 'new');
});

test('an HTTP server that went away fails the call, and is connected anew once it is back', async () => {
  const file = await countFile();
  const first = await startCountingHttp(file);
  const up = await testUpstreams({ counting: { url: first.url } });
  assert.equal(textOf(await up.call('counting', 'echo', { message: 'one' })), 'one');
  await first.stop();
  const gone = await up.call('counting', 'echo', { message: 'two' });
  assert.ok('failed' in gone);
  assert.match(gone.failed.message, /"counting" could not be reached during the call of echo/);
  assert.equal(up.status('counting')?.state, 'stopped');
  await startCountingHttp(file, first.port);
  assert.equal(textOf(await up.call('counting', 'echo', { message: 'three' })), 'three');
});

test('an HTTP or SSE server that cannot be reached fails each call saying so, is never marked failed, and answers once it is up', async () => {
  const port = await freePort();
  const up = await testUpstreams({
    remote: { url: `http://127.0.0.1:${port}/mcp` },
    sse: { url: `http://127.0.0.1:${port}/sse` },
  });
  for (let i = 0; i < 4; i++) {
    for (const name of ['remote', 'sse']) {
      const down = await up.call(name, 'echo', { message: 'down' });
      assert.ok('failed' in down, JSON.stringify(down));
      assert.match(
        down.failed.message,
        new RegExp(`"${name}" could not be reached during the start`),
      );
      assert.equal(up.status(name)?.state, 'stopped');
    }
  }
  await startCountingHttp(await countFile(), port);
  assert.equal(textOf(await up.call('remote', 'echo', { message: 'back' })), 'back');
});

test("an HTTP upstream at this server's own port is refused", async () => {
  const { url, port } = await startCountingHttp(await countFile());
  const up = await testUpstreams({ self: { url } }, { ownPort: port });
  const answer = await up.call('self', 'echo', { message: 'hi' });
  assert.ok('failed' in answer);
  assert.match(answer.failed.message, /"self" was not reached: that is this MCP Isolate server/);
});

test('the own port and the result bound given after the servers were configured hold for their next connection', async () => {
  const { url, port } = await startCountingHttp(await countFile());
  const up = await testUpstreams({ self: { url } });
  up.manager.setOwnPort(port);
  const refused = await up.call('self', 'echo', { message: 'hi' });
  assert.ok('failed' in refused);
  assert.match(refused.failed.message, /"self" was not reached: that is this MCP Isolate server/);

  const bounded = await testUpstreams({ counting: countingStdio(await countFile()) });
  assert.equal(textOf(await bounded.call('counting', 'echo', { message: 'before' })), 'before');
  bounded.manager.setMaxResultBytes(64 * 1024);
  // The open connection keeps the bound it was made with; a new one takes the new bound.
  const kept = await bounded.call('counting', 'big', { bytes: 1024 * 1024 });
  assert.ok('result' in kept, JSON.stringify(kept).slice(0, 200));
  await bounded.manager.restart('counting');
  const huge = await bounded.call('counting', 'big', { bytes: 4 * 1024 * 1024 });
  assert.ok('failed' in huge);
  assert.match(huge.failed.message, /sent a message over 1179648 bytes/);
});
