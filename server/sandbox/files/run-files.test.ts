import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { blobHash, putBlob } from '../../store/blob-store.ts';
import { dataLayout } from '../../store/data-dir.ts';
import { EMPTY_TREE, manifestOf, type TreeNode } from '../../store/file-tree.ts';
import { tempDir } from '../../test-support/temp-dir.ts';
import { RunFiles } from './run-files.ts';

const LIMITS = { fileBytes: 100, sessionFileBytes: 150, sessionFiles: 5, displayBytes: 60 };

/** A store holding one tree, `/work/kept` of 4 bytes, and the content of another session's file. */
async function storeWithTree() {
  const layout = dataLayout(await tempDir());
  const kept = Buffer.from('kept');
  const secret = Buffer.from('another session');
  await putBlob(layout, blobHash(kept), kept);
  await putBlob(layout, blobHash(secret), secret);
  const nodes: TreeNode[] = [{ path: '/work/kept', size: 4, mtime: 1, hash: blobHash(kept) }];
  const manifest = manifestOf(nodes);
  await putBlob(layout, manifest.hash, manifest.bytes);
  return { layout, tree: manifest.hash, kept: blobHash(kept), secret: blobHash(secret) };
}

const runFiles = (layout: ReturnType<typeof dataLayout>, parentTree: string) =>
  new RunFiles({ layout, parentTree, input: [], time: 7, limits: LIMITS });

const done = (files: RunFiles, tree: unknown, ...buffers: ArrayBuffer[]) =>
  files.host('done', [JSON.stringify(tree), ...buffers]);

test('a run that never asks for its tree records no files and reads nothing', async () => {
  const { layout, tree } = await storeWithTree();
  const files = runFiles(layout, tree);
  assert.equal(files.record(), undefined);
  assert.equal(files.report(), undefined);
});

test("a run's tree, reads and written files become its record, its report and the blobs to store", async () => {
  const { layout, tree, kept } = await storeWithTree();
  const files = runFiles(layout, tree);
  assert.deepEqual(JSON.parse(files.host('tree', []) as string).nodes[0].path, '/work/kept');
  assert.equal(Buffer.from(files.host('read', [kept]) as ArrayBuffer).toString(), 'kept');
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer;
  done(
    files,
    {
      nodes: [
        { path: '/work/kept', size: 4, mtime: 1, hash: kept },
        { path: '/display', dir: true, size: 0, mtime: 7 },
        { path: '/display/1.png', size: 4, mtime: 7, content: 0 },
      ],
      shown: [{ path: '/display/1.png', mimeType: 'image/png' }],
    },
    png,
  );
  const record = files.record();
  assert.deepEqual(record?.read, [kept]);
  assert.notEqual(record?.tree, tree);
  assert.equal(record?.base, undefined);
  assert.ok(files.blobs.has(record?.tree as string));
  assert.ok(files.blobs.has(blobHash(new Uint8Array(png))));
  assert.deepEqual(files.report(), {
    changed: [
      { path: '/display', change: 'created', kind: 'dir', size: 0 },
      { path: '/display/1.png', change: 'created', kind: 'file', size: 4 },
    ],
    shown: [{ path: '/display/1.png', mimeType: 'image/png', kind: 'image', size: 4 }],
  });
});

test("a guest cannot read or keep content its base tree does not hold, another session's included", async () => {
  const { layout, tree, secret } = await storeWithTree();
  const reader = runFiles(layout, tree);
  assert.throws(() => reader.host('read', [secret]), /no such file content/);
  reader.host('tree', []);
  assert.throws(() => reader.host('read', [secret]), /no such file content/);
  // The guest may catch the refusal; the run fails all the same, since no replay could repeat it.
  done(reader, { nodes: [], shown: [] });
  assert.throws(() => reader.record(), /no such file content/);
  const keeper = runFiles(layout, tree);
  keeper.host('tree', []);
  done(keeper, { nodes: [{ path: '/work/stolen', size: 15, mtime: 1, hash: secret }], shown: [] });
  assert.throws(() => keeper.record(), /names content the run never had/);
});

