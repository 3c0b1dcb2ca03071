import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consoleText, formatBytes, plural, shortHeap } from './format.ts';

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
