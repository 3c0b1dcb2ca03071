import assert from 'node:assert/strict';
import { test } from 'node:test';
import { netPatternMatches, parseNetPattern } from './net-policy.ts';

const matches = (pattern: string, url: string) => netPatternMatches(pattern, new URL(url));

test('a host pattern covers that host on any port, host:port only that port', () => {
  assert.equal(matches('api.example.com', 'https://api.example.com/x'), true);
  assert.equal(matches('api.example.com', 'http://api.example.com:8080/'), true);
  assert.equal(matches('API.Example.com', 'https://api.example.com/'), true);
  assert.equal(matches('api.example.com', 'https://example.com/'), false);
  assert.equal(matches('api.example.com', 'https://api.example.com.evil.test/'), false);
  assert.equal(matches('api.example.com:443', 'https://api.example.com/'), true);
  assert.equal(matches('api.example.com:80', 'https://api.example.com/'), false);
  assert.equal(matches('127.0.0.1:8080', 'http://127.0.0.1:8080/'), true);
  assert.equal(matches('[::1]:8080', 'http://[::1]:8080/'), true);
});

test('*.domain covers its subdomains but not the domain itself, and * covers every host', () => {
  assert.equal(matches('*.example.com', 'https://a.example.com/'), true);
  assert.equal(matches('*.example.com', 'https://a.b.example.com/'), true);
  assert.equal(matches('*.example.com', 'https://example.com/'), false);
  assert.equal(matches('*.example.com', 'https://badexample.com/'), false);
  assert.equal(matches('*', 'http://anything.test:1/'), true);
});

test('a pattern with a scheme, a path, credentials or a stray wildcard is refused with a reason', () => {
  for (const bad of [
    'https://a.test',
    'a.test/path',
    'user@a.test',
    'a.*.test',
    '',
    'a.test:99999',
  ]) {
    assert.match(String(parseNetPattern(bad)), /is not a host pattern/, bad);
  }
  assert.equal(typeof parseNetPattern('bücher.example'), 'object');
  assert.equal(matches('bücher.example', 'https://xn--bcher-kva.example/'), true);
});
