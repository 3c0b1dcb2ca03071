import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkHeading, networkRow } from './network-rows.ts';

test('a fetch that got its response shows its status, size, time and redirects', () => {
  assert.deepEqual(
    networkRow({
      method: 'GET',
      url: 'https://api.example.com/x',
      status: 200,
      bytes: 2048,
      redirects: 2,
      ms: 12.4,
    }),
    {
      method: 'GET',
      url: 'https://api.example.com/x',
      status: '200',
      size: '2.0 KiB',
      time: '12 ms',
      redirects: '2',
      outcome: 'ok',
    },
  );
});

test('a refused fetch says refused and why, with no size', () => {
  const row = networkRow({
    method: 'GET',
    url: 'http://example.invalid/',
    refused: true,
    error: 'fetch to example.invalid refused: no host is allowed',
    ms: 0.2,
  });
  assert.equal(row.status, 'refused');
  assert.equal(row.outcome, 'refused');
  assert.equal(row.size, '');
  assert.equal(row.redirects, '');
  assert.equal(row.reason, 'fetch to example.invalid refused: no host is allowed');
});

test('a fetch without a response failed, and one whose body broke a limit keeps its status', () => {
  const failed = networkRow({ method: 'POST', url: 'http://a/', error: 'ECONNREFUSED', ms: 3 });
  assert.equal(failed.status, 'failed');
  assert.equal(failed.outcome, 'failed');
  const tooLarge = networkRow({
    method: 'GET',
    url: 'http://a/big',
    status: 200,
    bytes: 1024,
    error: 'response body over netResponseBytes',
    ms: 3,
  });
  assert.equal(tooLarge.status, '200');
  assert.equal(tooLarge.outcome, 'failed');
  assert.equal(tooLarge.reason, 'response body over netResponseBytes');
});

test('an HTTP error status is an answer, marked but with no reason', () => {
  const row = networkRow({ method: 'GET', url: 'http://a/', status: 404, bytes: 9, ms: 1 });
  assert.equal(row.outcome, 'http-error');
  assert.equal(row.reason, undefined);
});

test('the heading counts the requests and those refused or failed', () => {
  assert.equal(
    networkHeading([{ method: 'GET', url: 'http://a/', status: 200, ms: 1 }]),
    '1 request',
  );
  assert.equal(
    networkHeading([
      { method: 'GET', url: 'http://a/', status: 200, ms: 1 },
      { method: 'GET', url: 'http://b/', refused: true, error: 'no', ms: 1 },
      { method: 'GET', url: 'http://c/', error: 'reset', ms: 1 },
    ]),
    '3 requests · 1 refused · 1 failed',
  );
});
