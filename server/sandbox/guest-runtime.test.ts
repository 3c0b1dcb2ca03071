import assert from 'node:assert/strict';
import { test } from 'node:test';
import ivm from 'isolated-vm';
import { runtimeIsolate } from '../test-support/runtime-isolate.ts';
import {
  AFTER_RESTORE,
  answerStep,
  beginStep,
  type GuestScript,
  nextStep,
  replCalls,
  runKey,
  scriptStep,
} from './guest-calls.ts';
import type { GuestExchange } from './net/fetch-effect.ts';
import type { GuestImport } from './packages/import-effect.ts';
import type { GuestMcpAnswer } from './tools/mcp-effect.ts';

// The guest runtime on its own, in a real isolate restored from its snapshot, driven by the same
// calls the worker makes: no worker, no engine.
const { snapshot, call } = runtimeIsolate(5000);

/** The host's answers to a run's fetches, and to its imports, one batch per step. */
const replyStep = (key: string, batches: GuestExchange[][]) =>
  answerStep(key, [{ kind: 'fetch', answers: batches }]);
const provideStep = (key: string, batches: GuestImport[][]) =>
  answerStep(key, [{ kind: 'import', answers: batches }]);
const toolStep = (key: string, batches: GuestMcpAnswer[][]) =>
  answerStep(key, [{ kind: 'mcp', answers: batches }]);
/** A step's answer that asks the host for effects of `kind`. */
const asking = (kind: string, requests: unknown[]) => `?${JSON.stringify({ kind, requests })}`;

interface Outcome {
  value?: string;
  error?: { kind: string; name: string; message: string };
  console: { level: string; text: string }[];
}

/**
 * One run the way the worker drives it, of `body` as the body of the run's async function (what
 * prepare-code makes of a snippet); the outcome, and how many timers it fired.
 */
async function run(body: string, seed = 1, time = Date.UTC(2026, 0, 1)) {
  const entry = { seed, time, output: 65536, script: replCalls.body(body) };
  const key = runKey();
  await call(beginStep(entry, key));
  await call(scriptStep(entry));
  let ticks = 0;
  let answer = await call(nextStep(key));
  for (; answer === 1; ticks++) answer = await call(nextStep(key));
  const [, check, json] = /^(\d+) (.*)$/s.exec(answer as string) ?? [];
  return { outcome: JSON.parse(json as string) as Outcome, check: Number(check), ticks };
}

test("a run's clock stands still and its Math.random follows the run's seed", async () => {
  const code = 'return [Date.now(), Date.now(), Math.random()]';
  const first = await run(code, 7, 1_000_000);
  const again = await run(code, 7, 2_000_000);
  const [now, same, random] = JSON.parse(first.outcome.value?.replaceAll("'", '"') ?? '[]');
  assert.equal(now, 1_000_000);
  assert.equal(same, 1_000_000);
  assert.equal(again.outcome.value, `[ 2000000, 2000000, ${random} ]`);
  assert.notEqual((await run(code, 8, 2_000_000)).outcome.value, again.outcome.value);
});

test('each timer is one step, and moves the clock by its delay', async () => {
  const { outcome, ticks } = await run(
    'const t0 = Date.now(); setTimeout(() => console.log(Date.now() - t0), 250); ' +
      'setTimeout(() => console.log(Date.now() - t0), 100); await new Promise((r) => setTimeout(r, 300))',
    1,
  );
  assert.equal(ticks, 3);
  assert.deepEqual(outcome.console, [
    { level: 'log', text: '100' },
    { level: 'log', text: '250' },
  ]);
});

test('equal runs give equal fingerprints; a different outcome another', async () => {
  const one = await run('globalThis.k = 1; return k', 3, 5);
  const two = await run('globalThis.k = 1; return k', 3, 5);
  const other = await run('globalThis.k = 2; return k', 3, 5);
  assert.equal(one.check, two.check);
  assert.notEqual(one.check, other.check);
});

test('user code cannot step or begin a run: only the host holds the key', async () => {
  const stepped = await run("__mcpi.step('guess')");
  assert.match(stepped.outcome.error?.message ?? '', /only the host steps a run/);
  const begun = await run("__mcpi.begin(1, 2, 3, 'mine')");
  assert.match(begun.outcome.error?.message ?? '', /a run is in progress/);
});

test('a promise that can never settle is reported as such, not waited for', async () => {
  const { outcome } = await run('await new Promise(() => {})');
  assert.equal(outcome.error?.kind, 'never_settles');
});

/**
 * The calls of one run with its fetch answers queued first, as a replay makes them, in a fresh
 * heap of its own (a replay that fails leaves its run unfinished, and its heap is dropped).
 */
