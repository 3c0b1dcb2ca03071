import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Refusal } from '../../../contract/refusals.ts';
import { groupRefusals, mergeRefusals, refusalAdvice } from './refusals.ts';

let seq = 0;
const refusal = (change: Partial<Refusal>): Refusal => ({
  seq: ++seq,
  time: '2026-11-23T10:00:00.000Z',
  status: 403,
  cause: 'origin',
  reason: 'Forbidden',
  method: 'POST',
  path: '/mcp',
  ...change,
});

test('each refusal says in plain words why the client could not connect and what to do', () => {
  assert.equal(
    refusalAdvice(refusal({ origin: 'http://evil.example' })),
    '403: Origin http://evil.example is not allowed: add it to the allowed browser origins in Settings if you trust that page',
  );
  assert.match(
    refusalAdvice(refusal({ status: 401, cause: 'wrong-token' })),
    /^401: .*token is wrong.*Settings/,
  );
  assert.match(refusalAdvice(refusal({ status: 404, cause: 'unknown-session' })), /reconnect/);
  assert.match(
    refusalAdvice(refusal({ status: 413, cause: 'body-too-large' })),
    /Largest request body/,
  );
  assert.match(refusalAdvice(refusal({ status: 503, cause: 'stopped' })), /Start server/);
  assert.match(
    refusalAdvice(refusal({ status: 404, cause: 'transport-off', path: '/sse' })),
    /^404: SSE is turned off/,
  );
  assert.match(
    refusalAdvice(refusal({ status: 404, cause: 'no-route', method: 'GET', path: '/v1/mcp' })),
    /GET \/v1\/mcp.*\/mcp \(Streamable HTTP\)/,
  );
});

test('refusals with the same advice make one group, counted, the latest refused first', () => {
  const a1 = refusal({ origin: 'http://a.example' });
  const b = refusal({ status: 401, cause: 'no-token' });
  const a2 = refusal({ origin: 'http://a.example' });
  const groups = groupRefusals([a1, b, a2]);
  assert.deepEqual(
    groups.map((group) => [group.count, group.latest]),
    [
      [2, a2],
      [1, b],
    ],
  );
});

test('refusals listed and refusals pushed merge once each, in order', () => {
  const [a, b, c] = [refusal({}), refusal({}), refusal({})] as [Refusal, Refusal, Refusal];
  assert.deepEqual(mergeRefusals([a, b], [b, c]), [a, b, c]);
  assert.deepEqual(mergeRefusals([c], [a]), [a, c]);
});
