import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settingHint } from './setting-hints.ts';

test('a size or a duration is described as the server reads what is typed, with its range', () => {
  assert.equal(
    settingHint('netTotalBytes', '32 MiB'),
    "The bodies of all of one run's fetch responses together: 32 MiB (from 1 KiB to 256 MiB).",
  );
  assert.equal(
    settingHint('timeoutMs', '90000'),
    'Longest run, restore excluded: 1.5 min (from 10 ms to 1 h).',
  );
  assert.equal(
    settingHint('idleTimeoutMs', '1800 s'),
    'Close a connection after this long without a message: 30 min (from 1 s to 168 h).',
  );
  assert.equal(
    settingHint('netRequests', '50'),
    'Fetch requests one run may make (a redirect followed counts as one): 50 (from 1 to 10000).',
  );
});

test('a number that is not one, or out of range, leaves only the range in the hint', () => {
  assert.equal(
    settingHint('outputBytes', 'lots'),
    'Console output plus result of one run, from 1 KiB to 256 MiB.',
  );
  assert.equal(
    settingHint('outputBytes', '1 GiB'),
    'Console output plus result of one run, from 1 KiB to 256 MiB.',
  );
});

test('the allowed hosts say which hosts fetch may reach now, or that fetch is off', () => {
  assert.equal(settingHint('allowNet', ''), 'Fetch is off: every request is refused.');
  assert.equal(
    settingHint('allowNet', 'api.example.com\n*.github.com, localhost:8080\nnot a host!'),
    'Fetch may reach api.example.com, any subdomain of github.com and localhost on port 8080; a request to any other host is refused.',
  );
  assert.equal(settingHint('allowNet', 'a.test\n*'), 'Fetch may reach any host.');
});

test('the allowed packages say what runs may import now, every package when none is listed', () => {
  assert.equal(settingHint('allowPackages', ''), 'Runs may import every package.');
  assert.equal(
    settingHint('allowPackages', 'lodash\n@acme/*'),
    'Runs may import only lodash and any package of @acme; importing any other fails, with the reason.',
  );
});

test('the allowed origins say which pages may call the server', () => {
  assert.equal(
    settingHint('corsOrigins', ''),
    'No other web page may call the server from a browser.',
  );
  assert.equal(
    settingHint('corsOrigins', 'http://localhost:5173'),
    'Pages from http://localhost:5173 may call the server from a browser.',
  );
  assert.equal(settingHint('host', '127.0.0.1'), undefined);
});
