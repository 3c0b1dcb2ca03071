import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  consoleText,
  formatBytes,
  formatDuration,
  formatElapsed,
  originLabel,
  plural,
  progressText,
  shortHeap,
} from './format.ts';

test('console lines read as a run shows them: logs plain, other levels tagged', () => {
  assert.equal(
    consoleText([
      { level: 'log', text: 'a' },
      { level: 'error', text: 'b' },
    ]),
    'a\n[error] b',
  );
});

test('sizes, counts and heap ids read short', () => {
  assert.deepEqual(
    [formatBytes(512), formatBytes(2048), formatBytes(3 * 1024 * 1024)],
    ['512 B', '2.0 KiB', '3.0 MiB'],
  );
  assert.deepEqual([plural(1, 'run'), plural(2, 'run')], ['1 run', '2 runs']);
  assert.deepEqual([shortHeap('root'), shortHeap('0123456789abcdef')], ['root', '0123456789']);
});

test('a run in progress ticks in tenths of a second, then minutes', () => {
  const start = '2026-11-24T10:00:00.000Z';
  const at = (ms: number) => formatElapsed(start, Date.parse(start) + ms);
  assert.deepEqual(
    [at(-5), at(400), at(12_040), at(185_000)],
    ['0.0 s', '0.4 s', '12.0 s', '3 min 05 s'],
  );
});

test("a run's progress reads as its count, of its total when it gave one, then its message", () => {
  assert.deepEqual(
    [
      progressText({ done: 3, total: 10, message: 'parsing' }),
      progressText({ done: 3, message: 'parsing' }),
      progressText({ done: 3, total: 10 }),
      progressText({ done: 0.5, total: 1, message: '' }),
    ],
    ['3 of 10 · parsing', '3 · parsing', '3 of 10', '0.5 of 1'],
  );
});

test('a run says who asked for it: the client by name, the window, or the JSON API', () => {
  assert.equal(
    originLabel({ kind: 'client', connection: 'c1', requestId: 3, client: 'claude 1.0' }),
    'claude 1.0',
  );
  assert.equal(originLabel({ kind: 'client', connection: 'c1', requestId: 3 }), 'connection c1');
  assert.equal(originLabel({ kind: 'window' }), 'the window');
  assert.equal(originLabel({ kind: 'api' }), 'the JSON API');
  assert.equal(originLabel(undefined), 'a client');
});

test('a duration reads in the unit that suits it: µs, ms, s, then minutes', () => {
  assert.deepEqual(
    [0.0004, 0.85, 0.9996, 2.54, 9.96, 12.4, 999.4, 999.7, 1234, 59_940, 59_960, 185_000].map(
      formatDuration,
    ),
    [
      '0 µs',
      '850 µs',
      '1.0 ms',
      '2.5 ms',
      '10 ms',
      '12 ms',
      '999 ms',
      '1.0 s',
      '1.2 s',
      '59.9 s',
      '1 min 00 s',
      '3 min 05 s',
    ],
  );
});
