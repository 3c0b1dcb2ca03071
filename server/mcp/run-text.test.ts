import assert from 'node:assert/strict';
import { test } from 'node:test';
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
