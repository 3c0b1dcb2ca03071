import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  brokenFileLimit,
  changesBetween,
  EMPTY_TREE,
  manifestOf,
  nodesOfManifest,
  type TreeNode,
  treeProblem,
  withInputFiles,
} from './file-tree.ts';

const HASH = 'a'.repeat(64);
const file = (path: string, size = 1, hash = HASH, mtime = 5): TreeNode => ({
  path,
  size,
  mtime,
  hash,
});
const dir = (path: string, mtime = 5): TreeNode => ({ path, dir: true, size: 0, mtime });

test('a manifest is the same bytes and hash whatever order its nodes come in, and reads back as it was', () => {
  const nodes = [file('/work/b'), dir('/data'), file('/data/a', 3)];
  const one = manifestOf(nodes);
  const two = manifestOf(nodes.toReversed());
  assert.equal(one.hash, two.hash);
  assert.deepEqual(nodesOfManifest(one.bytes), [dir('/data'), file('/data/a', 3), file('/work/b')]);
  assert.equal(manifestOf([]).hash, EMPTY_TREE);
});

test('a tree whose paths are not normal, doubled, implicit or outside a folder is refused saying which', () => {
  const cases: [TreeNode[], RegExp][] = [
    [[file('/work/../x')], /not a normal path/],
    [[file('relative')], /not a normal path/],
    [[file('/a\0b')], /not a normal path/],
    [[file('/work')], /always there/],
    [[file('/x'), file('/x')], /twice/],
    [[file('/nowhere/x')], /not a folder of the tree/],
    [[file('/f'), file('/f/x')], /not a folder of the tree/],
    [[{ ...file('/x'), hash: 'zz' }], /no size or content hash/],
    [[{ ...file('/x'), size: -1 }], /no size or content hash/],
    [[{ ...dir('/d'), hash: HASH }], /has content/],
    [[{ ...file('/x'), mtime: Number.NaN }], /no time/],
  ];
  for (const [nodes, problem] of cases) assert.match(treeProblem(nodes) ?? '', problem);
  assert.equal(treeProblem([dir('/d'), file('/d/x'), file('/work/y')]), undefined);
  assert.throws(
    () => nodesOfManifest(Buffer.from('{"files":1,"nodes":[["/a/../b",1,1,"x"]]}')),
    /damaged/,
  );
  assert.throws(() => nodesOfManifest(Buffer.from('[]')), /not a file tree/);
});

test('files given are written over a tree with their folders made, and a path below a file or onto a folder is refused', () => {
  const bytes = new Uint8Array([1, 2]);
  const written = withInputFiles([dir('/d')], [{ path: '/d/e/f.bin', bytes }], 9);
  assert.ok('nodes' in written);
  assert.deepEqual(
    written.nodes.map((node) => [node.path, node.dir === true, node.size, node.mtime]),
    [
      ['/d', true, 0, 5],
      ['/d/e', true, 0, 9],
      ['/d/e/f.bin', false, 2, 9],
    ],
  );
  assert.equal(written.blobs.size, 1);
  assert.deepEqual(withInputFiles([file('/f')], [{ path: '/f/x', bytes }], 0), {
    problem: '/f is a file, so /f/x cannot be in it',
  });
  assert.deepEqual(withInputFiles([dir('/d')], [{ path: '/d', bytes }], 0), {
    problem: '/d is a folder',
  });
});

test('the limits count one file, all files and every node, and say which is broken', () => {
  const limits = { fileBytes: 10, sessionFileBytes: 15, sessionFiles: 3 };
  assert.deepEqual(brokenFileLimit([file('/a', 11)], limits), { limit: 'fileBytes', path: '/a' });
  assert.deepEqual(brokenFileLimit([file('/a', 10), file('/b', 6)], limits), {
    limit: 'sessionFileBytes',
  });
  assert.deepEqual(brokenFileLimit([dir('/d'), file('/a'), file('/b'), file('/c')], limits), {
    limit: 'sessionFiles',
  });
  assert.equal(brokenFileLimit([dir('/d'), file('/a'), file('/b')], limits), undefined);
});

test("a run's changes are what it created, changed and deleted, in path order", () => {
  const before = [dir('/d'), file('/d/same'), file('/d/edited'), file('/gone')];
  const after = [
    dir('/d'),
    file('/d/same'),
    file('/d/edited', 2, 'b'.repeat(64)),
    file('/new'),
    dir('/e'),
  ];
  assert.deepEqual(
    changesBetween(before, after).map(({ path, change }) => `${change} ${path}`),
    ['changed /d/edited', 'created /e', 'deleted /gone', 'created /new'],
  );
});
