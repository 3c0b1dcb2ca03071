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
