import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FileInfo } from '../../../contract/session-files.ts';
import {
  type FileRow,
  FOLDER_ROWS,
  fileTotals,
  fileTreeOf,
  fileTreeRows,
  revealed,
  shortFolder,
  toggledFolder,
  uploadFolder,
  widenedFolder,
  widenedTo,
} from './file-tree.ts';

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

const named = (rows: ReturnType<typeof fileTreeRows>, path: string) =>
  rows.find((row): row is FileRow => row.kind !== 'more' && row.path === path);
const shape = (rows: ReturnType<typeof fileTreeRows>) =>
  rows.map((row) =>
    row.kind === 'more'
      ? `${'  '.repeat(row.depth)}${row.hidden} more`
      : `${'  '.repeat(row.depth)}${row.name}${row.kind === 'dir' ? '/' : ''} ${row.size}`,
  );

test('the tree shows folders first, then files, by name, the top level open and deeper folders closed', () => {
  assert.deepEqual(shape(fileTreeRows(fileTreeOf(LISTING), new Set())), [
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
  assert.deepEqual(shape(fileTreeRows(fileTreeOf([...LISTING].reverse()), toggled)), [
    'display/ 2000',
    'work/ 116',
    '  data/ 6',
    '    nested/ 1',
    '    deep.txt 5',
    '  a.txt 100',
    '  b.txt 10',
  ]);
  const rows = fileTreeRows(fileTreeOf(LISTING), toggled);
  const data = named(rows, '/work/data');
  assert.deepEqual([data?.open, data?.entries, data?.mtime], [true, 2, MTIME]);
  assert.equal(named(rows, '/display')?.open, false);
  assert.deepEqual([...toggledFolder(toggled, '/display')], ['/work/data']);
});

test('an empty heap still shows /work, and folders the listing leaves out are added above a file', () => {
  assert.deepEqual(shape(fileTreeRows(fileTreeOf([]), new Set())), ['work/ 0']);
  const rows = fileTreeRows(
    fileTreeOf([file('/tmp/deep/x.bin', 3)]),
    toggledFolder(new Set(), '/tmp/deep'),
  );
  assert.deepEqual(shape(rows), ['tmp/ 3', '  deep/ 3', '    x.bin 3', 'work/ 0']);
  // /work is never listed: it has no time of its own.
  assert.equal(named(rows, '/work')?.mtime, undefined);
});

test('revealing a file opens each closed folder above it and nothing else', () => {
  const toggled = revealed(new Set(['/work']), '/work/data/nested/x.txt');
  assert.deepEqual([...toggled].sort(), ['/work/data', '/work/data/nested']);
  const rows = fileTreeRows(fileTreeOf(LISTING), toggled);
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

test('a folder of 10,000 files shows its first 500 and a row for the rest, 500 more at each ask', () => {
  const names = Array.from({ length: 10_000 }, (_, i) => `f${String(i).padStart(5, '0')}.txt`);
  const tree = fileTreeOf(names.map((name) => file(`/work/${name}`, 1)));
  const rows = fileTreeRows(tree, new Set());
  assert.equal(rows.length, 1 + FOLDER_ROWS + 1);
  assert.deepEqual(rows.at(-1), { kind: 'more', path: '/work', depth: 1, hidden: 9_500 });
  const wider = fileTreeRows(tree, new Set(), widenedFolder(new Map(), '/work'));
  assert.equal(wider.length, 1 + 2 * FOLDER_ROWS + 1);
  // A file opened from a run cell is shown however far down its folder it is.
  const shown = fileTreeRows(tree, new Set(), widenedTo(tree, new Map(), '/work/f09998.txt'));
  assert.ok(shown.some((row) => row.path === '/work/f09998.txt'));
});

test('a tree 2,000 folders deep is made and walked without overflowing the stack', () => {
  let path = '';
  const listing: FileInfo[] = [];
  for (let i = 0; i < 2000; i++) {
    path += `/d${i}`;
    listing.push(dir(path));
  }
  listing.push(file(`${path}/bottom.txt`, 4));
  const tree = fileTreeOf(listing);
  const open = new Set(listing.slice(1, -1).map((info) => info.path));
  const rows = fileTreeRows(tree, open);
  assert.equal(rows.length, 2002);
  assert.equal(rows[0]?.kind === 'dir' && rows[0].size, 4);
});

test('a deep or long folder is shortened to its last names for a button', () => {
  assert.equal(shortFolder('/work/data'), '/work/data');
  let deep = '/deep';
  for (let i = 0; i < 100; i++) deep += `/d${i}`;
  assert.equal(shortFolder(deep), '…/d93/d94/d95/d96/d97/d98/d99');
  assert.equal(shortFolder(`/work/${'n'.repeat(80)}`), `…${'n'.repeat(31)}`);
});
