import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LIMITS } from '../../contract/limits.ts';
import { limitBroken } from '../sandbox/run-errors.ts';
import { runText } from './run-text.ts';

test('a run reads as its console, its value and where the session is now', () => {
  const text = runText({
    ok: true,
    session: 's',
    heap: 'h2',
    parent: 'h1',
    value: '42',
    console: [
      { level: 'log', text: 'plain' },
      { level: 'warn', text: 'careful' },
    ],
    cancelledTimers: [],
    durationMs: 1,
  });
  assert.equal(text, 'plain\n[warn] careful\n42\n[session s, heap h2]');
});

test('pending timers past the output limit are counted after the ones listed', () => {
  const text = runText({
    ok: true,
    session: 's',
    heap: 'h',
    parent: 'root',
    value: 'undefined',
    console: [],
    cancelledTimers: [{ id: 1, kind: 'setTimeout', delay: 10, dueIn: 10 }],
    moreCancelledTimers: 299_999,
    durationMs: 1,
  });
  assert.match(text, /\(pending timers cancelled at the end of the run: .*, and 299999 more\)/);
});

test('a broken limit says its kind once, then the limit', () => {
  const text = runText({
    ok: false,
    session: 's',
    heap: 'h',
    parent: 'root',
    error: limitBroken.timeout({ ...DEFAULT_LIMITS, timeoutMs: 1000 }).info,
    console: [],
    cancelledTimers: [],
    durationMs: 1000,
  });
  assert.equal(
    text,
    'Timeout: the run took longer than the limit timeoutMs=1000\n[session s, unchanged at heap h]',
  );
});

test("a run's files read as what changed, a few named and the rest counted, then what it showed", () => {
  const changed = Array.from({ length: 12 }, (_, i) => ({
    path: `/work/f${i}.txt`,
    change: 'created' as const,
    kind: 'file' as const,
    size: i,
  }));
  const text = runText({
    ok: true,
    session: 's',
    heap: 'h2',
    parent: 'h1',
    value: 'undefined',
    console: [],
    cancelledTimers: [],
    durationMs: 1,
    files: {
      changed: [
        { path: '/work/out', change: 'created', kind: 'dir', size: 0 },
        { path: '/work/old.csv', change: 'deleted', kind: 'file', size: 0 },
        ...changed,
      ],
      shown: [{ path: '/display/1.png', mimeType: 'image/png', kind: 'image', size: 70 }],
    },
  });
  assert.equal(
    text,
    [
      'undefined',
      'Files: created folder /work/out, deleted /work/old.csv, created /work/f0.txt (0 bytes), created /work/f1.txt (1 bytes), created /work/f2.txt (2 bytes), created /work/f3.txt (3 bytes), created /work/f4.txt (4 bytes), created /work/f5.txt (5 bytes), created /work/f6.txt (6 bytes), created /work/f7.txt (7 bytes), and 4 more',
      'Shown: /display/1.png (image/png, 70 bytes)',
      '[session s, heap h2]',
    ].join('\n'),
  );
});
