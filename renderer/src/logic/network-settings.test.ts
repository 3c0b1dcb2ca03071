import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import {
  addHeader,
  allowNetPatterns,
  headerRows,
  headersToSend,
  isStarted,
} from './network-settings.ts';

test('the allowed hosts are one pattern a line, blank lines ignored', () => {
  assert.deepEqual(allowNetPatterns(' api.example.com \n\n*.github.com, localhost:8080\n'), [
    'api.example.com',
    '*.github.com',
    'localhost:8080',
  ]);
  assert.deepEqual(allowNetPatterns(''), []);
});

test('saved headers lose their masked values, and are sent back masked while new ones carry theirs', () => {
  const rows = headerRows([
    { pattern: 'api.example.com', name: 'Authorization', value: MASKED_SECRET },
  ]);
  assert.deepEqual(rows, [{ pattern: 'api.example.com', name: 'Authorization' }]);
  const added = addHeader(rows, { pattern: ' *.x.org ', name: 'X-Key', value: ' k3y ' });
  assert.ok(Array.isArray(added));
  assert.deepEqual(headersToSend(added), [
    { pattern: 'api.example.com', name: 'Authorization', value: MASKED_SECRET },
    { pattern: '*.x.org', name: 'X-Key', value: 'k3y' },
  ]);
});

test('a header with the same pattern and name replaces the saved one, which is how a secret changes', () => {
  const rows = headerRows([
    { pattern: 'a.com', name: 'Authorization', value: MASKED_SECRET },
    { pattern: 'b.com', name: 'X-Key', value: MASKED_SECRET },
  ]);
  assert.deepEqual(addHeader(rows, { pattern: 'a.com', name: 'authorization', value: 'new' }), [
    { pattern: 'a.com', name: 'authorization', value: 'new' },
    { pattern: 'b.com', name: 'X-Key' },
  ]);
});

test('a header is refused with a reason that never quotes its value', () => {
  const badPattern = addHeader([], { pattern: 'http://a.com/', name: 'X', value: 'secret-1' });
  assert.match(String(badPattern), /is not a host pattern/);
  const badName = addHeader([], { pattern: 'a.com', name: 'X Key', value: 'secret-2' });
  assert.match(String(badName), /is not a header name/);
  const empty = addHeader([], { pattern: 'a.com', name: 'X', value: '  ' });
  assert.match(String(empty), /must be one line of text/);
  const masked = addHeader([], { pattern: 'a.com', name: 'X', value: MASKED_SECRET });
  assert.equal(masked, 'type the value of header X');
  for (const problem of [badPattern, badName]) assert.doesNotMatch(String(problem), /secret-/);
});

test('the add row counts as started once anything is typed in it', () => {
  assert.equal(isStarted({ pattern: '', name: ' ', value: '' }), false);
  assert.equal(isStarted({ pattern: '', name: '', value: 'x' }), true);
});
