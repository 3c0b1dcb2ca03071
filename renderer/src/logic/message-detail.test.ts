import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loggedMessage } from './logged-message-fixture.ts';
import { readableParts } from './message-detail.ts';

const message = loggedMessage;

test('a run_js request reads as its arguments and its code, unescaped', () => {
  const code = 'const greeting = "hi";\nconsole.log(greeting)';
  const parts = readableParts(
    message({
      method: 'tools/call',
      id: 1,
      body: { method: 'tools/call', params: { name: 'run_js', arguments: { session: 's', code } } },
    }),
  );
  assert.deepEqual(parts, [
    {
      kind: 'fields',
      fields: [
        ['tool', 'run_js'],
        ['session', 's'],
      ],
    },
    { kind: 'code', text: code },
  ]);
});

test("a run's result reads as where it ran, its console lines and its value or error", () => {
  const run = {
    ok: true,
    session: 's',
    heap: 'h1',
    console: [
      { level: 'log', text: 'line one' },
      { level: 'warn', text: 'careful\nnow' },
    ],
    cancelledTimers: [],
    value: "'hi'",
    durationMs: 1.5,
  };
  const ok = readableParts(
    message({ direction: 'out', kind: 'response', body: { result: { structuredContent: run } } }),
  );
  assert.deepEqual(ok, [
    {
      kind: 'fields',
      fields: [
        ['ok', 'true'],
        ['session', 's'],
        ['heap', 'h1'],
        ['durationMs', '1.5'],
      ],
    },
    { kind: 'console', lines: run.console },
    { kind: 'value', text: "'hi'" },
  ]);
  const failed = readableParts(
    message({
      direction: 'out',
      kind: 'response',
      body: {
        result: {
          isError: true,
          structuredContent: { ok: false, console: [], error: { name: 'TypeError', message: 'x' } },
        },
      },
    }),
  );
  assert.deepEqual(failed.at(-1), { kind: 'error', text: 'TypeError: x' });
});

test('an error reads as its message, a text result as its text, anything else as JSON', () => {
  const out = (body: object) => message({ direction: 'out', kind: 'response', body });
  assert.deepEqual(readableParts(out({ error: { code: -32602, message: 'Invalid params' } })), [
    { kind: 'error', text: 'Invalid params (code -32602)' },
  ]);
  assert.deepEqual(
    readableParts(
      out({ result: { isError: true, content: [{ type: 'text', text: 'bad\ninput' }] } }),
    ),
    [{ kind: 'error', text: 'bad\ninput' }],
  );
  const tools = { result: { tools: [] } };
  assert.deepEqual(readableParts(out(tools)), [{ kind: 'json', value: tools }]);
  assert.deepEqual(readableParts(message({ truncated: true, body: '{"jsonrpc":"2.0","me' })), [
    { kind: 'text', text: '{"jsonrpc":"2.0","me' },
  ]);
});
