import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileChangeRows, fileChangesHeading, shownLabel } from './run-files.ts';

const CHANGED = [
  { path: '/work/out', change: 'created', kind: 'dir', size: 0 },
  { path: '/work/out/a.csv', change: 'created', kind: 'file', size: 2048 },
  { path: '/work/notes.txt', change: 'changed', kind: 'file', size: 12 },
  { path: '/work/old.txt', change: 'deleted', kind: 'file', size: 5 },
] as const;

test("a run's changed files read in its order with their sizes, the deleted ones not to open, the first few only", () => {
  assert.deepEqual(
    fileChangeRows(CHANGED).rows.map((row) => [row.path, row.change, row.size, row.openable]),
    [
      ['/work/out', 'created', 'folder', true],
      ['/work/out/a.csv', 'created', '2.0 KiB', true],
      ['/work/notes.txt', 'changed', '12 B', true],
      ['/work/old.txt', 'deleted', '5 B', false],
    ],
  );
  assert.equal(fileChangeRows(CHANGED).more, 0);
  const brief = fileChangeRows(CHANGED, 3);
  assert.deepEqual([brief.rows.length, brief.more], [3, 1]);
  assert.equal(fileChangesHeading(CHANGED), '4 files: 2 created · 1 changed · 1 deleted');
  assert.equal(fileChangesHeading(CHANGED.slice(2, 3)), '1 file: 1 changed');
});

test('an item shown is named by its file, type and size', () => {
  assert.equal(
    shownLabel({ path: '/display/1.png', mimeType: 'image/png', kind: 'image', size: 2150 }, 0),
    'Shown 1: 1.png (image/png, 2.1 KiB)',
  );
});
