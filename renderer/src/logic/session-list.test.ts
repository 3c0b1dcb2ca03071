import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionSummary } from '../../../contract/sessions.ts';
import {
  deleteFailures,
  deleteLabel,
  deleteQuestion,
  failureText,
  isSessionSort,
  removalMark,
  retentionText,
  selectedShown,
  sessionFileFigure,
  shownSessions,
  toggled,
  withShown,
} from './session-list.ts';

const session = (name: string, heaps: number, updatedAt: string): SessionSummary => ({
  name,
  head: `h-${name}`,
  heaps,
  inheritedHeaps: 0,
  heapsWithSnapshot: 0,
  fileBytes: 0,
  files: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt,
});

const sessions = [
  session('session-10', 2, '2026-01-03T00:00:00.000Z'),
  session('Beta', 9, '2026-01-01T00:00:00.000Z'),
  session('session-9', 2, '2026-01-05T00:00:00.000Z'),
  session('alpha', 4, '2026-01-03T00:00:00.000Z'),
];
const names = (list: SessionSummary[]) => list.map((s) => s.name);

test('last used puts the most recently used first, and sessions used at the same time by name', () => {
  assert.deepEqual(names(shownSessions(sessions, '', 'last-used')), [
    'session-9',
    'alpha',
    'session-10',
    'Beta',
  ]);
});

test('name orders as people read, case aside and numbers by value', () => {
  assert.deepEqual(names(shownSessions(sessions, '', 'name')), [
    'alpha',
    'Beta',
    'session-9',
    'session-10',
  ]);
});

test('size puts the sessions with the most heaps first, equal ones by name', () => {
  assert.deepEqual(names(shownSessions(sessions, '', 'size')), [
    'Beta',
    'alpha',
    'session-9',
    'session-10',
  ]);
});

test('the search keeps the names that hold it, case and surrounding spaces aside', () => {
  assert.deepEqual(names(shownSessions(sessions, ' SESSION-1 ', 'name')), ['session-10']);
  assert.deepEqual(names(shownSessions(sessions, 'a', 'name')), ['alpha', 'Beta']);
  assert.deepEqual(shownSessions(sessions, 'nothing', 'name'), []);
});

test('showing sessions leaves the list it was given as it was', () => {
  const before = names(sessions);
  shownSessions(sessions, '', 'name');
  assert.deepEqual(names(sessions), before);
});

test('only the three sorts are sorts', () => {
  assert.ok(isSessionSort('size'));
  assert.ok(!isSessionSort('heapBytes'));
});

test('toggling a session selects it, and toggling it again unselects it', () => {
  const once = toggled(new Set(), 'alpha');
  assert.deepEqual([...once], ['alpha']);
  assert.deepEqual([...toggled(once, 'alpha')], []);
});

test('selecting every shown session leaves the hidden ones as they were', () => {
  const shown = shownSessions(sessions, 'session', 'name');
  const all = withShown(new Set(['alpha']), shown, true);
  assert.deepEqual([...all].sort(), ['alpha', 'session-10', 'session-9']);
  assert.deepEqual([...withShown(all, shown, false)], ['alpha']);
});

test('what gets deleted is the selected sessions still shown, in their order', () => {
  const shown = shownSessions(sessions, '', 'size');
  assert.deepEqual(selectedShown(new Set(['session-9', 'gone', 'Beta']), shown), [
    'Beta',
    'session-9',
  ]);
  // Hidden by the search: not deleted unseen.
  assert.deepEqual(selectedShown(new Set(['Beta']), shownSessions(sessions, 'al', 'name')), []);
});

test('the question names one session, and counts several', () => {
  assert.equal(deleteQuestion(['alpha']), 'Delete alpha and its snapshots?');
  assert.equal(deleteQuestion(['a', 'b']), 'Delete 2 sessions and their snapshots?');
  assert.equal(deleteLabel(1), 'Delete 1 session');
  assert.equal(deleteLabel(3), 'Delete 3 sessions');
});

test('the deletions that failed are reported by session with the reason', () => {
  const failures = deleteFailures(
    ['a', 'b', 'c'],
    [
      { status: 'fulfilled', value: {} },
      { status: 'rejected', reason: new Error('a run is in progress') },
      { status: 'rejected', reason: 'gone' },
    ],
  );
  assert.deepEqual(failures, [
    { session: 'b', message: 'a run is in progress' },
    { session: 'c', message: 'gone' },
  ]);
  assert.equal(
    failureText(failures),
    'Could not delete b: a run is in progress\nCould not delete c: gone',
  );
});

test('a retention reads in days when it is whole days, else in the unit that shows it exactly', () => {
  assert.equal(retentionText(7 * 24 * 3_600_000), '7 days');
  assert.equal(retentionText(24 * 3_600_000), '1 day');
  assert.equal(retentionText(36 * 3_600_000), '36 h');
  assert.equal(retentionText(1500), '1.5 s');
});

test('only an unnamed session is marked for removal, and only while the retention is on', () => {
  const unnamed = session('session-0a1b2c3d', 1, '2026-01-01T00:00:00.000Z');
  const week = 7 * 24 * 3_600_000;
  assert.equal(removalMark(unnamed, week), 'Unnamed: removed after 7 days idle');
  assert.equal(removalMark(unnamed, 0), undefined);
  assert.equal(removalMark(unnamed, undefined), undefined);
  assert.equal(removalMark(session('notes', 1, unnamed.updatedAt), week), undefined);
});

test("a session's entry says its current heap's file bytes", () => {
  assert.equal(sessionFileFigure({ fileBytes: 0 }), '0 B of files');
  assert.equal(sessionFileFigure({ fileBytes: 3 * 1024 * 1024 }), '3.0 MiB of files');
});