async function replayWithReplies(
  body: string,
  batches: GuestExchange[][],
  packages: GuestImport[][] = [],
  tools: GuestMcpAnswer[][] = [],
) {
  const fresh = new ivm.Isolate({ memoryLimit: 64, snapshot });
  const context = fresh.createContextSync();
  const callFresh = (script: GuestScript) =>
    context.eval(script.code, { filename: script.filename, timeout: 5000, copy: true });
  try {
    await callFresh(AFTER_RESTORE);
    const entry = { seed: 1, time: 5, output: 65536, script: replCalls.body(body) };
    const key = runKey();
    await callFresh(beginStep(entry, key));
    await callFresh(replyStep(key, batches));
    await callFresh(provideStep(key, packages));
    await callFresh(toolStep(key, tools));
    await callFresh(scriptStep(entry));
    const answers: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await callFresh(nextStep(key));
      answers.push(answer);
      if (answer !== 1 && answer !== 2) break;
    }
    return answers;
  } finally {
    fresh.dispose();
  }
}

const textReply = (url: string, text: string): GuestExchange => ({
  request: { method: 'GET', url, headers: [], body: null, redirect: 'follow' },
  response: {
    url,
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'text/plain']],
    redirected: false,
    body: Buffer.from(text).toString('base64'),
  },
  error: null,
});

test('a fetch asks the host at the next step, and the answer comes back in the step after', async () => {
  const entry = {
    seed: 1,
    time: 5,
    output: 65536,
    script: replCalls.body(
      "const t = Date.now(); const r = await fetch('http://a.test/x'); return [Date.now() - t, await r.text()]",
    ),
  };
  const key = runKey();
  await call(beginStep(entry, key));
  await call(scriptStep(entry));
  const asked = await call(nextStep(key));
  assert.equal(
    asked,
    asking('fetch', [
      { method: 'GET', url: 'http://a.test/x', headers: [], body: null, redirect: 'follow' },
    ]),
  );
  await call(replyStep(key, [[textReply('http://a.test/x', 'answer')]]));
  assert.equal(await call(nextStep(key)), 2);
  const outcome = (await call(nextStep(key))) as string;
  assert.match(outcome, /"value":"\[ 0, 'answer' \]"/);
});

