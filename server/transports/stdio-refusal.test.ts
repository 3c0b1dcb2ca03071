import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { refuseRequests } from './stdio-refusal.ts';

test('while refusing, each request gets an error with its id; notifications get nothing', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  const { promise: until, resolve: stopRefusing } = Promise.withResolvers<void>();
  const refusing = refuseRequests(input, output, 'stopped', until);
  input.write('{"jsonrpc":"2.0","id":7,"method":"tools/list"}\n');
  input.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  input.write('not json\n{"jsonrpc":"2.0","id":"a","method":"ping"}\n{"jsonrpc":"2.0","id":9,');
  await new Promise((resolve) => setImmediate(resolve));
  stopRefusing();
  await refusing;
  const answers = output
    .read()
    .toString()
    .trim()
    .split('\n')
    .map((line: string) => JSON.parse(line));
  assert.deepEqual(answers, [
    { jsonrpc: '2.0', id: 7, error: { code: -32000, message: 'stopped' } },
    { jsonrpc: '2.0', id: 'a', error: { code: -32000, message: 'stopped' } },
  ]);
  // The unfinished line is left for whoever reads next.
  assert.equal(input.read().toString(), '{"jsonrpc":"2.0","id":9,');
});
