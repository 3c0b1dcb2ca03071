import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { hostileStdio } from '../test-support/hostile-mcp-server.ts';
import { processGone } from '../test-support/processes.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { testUpstreams, textOf } from '../test-support/upstream-manager.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { SCHEMA_LIMITS } from './schema-to-ts.ts';
import { toolDeclarations } from './tool-declarations.ts';
import { searchTools } from './tool-search.ts';

const SECRET = 'sk-hostile-secret-0042';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The bytes this process holds after a full collection: its heap and its buffers. */
const held = () => {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};

const hostile = () =>
  testUpstreams({ hostile: { ...hostileStdio(), env: { SECRET } } }, { maxResultBytes: 64 * 1024 });

test('a line that is not JSON and an answer to an unknown id are skipped, and the call answered', async () => {
  const up = await hostile();
  assert.equal(textOf(await up.call('hostile', 'invalid-json')), 'after invalid json');
  assert.equal(textOf(await up.call('hostile', 'unknown-id')), 'after unknown id');
  assert.equal(up.status('hostile')?.state, 'ready');
});

test('a result of the wrong shape fails the call', async () => {
  const up = await hostile();
  const answer = await up.call('hostile', 'wrong-shape');
  assert.ok('failed' in answer, JSON.stringify(answer));
  assert.match(answer.failed.message, /"hostile"/);
});

test('structured content that breaks its listed output schema fails the call', async () => {
  const up = await hostile();
  const answer = await up.call('hostile', 'bad-structured');
  assert.ok('failed' in answer, JSON.stringify(answer));
});

test('sampling, elicitation and roots asked back are each refused with -32601', async () => {
  const up = await hostile();
  const got = JSON.parse(textOf(await up.call('hostile', 'ask-back'))) as { code: number }[];
  assert.deepEqual(
    got.map((error) => error.code),
    [-32601, -32601, -32601],
  );
});

test('a server that never answers initialize fails its start at the bound, saying so', async () => {
  const up = await testUpstreams(
    { silent: hostileStdio({ silentInitialize: true }) },
    { startMs: 1000 },
  );
  const answer = await up.call('silent', 'hang');
  assert.ok('failed' in answer);
  assert.match(answer.failed.message, /"silent" did not answer the start in time/);
  assert.notEqual(up.status('silent')?.state, 'ready');
});

test('a server that exits mid-call fails the call, and the next call starts it again', async () => {
  const up = await hostile();
  const answer = await up.call('hostile', 'exit');
  assert.ok('failed' in answer);
  assert.match(answer.failed.message, /exited during the call of exit/);
  assert.ok(up.lines.some((line) => line.includes('hostile server exits in the middle')));
  assert.equal(textOf(await up.call('hostile', 'invalid-json')), 'after invalid json');
});

test('a line over the bound closes the connection and fails the call without holding it', async () => {
  const up = await hostile();
  // Started first, so what the start costs is not counted.
  await up.call('hostile', 'invalid-json');
  const pid = up.status('hostile')?.pid as number;
  const before = held();
  const answer = await up.call('hostile', 'huge', { bytes: 50 * 1024 * 1024 });
  assert.ok('failed' in answer);
  assert.match(answer.failed.message, /sent a message over \d+ bytes/);
  // Once the old process is gone (nothing more of its line arrives), none of it is held: read as
  // fast as it comes, the line may still be on its way through the pipe as the process ends.
  await waitUntil(() => processGone(pid), 'the server that sent the line to end');
  await waitUntil(() => held() - before < 8 * 1024 * 1024, 'what it sent to be let go');
  assert.equal(textOf(await up.call('hostile', 'unknown-id')), 'after unknown id');
});

test('an echoed secret is masked in the result, the stderr log and the message log', async () => {
  const up = await hostile();
  const answer = await up.call('hostile', 'echo-secret', { name: 'SECRET' });
  assert.ok('result' in answer && !answer.result.includes(SECRET));
  assert.equal(textOf(answer), 'the secret is ••••••••');
  await up.call('hostile', 'invalid-json');
  assert.ok(up.lines.some((line) => line.includes('the secret is ••••••••')));
  assert.ok(!up.lines.some((line) => line.includes(SECRET)));
  assert.ok(!JSON.stringify(up.messages.list()).includes(SECRET));
});

test('a secret holding a quote and a backslash, answered in JSON text, is masked in the result and the message log', async () => {
  const quoted = 'pa"ss\\word-s3cret-123';
  const up = await testUpstreams({ hostile: { ...hostileStdio(), env: { QUOTED: quoted } } });
  const answer = await up.call('hostile', 'json-secret', { name: 'QUOTED' });
  assert.deepEqual(JSON.parse(textOf(answer)), { token: '••••••••' });
  const logged = JSON.stringify(up.messages.list());
  assert.ok(logged.includes('••••••••'));
  assert.ok(!logged.includes('s3cret'));
});