test('replayed answers are served in order, and a replay asking for something else is refused', async () => {
  const code = "const r = await fetch('http://a.test/x'); return await r.text()";
  const same = await replayWithReplies(code, [[textReply('http://a.test/x', 'recorded')]]);
  assert.equal(same[0], 2);
  assert.match(String(same[1]), /'recorded'/);
  const other = await replayWithReplies(code, [[textReply('http://a.test/other', 'recorded')]]);
  assert.match(
    String(other[0]),
    /^!a replayed run asked for GET http:\/\/a\.test\/x where its live run asked for GET http:\/\/a\.test\/other/,
  );
  const fewer = await replayWithReplies('return 1', [[textReply('http://a.test/x', 'recorded')]]);
  assert.match(String(fewer[0]), /^!a replayed run made fewer requests than its live run/);
  const unanswered = await replayWithReplies(code, []);
  assert.match(
    String(unanswered[0]),
    /^\?\{"kind":"fetch","requests":\[/,
    'without a recorded answer it can only ask the host',
  );
});

/** A bundle as the host answers an import: esbuild's CommonJS of `export default ns`. */
const bundleAnswer = (specifier: string, namespace: string, bundle = 'b1'): GuestImport => ({
  specifier,
  bundle,
  label: `${specifier}@1.0.0`,
  source: `module.exports = { default: ${namespace} };`,
  error: null,
});

test('an import asks the host at the next step, its bundle runs in the step after, and the heap keeps it', async () => {
  const script = (body: string) => ({
    seed: 1,
    time: 5,
    output: 65536,
    script: replCalls.body(body),
  });
  const first = script(
    "const [a, b] = await __mcpi.importAll(['pkg', 'npm:pkg@^1']); globalThis.loaded = a; return [a === b, a.n]",
  );
  const key = runKey();
  await call(beginStep(first, key));
  await call(scriptStep(first));
  assert.equal(await call(nextStep(key)), asking('import', ['pkg', 'npm:pkg@^1']));
  // Two specifiers of one bundle: it runs once, and both get the same namespace.
  await call(
    provideStep(key, [
      [
        bundleAnswer('pkg', '{ n: (globalThis.evaluated = (globalThis.evaluated ?? 0) + 1) }'),
        bundleAnswer('npm:pkg@^1', '{}'),
      ],
    ]),
  );
  assert.equal(await call(nextStep(key)), 2);
  assert.match(String(await call(nextStep(key))), /"value":"\[ true, 1 \]"/);
  // The next run imports it with no step: the heap has it.
  const again = await run(
    "const m = await __mcpi.import('pkg'); return [m === globalThis.loaded, globalThis.evaluated]",
  );
  assert.equal(again.outcome.value, '[ true, 1 ]');
});

test('an import the host could not resolve rejects; a package that throws or needs a built-in rejects saying so', async () => {
  const script = {
    seed: 1,
    time: 5,
    output: 65536,
    script: replCalls.body(`const tried = [];
for (const name of ['missing', 'throws', 'builtin']) {
  try { await __mcpi.import(name) } catch (error) { tried.push(error.message.replaceAll("'", '')) }
}
return tried`),
  };
  const key = runKey();
  await call(beginStep(script, key));
  await call(scriptStep(script));
  const answers: GuestImport[] = [
    {
      specifier: 'missing',
      bundle: '',
      label: 'missing',
      source: '',
      error: "the package 'missing' is not in the npm registry",
    },
    { ...bundleAnswer('throws', '{}', 'b2'), source: "throw new Error('package failed to start')" },
    { ...bundleAnswer('builtin', '{}', 'b3'), source: "require('os')" },
  ];
  for (const answer of answers) {
    assert.equal(await call(nextStep(key)), asking('import', [answer.specifier]));
    await call(provideStep(key, [[answer]]));
    assert.equal(await call(nextStep(key)), 2);
  }
  const outcome = String(await call(nextStep(key)));
  assert.match(outcome, /the package missing is not in the npm registry/);
  assert.match(outcome, /package failed to start/);
  assert.match(
    outcome,
    /builtin@1\.0\.0 needs the Node built-in module os, which the sandbox does not have/,
  );
});

test('replayed imports are served in order, and a replay importing something else, or fewer, is refused', async () => {
  const replay = async (body: string, batches: GuestImport[][]) =>
    (await replayWithReplies(body, [], batches))[0];
  assert.equal(
    await replay("return (await __mcpi.import('x')).v", [[bundleAnswer('x', '{ v: 1 }', 'r1')]]),
    2,
  );
  assert.match(
    String(await replay("await __mcpi.import('y')", [[bundleAnswer('x', '{}', 'r2')]])),
    /^!a replayed run imported 'y' where its live run imported 'x'/,
  );
  assert.match(
    String(await replay('return 1', [[bundleAnswer('x', '{}', 'r3')]])),
    /^!a replayed run imported fewer packages than its live run/,
  );
});

/** A tool's answer to `mcp.github[tool](args)`: the result's JSON text. */
const toolAnswer = (tool: string, args: string, result: object): GuestMcpAnswer => ({
  request: { op: 'call', server: 'github', tool, arguments: args },
  result: JSON.stringify(result),
  error: null,
});

test('an MCP call asks the host at the next step with its arguments as JSON, and settles in the step after', async () => {
  const entry = {
    seed: 1,
    time: 5,
    output: 65536,
    script: replCalls.body(
      "return [await mcp.github.search({ q: 'x', toJSON: undefined }), await mcp.servers().then((l) => l.length)]",
    ),
  };
  const key = runKey();
  await call(beginStep(entry, key));
  await call(scriptStep(entry));
  assert.equal(
    await call(nextStep(key)),
    asking('mcp', [{ op: 'call', server: 'github', tool: 'search', arguments: '{"q":"x"}' }]),
  );
  await call(
    toolStep(key, [
      [toolAnswer('search', '{"q":"x"}', { content: [{ type: 'text', text: 'found' }] })],
    ]),
  );
  assert.equal(await call(nextStep(key)), 2);
  assert.equal(
    await call(nextStep(key)),
    asking('mcp', [{ op: 'list', server: '', tool: '', arguments: '' }]),
  );
  await call(
    toolStep(key, [
      [
        {
          request: { op: 'list', server: '', tool: '', arguments: '' },
          result: '[{}]',
          error: null,
        },
      ],
    ]),
  );
  assert.equal(await call(nextStep(key)), 2);
  assert.match((await call(nextStep(key))) as string, /"value":"\[ 'found', 1 \]"/);
});

test('replayed MCP results are served in order, and a replay calling another tool, or fewer, is refused', async () => {
  const code = 'return await mcp.github.search({ q: 1 })';
  const recorded = [[toolAnswer('search', '{"q":1}', { content: [{ type: 'text', text: 'r' }] })]];
  const same = await replayWithReplies(code, [], [], recorded);
  assert.equal(same[0], 2);
  assert.match(String(same[1]), /'r'/);
  const other = await replayWithReplies(
    'return await mcp.github.get_issue({ q: 1 })',
    [],
    [],
    recorded,
  );
  assert.match(
    String(other[0]),
    /^!a replayed run called github\.get_issue with \{"q":1\} where its live run called github\.search with \{"q":1\}/,
  );
  const fewer = await replayWithReplies('return 1', [], [], recorded);
  assert.match(String(fewer[0]), /^!a replayed run made fewer MCP calls than its live run/);
});