test('a tree handed back broken, over a limit, out of turn or in the wrong shape fails the run saying why', async () => {
  const { layout } = await storeWithTree();
  const buffer = new ArrayBuffer(101);
  const cases: [unknown, ArrayBuffer[], RegExp][] = [
    [
      { nodes: [{ path: '/a/../../etc', dir: true, size: 0, mtime: 1 }], shown: [] },
      [],
      /not a normal path/,
    ],
    [
      { nodes: [{ path: '/x/y', size: 0, mtime: 1, content: 0 }], shown: [] },
      [new ArrayBuffer(0)],
      /not a folder/,
    ],
    [
      { nodes: [{ path: '/big', size: 1, mtime: 1, content: 0 }], shown: [] },
      [buffer],
      /fileBytes/,
    ],
    [
      { nodes: [{ path: '/a', size: 1, mtime: 1, content: 3 }], shown: [] },
      [],
      /no content handed back/,
    ],
    [{ nodes: [], shown: [{ path: '/a/../b', mimeType: 'text/plain' }] }, [], /names no file path/],
    [{ nodes: [], shown: [{ path: '/b', mimeType: 'x'.repeat(256) }] }, [], /has no type/],
    [
      {
        nodes: [],
        shown: Array.from({ length: 1001 }, () => ({ path: '/b', mimeType: 'text/plain' })),
      },
      [],
      /more than 1000 items/,
    ],
    [{ nodes: 'no' }, [], /wrong shape/],
  ];
  for (const [tree, buffers, problem] of cases) {
    const files = runFiles(layout, EMPTY_TREE);
    files.host('tree', []);
    done(files, tree, ...buffers);
    assert.throws(() => files.record(), problem);
  }
  const early = runFiles(layout, EMPTY_TREE);
  done(early, { nodes: [], shown: [] });
  assert.match(early.failure ?? '', /out of turn/);
  const silent = runFiles(layout, EMPTY_TREE);
  silent.host('tree', []);
  assert.throws(() => silent.record(), /did not hand back its files/);
});

test('content damaged in the store fails the run even when its code caught the error', async () => {
  const { layout, tree, kept } = await storeWithTree();
  await writeFile(layout.blob(kept), 'kapt');
  const files = runFiles(layout, tree);
  files.host('tree', []);
  assert.throws(() => files.host('read', [kept]), /damaged/);
  done(files, { nodes: [{ path: '/work/kept', size: 4, mtime: 1, hash: kept }], shown: [] });
  assert.throws(() => files.record(), /damaged/);
});

test('a file shown and then removed in the same run is still shown, its size counted as nothing kept', async () => {
  const { layout } = await storeWithTree();
  const files = runFiles(layout, EMPTY_TREE);
  files.host('tree', []);
  done(files, { nodes: [], shown: [{ path: '/display/1.txt', mimeType: 'text/plain' }] });
  assert.ok(files.record());
  assert.deepEqual(files.report()?.shown, [
    { path: '/display/1.txt', mimeType: 'text/plain', kind: 'text', size: 0 },
  ]);
});

test('a tree over a limit lowered since it was made can still be read and made smaller, never larger', async () => {
  const { layout, tree, kept } = await storeWithTree();
  const lowered = { fileBytes: 2, sessionFileBytes: 3, sessionFiles: 5, displayBytes: 60 };
  const reader = new RunFiles({ layout, parentTree: tree, input: [], time: 1, limits: lowered });
  reader.host('tree', []);
  assert.equal(Buffer.from(reader.host('read', [kept]) as ArrayBuffer).toString(), 'kept');
  done(reader, { nodes: [{ path: '/work/kept', size: 4, mtime: 1, hash: kept }], shown: [] });
  assert.ok(reader.record());
  const grower = new RunFiles({ layout, parentTree: tree, input: [], time: 1, limits: lowered });
  grower.host('tree', []);
  done(
    grower,
    {
      nodes: [
        { path: '/work/kept', size: 4, mtime: 1, hash: kept },
        { path: '/work/more', size: 1, mtime: 1, content: 0 },
      ],
      shown: [],
    },
    new ArrayBuffer(1),
  );
  assert.throws(() => grower.record(), /sessionFileBytes/);
});
