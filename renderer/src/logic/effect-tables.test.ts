import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EFFECT_TABLES } from './effect-tables.ts';

test("a run's tables show its imports first, then its fetches, then its tool calls", () => {
  assert.deepEqual(Object.keys(EFFECT_TABLES), ['import', 'fetch', 'mcp']);
});

test('each kind has a cell for every column of its table', () => {
  const fetch = EFFECT_TABLES.fetch.row({ method: 'GET', url: 'https://a.test/', ms: 1 });
  assert.equal(fetch.cells.length, EFFECT_TABLES.fetch.columns.length);
  const load = EFFECT_TABLES.import.row({ specifier: 'x', ms: 1 });
  assert.equal(load.cells.length, EFFECT_TABLES.import.columns.length);
});

test('a fetch row reads as the network panel did: method, URL, status, size, time, redirects', () => {
  const row = EFFECT_TABLES.fetch.row({
    method: 'GET',
    url: 'http://example.invalid/',
    refused: true,
    error: 'fetch to example.invalid refused',
    ms: 0.2,
  });
  assert.deepEqual(row.cells, ['GET', 'http://example.invalid/', 'refused', '', '0.20 ms', '']);
  assert.equal(row.outcome, 'refused');
  assert.equal(row.reason, 'fetch to example.invalid refused');
  // Redirects show only when a row has some.
  assert.equal(EFFECT_TABLES.fetch.columns.at(-1)?.optional, true);
});

test('an import row reads as the packages table did: import, package, bundle, from, time', () => {
  const row = EFFECT_TABLES.import.row({
    specifier: 'esm-greet',
    name: 'esm-greet',
    version: '1.0.0',
    bytes: 100,
    from: 'built',
    ms: 12,
  });
  assert.deepEqual(row.cells, ['esm-greet', 'esm-greet@1.0.0', '100 B', 'bundled', '12 ms']);
  assert.equal(row.outcome, 'ok');
  assert.equal(row.reason, undefined);
});