test("a JSON-RPC error of 900 KB fails the call with the server's words cut to a KiB, a secret across the cut masked whole", async () => {
  const up = await hostile();
  const answer = await up.call('hostile', 'big-error', {
    bytes: 900_000,
    at: 1010,
    name: 'SECRET',
  });
  assert.ok('failed' in answer, JSON.stringify(answer).slice(0, 200));
  const { message } = answer.failed;
  assert.equal(answer.failed.code, -32000);
  assert.match(
    message,
    /^MCP server "hostile" answered the call of big-error with an error: E{1010}•{1,4}… \(\d+ bytes\)$/,
  );
  assert.ok(Buffer.byteLength(message) < 1200, `${Buffer.byteLength(message)} bytes`);
  assert.ok(!message.includes('sk-hostile'));
  assert.equal(up.status('hostile')?.error, message, 'the window shows it as its last error');
});

test('a listing that names pages for ever stops once 1000 tools are kept', async () => {
  const up = await testUpstreams({
    paging: hostileStdio({ pages: { tools: 600, bytes: 10, ms: 0 } }),
  });
  assert.equal(textOf(await up.call('paging', 'pages')), '2');
  assert.ok(up.lines.some((line) => /listed more than 1000 tools: kept the first 1000/.test(line)));
});

test('a listing that names pages for ever stops once its tools pass the message bound in size', async () => {
  const up = await testUpstreams(
    { paging: hostileStdio({ pages: { tools: 5, bytes: 100_000, ms: 0 } }) },
    { maxResultBytes: 64 * 1024 },
  );
  assert.equal(textOf(await up.call('paging', 'pages')), '3');
  assert.ok(up.lines.some((line) => /listed tools over 1179648 bytes: kept the first/.test(line)));
});

test("a listing's pages share one deadline rather than each having the whole time", async () => {
  const up = await testUpstreams(
    { paging: hostileStdio({ pages: { tools: 1, bytes: 10, ms: 300 } }) },
    { startMs: 1000 },
  );
  const answer = await up.call('paging', 'pages');
  assert.ok('failed' in answer, JSON.stringify(answer));
  assert.match(answer.failed.message, /"paging" did not answer the tools\/list in time/);
});

test('a tool named with over 256 characters, which no call could name, is left out of the listing', async () => {
  const toolsFile = join(await tempDir(), 'tools.json');
  const tools = [{ name: 'n'.repeat(4 * 1024 * 1024) }, { name: 'ok' }];
  await writeFile(
    toolsFile,
    JSON.stringify(tools.map((t) => ({ ...t, inputSchema: { type: 'object' } }))),
  );
  const up = await testUpstreams({
    listing: { ...hostileStdio({ toolsFile }), allowTools: ['*'] },
  });
  const answer = await up.list();
  assert.ok('listing' in answer, JSON.stringify(answer));
  const [server] = JSON.parse(answer.listing) as { tools: { name: string }[] }[];
  assert.deepEqual(
    server?.tools.map((tool) => tool.name),
    ['ok'],
  );
  assert.ok(up.lines.some((line) => line.includes('left out 1 tools named with over 256')));
});

test('a listed schema whose 4000 properties name a pointer 1500 deep is declared, each one unknown', async () => {
  let deep: unknown = { type: 'string' };
  for (let i = 0; i < 1500; i++) deep = { a: deep };
  const pointer = `#/$defs/d${'/a'.repeat(1500)}`;
  const properties = Object.fromEntries(
    Array.from({ length: 4000 }, (_, i) => [`p${i}`, { $ref: pointer }]),
  );
  const inputSchema = { type: 'object', $defs: { d: deep }, properties };
  const toolsFile = join(await tempDir(), 'tools.json');
  await writeFile(toolsFile, JSON.stringify([{ name: 'deep', inputSchema }]));
  const up = await testUpstreams({ deep: { ...hostileStdio({ toolsFile }), allowTools: ['*'] } });
  const answer = await up.list();
  assert.ok('listing' in answer, JSON.stringify(answer));
  const text = toolDeclarations(searchTools(JSON.parse(answer.listing)).servers);
  assert.match(text, /p0\?: unknown;/);
  // The first tool is always shown, at most its own bound.
  assert.ok(
    Buffer.byteLength(text) <= SCHEMA_LIMITS.bytes + 1024,
    `${Buffer.byteLength(text)} bytes`,
  );
});
