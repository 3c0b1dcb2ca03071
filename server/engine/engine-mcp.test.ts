import assert from 'node:assert/strict';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { effectFields } from '../../contract/effect-kinds.ts';
import type { HostAsk, UpstreamPolicy } from '../sandbox/protocol.ts';
import { MAX_MCP_NAME, upstreamRefusal } from '../sandbox/tools/upstream-refusal.ts';
import { blobHash } from '../store/blob-store.ts';
import { dataLayout } from '../store/data-dir.ts';
import { heapIdOf, type JournalEntry } from '../store/journal-entry.ts';
import { failure, startEngine, value } from '../test-support/engine.ts';
import {
  type ScriptedHost,
  scriptedHost,
  textResult,
  toolResult,
  untilAborted,
} from '../test-support/fake-host.ts';
import { newTempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

// Runs calling the user's other MCP servers through real workers, against a fake upstream
// layer that counts what it is asked.

const POLICY: UpstreamPolicy = {
  servers: {
    github: { allowTools: ['*', '!delete_*'], disabled: false },
    off: { allowTools: [], disabled: true },
  },
};

const LISTING = JSON.stringify([{ name: 'github', tools: [{ name: 'echo', inputSchema: {} }] }]);

/** The fake github server's tools, by name. */
function github(request: HostAsk, signal: AbortSignal) {
  if (request.type === 'tool-list') {
    return { listing: LISTING, bytes: Buffer.byteLength(LISTING) };
  }
  switch (request.tool) {
    case 'echo':
      return textResult(`echo ${request.arguments}`);
    case 'weather':
      return toolResult({
        content: [{ type: 'text', text: '{"temperature":20}' }],
        structuredContent: { temperature: 20 },
      });
    case 'lines':
      return textResult('one', 'two');
    case 'fail':
      return toolResult({ content: [{ type: 'text', text: 'rate limited' }], isError: true });
    case 'crash':
      return {
        failed: { message: 'MCP server "github" exited (code 1) during the call', code: -32000 },
      };
    case 'gone':
      return { refused: "the tool 'gone' is not in github's tools/list" };
    case 'big':
      return { tooLarge: 20_000_000 };
    case 'kb':
      return textResult('x'.repeat(1000));
    case 'kb_failure':
      return { failed: { message: 'f'.repeat(1500), code: -32000 } };
    case 'slow':
      return new Promise<ReturnType<typeof textResult>>((resolve) =>
        setTimeout(() => resolve(textResult('late')), 200),
      );
    case 'hang':
      return untilAborted(signal);
    default:
      return { failed: { message: `no tool ${request.tool}` } };
  }
}

const withGithub = () => scriptedHost(github);

/** A run's value that is a JSON string, as the value it names (rendered as a string literal). */
const fromJson = (shown: string | undefined): unknown =>
  JSON.parse(new Function(`return ${shown}`)() as string);

async function engineWith(host: ScriptedHost, options: Parameters<typeof startEngine>[0] = {}) {
  return startEngine({ host, upstream: POLICY, ...options });
}

test('mcp.NAME.TOOL, mcp.call and mcp.servers() ask the host as the run, and resolve with what the tool answered', async () => {
  const host = withGithub();
  const engine = await engineWith(host);
  const result = await engine.run({
    session: 'calls',
    code: `
      const echoed = await mcp.github.echo({ q: 'isolate' });
      const weather = await mcp.call('github', 'weather');
      const raw = await mcp.github.lines({}, { raw: true });
      const listed = await mcp.servers();
      JSON.stringify([echoed, weather, weather.raw.content[0].text, await mcp.github.lines(), raw.content.length, listed[0].name])`,
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.deepEqual(fromJson(result.value), [
    'echo {"q":"isolate"}',
    { temperature: 20 },
    '{"temperature":20}',
    'one\ntwo',
    2,
    'github',
  ]);
  assert.deepEqual(
    host.asks.map(({ session }) => session),
    ['calls', 'calls', 'calls', 'calls', 'calls'],
  );
  const first = host.asks[0]?.request;
  assert.ok(first?.type === 'tool-call');
  assert.deepEqual(
    { ...first, timeoutMs: 0 },
    {
      type: 'tool-call',
      server: 'github',
      tool: 'echo',
      arguments: '{"q":"isolate"}',
      maxBytes: engine.limits.mcpResultBytes,
      timeoutMs: 0,
    },
  );
  assert.ok(first.timeoutMs > 0 && first.timeoutMs <= engine.limits.timeoutMs);
  assert.deepEqual(host.asks[3]?.request.type, 'tool-list');
  assert.deepEqual(effectFields(result.effects).toolCalls?.[0], {
    server: 'github',
    tool: 'echo',
    arguments: '{"q":"isolate"}',
    result: 'echo {"q":"isolate"}',
    bytes: Buffer.byteLength(
      JSON.stringify({ content: [{ type: 'text', text: 'echo {"q":"isolate"}' }] }),
    ),
    ms: effectFields(result.effects).toolCalls?.[0]?.ms,
  });
  assert.equal(effectFields(result.effects).toolCalls?.[3]?.server, '');
});

test("a tool's error rejects as McpToolError with its text, and a failed call as McpError with its code", async () => {
  const host = withGithub();
  const engine = await engineWith(host);
  const shown = await value(engine, {
    code: `
      const toolError = await mcp.github.fail().catch((e) => e);
      const failed = await mcp.github.crash().catch((e) => e);
      const unlisted = await mcp.github.gone().catch((e) => e);
      JSON.stringify([toolError.name, toolError.message, toolError.raw.isError, failed.name, failed.message, failed.code, unlisted.name, unlisted.message])`,
  });
  assert.deepEqual(fromJson(shown), [
    'McpToolError',
    'rate limited',
    true,
    'McpError',
    'MCP server "github" exited (code 1) during the call',
    -32000,
    'TypeError',
    "the tool 'gone' is not in github's tools/list",
  ]);
});

test('calls the settings refuse reject with a TypeError naming the setting, and never reach the host', async () => {
  const host = withGithub();
  const engine = await engineWith(host);
  const result = await engine.run({
    code: `
      const why = (p) => p.then(() => 'called', (e) => e.name + ': ' + e.message);
      JSON.stringify([await why(mcp.github.delete_repo({})), await why(mcp.nope.search()), await why(mcp.off.search())])`,
  });
  assert.deepEqual(fromJson(result.value), [
    "TypeError: tool 'delete_repo' of 'github' is not allowed by mcpServers.github.allowTools",
    "TypeError: mcpServers has no server 'nope'",
    "TypeError: MCP server 'off' is disabled in mcpServers",
  ]);
  assert.equal(host.asks.length, 0);
  assert.deepEqual(
    effectFields(result.effects).toolCalls?.map(({ refused }) => refused),
    [true, true, true],
  );
});

test('a server or tool name over 256 characters rejects that call with the TypeError the host would give, and the run goes on', async () => {
  const host = withGithub();
  const engine = await engineWith(host);
  const result = await engine.run({
    code: `
      const why = (p) => p.then(() => 'called', (e) => e.name + ': ' + e.message);
      JSON.stringify([await why(mcp['n'.repeat(300)].t()), await why(mcp.github['t'.repeat(300)]()), await why(mcp.call('github', 'echo'))])`,
  });
  const long = 'n'.repeat(MAX_MCP_NAME + 1);
  assert.deepEqual(fromJson(result.value), [
    `TypeError: ${upstreamRefusal(POLICY, long, 't')}`,
    `TypeError: ${upstreamRefusal(POLICY, 'github', long)}`,
    'called',
  ]);
  assert.equal(host.asks.length, 1);
  // Refused in the guest's own call: no step carried them.
  assert.equal(effectFields(result.effects).toolCalls?.length, 1);
});

test('without a policy no server may be called, and without a host an allowed call fails', async () => {
  const host = withGithub();
  const noPolicy = await startEngine({ host });
  const refused = await value(noPolicy, {
    code: `JSON.stringify(await mcp.github.echo().catch((e) => e.name + ': ' + e.message))`,
  });
  assert.equal(fromJson(refused), "TypeError: mcpServers has no server 'github'");
  assert.equal(host.asks.length, 0);
  const noHost = await startEngine({ upstream: POLICY });
  const failed = await value(noHost, {
    code: `await mcp.github.echo().catch((e) => e.name + ': ' + e.message)`,
  });
  assert.equal(failed, "'McpError: no MCP servers in this engine'");
});

test('mcpCalls bounds the calls of a run, listings included', async () => {
  const host = withGithub();
  const engine = await engineWith(host, { limits: { mcpCalls: 3 } });
  const result = await failure(engine, {
    code: 'await mcp.servers(); for (let i = 0; i < 5; i++) await mcp.github.echo({ i })',
  });
  assert.equal(result.error?.code, 'mcp_calls');
  assert.equal(result.error?.message, 'the run made more than mcpCalls=3 MCP tool calls');
  assert.equal(host.asks.length, 3);
});

test('a result over mcpResultBytes ends the run saying the tool ran; arguments over it are never sent', async () => {
  const host = withGithub();
  const engine = await engineWith(host, { limits: { mcpResultBytes: 1024 } });
  const big = await failure(engine, { code: 'await mcp.github.big()' });
  assert.equal(big.error?.code, 'mcp_result_size');
  assert.equal(
    big.error?.message,
    'the result of github.big exceeded mcpResultBytes=1024 (the tool ran all the same)',
  );
  assert.deepEqual(host.asks[0]?.request, {
    ...host.asks[0]?.request,
    maxBytes: 1024,
  });
  const asked = host.asks.length;
  const long = await failure(engine, { code: "await mcp.github.echo({ text: 'x'.repeat(2000) })" });
  assert.equal(long.error?.code, 'mcp_result_size');
  assert.equal(
    long.error?.message,
    'the arguments of github.echo exceeded mcpResultBytes=1024; the call was not made',
  );
  assert.equal(host.asks.length, asked);
});

test("mcpTotalBytes bounds a run's results together", async () => {
  const host = withGithub();
  const engine = await engineWith(host, { limits: { mcpTotalBytes: 2048 } });
  const result = await failure(engine, {
    code: 'for (let i = 0; i < 3; i++) await mcp.github.kb()',
  });
  assert.equal(result.error?.code, 'mcp_bytes');
  assert.equal(
    result.error?.message,
    "the run's MCP results came to more than mcpTotalBytes=2048 in all, at github.kb",
  );
});

test("a failed call's text counts against mcpTotalBytes as a result does, and the report previews it", async () => {
  const host = withGithub();
  const engine = await engineWith(host, { limits: { mcpTotalBytes: 4096 } });
  const caught = await engine.run({
    code: 'await mcp.github.kb_failure().catch((e) => e.message.length)',
  });
  assert.equal(caught.value, '1500', 'the guest gets the whole text');
  assert.equal(effectFields(caught.effects).toolCalls?.[0]?.error, 'f'.repeat(1024));
  const result = await failure(engine, {
    code: 'for (let i = 0; i < 3; i++) await mcp.github.kb_failure().catch(() => undefined)',
  });
  assert.equal(result.error?.code, 'mcp_bytes');
  assert.equal(
    result.error?.message,
    "the run's MCP results came to more than mcpTotalBytes=4096 in all, at github.kb_failure",
  );
});

test("the run's clock stands still across a call", async () => {
  const engine = await engineWith(withGithub());
  assert.equal(
    await value(engine, {
      code: 'const t = Date.now(); await mcp.github.slow(); Date.now() - t',
    }),
    '0',
  );
});

test("a call still waiting at the run's timeout ends it as a timeout and withdraws the ask", async () => {
  const host = withGithub();
  const engine = await engineWith(host, { limits: { timeoutMs: 500 } });
  const result = await failure(engine, { code: 'await mcp.github.hang()' });
  assert.equal(result.error?.code, 'timeout');
  assert.deepEqual(
    effectFields(result.effects).toolCalls?.[0]?.error,
    'not finished: the run timed out',
  );
  await waitUntil(() => host.asks[0]?.signal.aborted === true, 'the ask to be withdrawn');
});

test('cancelling a run waiting for a call withdraws the ask', async () => {
  const host = withGithub();
  const engine = await engineWith(host);
  const cancel = new AbortController();
  const running = engine.run({ code: 'await mcp.github.hang()' }, { signal: cancel.signal });
  await waitUntil(() => host.asks.length === 1, 'the call to reach the host');
  cancel.abort();
  const result = await running;
  assert.equal(result.error?.code, 'cancelled');
  await waitUntil(() => host.asks[0]?.signal.aborted === true, 'the ask to be withdrawn');
});

test('a failed run records nothing of its calls, though the host was asked', async () => {
  const dataDir = await newTempDir();
  const host = withGithub();
  const engine = await engineWith(host, { dataDir });
  const result = await failure(engine, {
    session: 'failed',
    code: "await mcp.github.echo({ only: 'here' }); throw new Error('after the call')",
  });
  assert.equal(result.error?.message, 'after the call');
  assert.equal(host.asks.length, 1);
  assert.equal(effectFields(result.effects).toolCalls?.length, 1, 'the report lists it');
  const layout = dataLayout(dataDir);
  await assert.rejects(access(layout.blob(blobHash(Buffer.from('{"only":"here"}')))));
  const journal = await readFile(layout.journal('failed'), 'utf8').catch(() => '');
  assert.equal(journal, '', 'no entry was committed');
});

/** The journal's entries. */
const entriesOf = async (path: string): Promise<JournalEntry[]> =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

test('a session that called tools restores after a restart, from a snapshot and in a fork without asking any server', async () => {
  const dataDir = await newTempDir();
  const live = withGithub();
  const first = await engineWith(live, { dataDir, snapshotIdleMs: 3_600_000 });
  const start = await first.run({ session: 'kept', code: 'var before = 1' });
  const called = await first.run({
    session: 'kept',
    code: 'var got = [await mcp.github.echo({ n: 1 }), await mcp.github.weather(), (await mcp.servers()).length, await mcp.github.fail().catch((e) => e.message), await mcp.github.delete_repo().catch((e) => e.name)]; got',
  });
  assert.equal(called.ok, true, JSON.stringify(called.error));
  assert.equal(live.asks.length, 4);
  const entry = (await entriesOf(first.layout.journal('kept'))).at(-1);
  assert.equal(entry?.heap, called.heap);
  assert.deepEqual(
    entry?.effects?.map((batch) => batch.kind),
    ['mcp', 'mcp', 'mcp', 'mcp', 'mcp'],
    'one batch per step that asked',
  );
  const echoed = textResult('echo {"n":1}');
  const batch = entry?.effects?.[0];
  assert.ok(batch?.kind === 'mcp');
  const { ms, ...recorded } = batch.batch[0] ?? { ms: -1 };
  assert.ok(ms >= 0);
  assert.deepEqual(recorded, {
    request: {
      op: 'call',
      server: 'github',
      tool: 'echo',
      arguments: blobHash(Buffer.from('{"n":1}')),
    },
    result: { blob: blobHash(Buffer.from(echoed.result)), bytes: echoed.bytes },
  });
  await first.close();

  // No host and no policy now: the recorded results are all a replay has.
  const afterRestart = withGithub();
  const replayed = await startEngine({ dataDir, host: afterRestart });
  const restored = await replayed.run({ session: 'kept', code: 'got' });
  assert.deepEqual([restored.value, restored.restoredFrom], [called.value, 'replay']);
  // The snapshot maker replays with no host at all.
  assert.ok((await replayed.snapshot('kept')).bytes > 0);
  await replayed.close();

  const fromSnapshot = await startEngine({ dataDir, host: afterRestart });
  const again = await fromSnapshot.run({ session: 'kept', code: 'got' });
  assert.deepEqual([again.value, again.restoredFrom], [called.value, 'snapshot']);
  await rm(dataLayout(dataDir).snapshots, { recursive: true, force: true });
  await fromSnapshot.fork({ heap: called.heap, session: 'after' });
  assert.equal(await value(fromSnapshot, { session: 'after', code: 'got' }), called.value);
  await fromSnapshot.fork({ heap: start.heap, session: 'before' });
  assert.equal(await value(fromSnapshot, { session: 'before', code: 'typeof got' }), "'undefined'");
  assert.equal(afterRestart.asks.length, 0, 'no server was asked');
});

test('a replay that calls another tool than its live run is replay_diverged, naming both', async () => {
  const dataDir = await newTempDir();
  const first = await engineWith(withGithub(), { dataDir, snapshotIdleMs: 3_600_000 });
  const called = await first.run({
    session: 'edited',
    code: 'var got = await mcp.github.echo({ n: 1 }); got',
  });
  assert.equal(called.ok, true);
  await first.close();
  // The journal says the live run called another tool: its heap id made again to match.
  const path = dataLayout(dataDir).journal('edited');
  const [entry] = await entriesOf(path);
  assert.ok(entry?.effects?.[0]?.kind === 'mcp');
  const record = entry.effects[0].batch[0];
  assert.ok(record?.request.op === 'call');
  record.request.tool = 'search';
  entry.heap = heapIdOf(entry);
  await writeFile(path, `${JSON.stringify(entry)}\n`);

  const host = withGithub();
  const second = await startEngine({ dataDir, host, upstream: POLICY });
  const refused = await failure(second, { session: 'edited', code: 'got' });
  assert.equal(refused.error?.code, 'replay_diverged');
  assert.match(
    refused.error?.message ?? '',
    /a replayed run called github\.echo with \{"n":1\} where its live run called github\.search with \{"n":1\}/,
  );
  assert.equal(host.asks.length, 0);
});
