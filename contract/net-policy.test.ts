import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  netHeaderProblem,
  netPatternMatches,
  parseNetHeader,
  parseNetPattern,
} from './net-policy.ts';

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

test('a secret header whose value no request could carry is refused, naming the header but never the value', () => {
  for (const value of ['k€y-1234', 'key-🔑', 'tab\tinside-ok', ' padded ', 'é-latin1']) {
    const problem = netHeaderProblem({ pattern: 'api.test', name: 'X-Api-Key', value });
    const valid = !/[€🔑]/u.test(value);
    if (valid) {
      assert.equal(problem, undefined, value);
      continue;
    }
    assert.match(String(problem), /header X-Api-Key for api\.test/, value);
    assert.ok(!String(problem).includes(value.trim()), 'the message never quotes the value');
    assert.ok(!/8364|133|index/.test(String(problem)), 'nor describes its characters');
  }
  assert.match(
    String(parseNetHeader('api.test=X-Api-Key: k€y')),
    /the value of header X-Api-Key for api\.test is not a valid header value/,
  );
});
