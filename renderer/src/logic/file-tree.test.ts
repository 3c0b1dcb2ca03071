import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileInfo } from '../../../contract/session-files.ts';
import { fileTotals, fileTreeRows, revealed, toggledFolder, uploadFolder } from './file-tree.ts';

const MTIME = '2026-12-08T00:00:00.000Z';
const file = (path: string, size: number): FileInfo => ({
  path,
  kind: 'file',
  size,
  mtime: MTIME,
  mimeType: 'text/plain',
});
const dir = (path: string): FileInfo => ({ path, kind: 'dir', size: 0, mtime: MTIME });

const LISTING = [
  file('/work/b.txt', 10),
  dir('/work/data'),
  file('/work/data/deep.txt', 5),
  dir('/work/data/nested'),
  file('/work/data/nested/x.txt', 1),
  file('/work/a.txt', 100),
  dir('/display'),
  file('/display/1.png', 2000),
];

const shape = (rows: ReturnType<typeof fileTreeRows>) =>
  rows.map(
    (row) => `${'  '.repeat(row.depth)}${row.name}${row.kind === 'dir' ? '/' : ''} ${row.size}`,
  );

test('the tree shows folders first, then files, by name, the top level open and deeper folders closed', () => {
  assert.deepEqual(shape(fileTreeRows(LISTING, new Set())), [
    'display/ 2000',
    '  1.png 2000',
    'work/ 116',
    '  data/ 6',
    '  a.txt 100',
    '  b.txt 10',
  ]);
});

test('a folder opened shows its rows and closing a top folder hides them, whatever order the listing had', () => {
  const toggled = toggledFolder(toggledFolder(new Set(), '/work/data'), '/display');
  assert.deepEqual(shape(fileTreeRows([...LISTING].reverse(), toggled)), [
    'display/ 2000',
    'work/ 116',
    '  data/ 6',
    '    nested/ 1',
    '    deep.txt 5',
    '  a.txt 100',
    '  b.txt 10',
  ]);
  const rows = fileTreeRows(LISTING, toggled);
  const data = rows.find((row) => row.path === '/work/data');
  assert.deepEqual([data?.open, data?.entries, data?.mtime], [true, 2, MTIME]);
  assert.equal(rows.find((row) => row.path === '/display')?.open, false);
  assert.deepEqual([...toggledFolder(toggled, '/display')], ['/work/data']);
});

test('an empty heap still shows /work, and folders the listing leaves out are added above a file', () => {
  assert.deepEqual(shape(fileTreeRows([], new Set())), ['work/ 0']);
  const rows = fileTreeRows([file('/tmp/deep/x.bin', 3)], toggledFolder(new Set(), '/tmp/deep'));
  assert.deepEqual(shape(rows), ['tmp/ 3', '  deep/ 3', '    x.bin 3', 'work/ 0']);
  // /work is never listed: it has no time of its own.
  assert.equal(rows.find((row) => row.path === '/work')?.mtime, undefined);
});

test('revealing a file opens each closed folder above it and nothing else', () => {
  const toggled = revealed(new Set(['/work']), '/work/data/nested/x.txt');
  assert.deepEqual([...toggled].sort(), ['/work/data', '/work/data/nested']);
  const rows = fileTreeRows(LISTING, toggled);
  assert.ok(rows.some((row) => row.path === '/work/data/nested/x.txt'));
  // Already open: unchanged.
  assert.deepEqual([...revealed(toggled, '/work/data/deep.txt')].sort(), [...toggled].sort());
});

test('an upload goes into the folder chosen, the folder of the file chosen, else /work', () => {
  assert.equal(uploadFolder(undefined), '/work');
  assert.equal(uploadFolder({ path: '/work/data', kind: 'dir' }), '/work/data');
  assert.equal(uploadFolder({ path: '/work/data/deep.txt', kind: 'file' }), '/work/data');
  assert.equal(uploadFolder({ path: '/top.txt', kind: 'file' }), '/');
});

test("a heap's totals read as a line", () => {
  assert.equal(fileTotals({ totalFiles: 3, totalBytes: 2048 }), '3 files and folders · 2.0 KiB');
  assert.equal(fileTotals({ totalFiles: 1, totalBytes: 5 }), '1 file or folder · 5 B');
});
