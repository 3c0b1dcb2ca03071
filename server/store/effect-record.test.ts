import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type EffectBatch, hashedEffects } from './effect-record.ts';
import type { McpExchange } from './mcp-record.ts';
import type { NetExchange } from './net-record.ts';

const fetched: NetExchange = {
  request: { method: 'GET', url: 'https://a.test/', headers: [], redirect: 'follow' },
  error: { message: 'refused', refused: true },
  ms: 3,
};
const called: McpExchange = {
  request: { op: 'call', server: 'github', tool: 'search', arguments: 'a'.repeat(64) },
  result: { blob: 'b'.repeat(64), bytes: 10 },
  ms: 7,
};
const withoutMs = <T extends { ms: number }>({ ms: _ms, ...rest }: T) => rest;

test('MCP calls are hashed after fetches and imports, without their times', () => {
  const effects: EffectBatch[] = [
    { kind: 'mcp', batch: [called] },
    { kind: 'fetch', batch: [fetched] },
  ];
  assert.deepEqual(hashedEffects(effects), [[[withoutMs(fetched)]], [], [[withoutMs(called)]]]);
});

test('effects without an MCP call hash as they did before the kind existed', () => {
  const effects: EffectBatch[] = [{ kind: 'fetch', batch: [fetched] }];
  assert.deepEqual(hashedEffects(effects), [[[withoutMs(fetched)]]]);
  assert.deepEqual(hashedEffects(undefined), []);
});
