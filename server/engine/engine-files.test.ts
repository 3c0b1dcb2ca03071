import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readJournal } from '../store/journal-file.ts';
import { startEngine, value } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { Engine } from './engine.ts';
import { EngineError } from './engine-error.ts';

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('files given to a run are in its heap, listed and read without a replay, and each heap keeps its own tree', async () => {
  const engine = await startEngine();
  const first = await engine.run({
    session: 'given',
    code: '1',
    files: { 'notes.txt': 'hello', '/data/pic.png': { base64: PNG_HEAD.toString('base64') } },
  });
  assert.equal(first.ok, true, JSON.stringify(first.error));
  assert.deepEqual(
    first.files?.changed.map(({ path, change, kind }) => `${change} ${kind} ${path}`),
    ['created dir /data', 'created file /data/pic.png', 'created file /work/notes.txt'],
  );
  const listing = await engine.listFiles({ session: 'given' });
  assert.deepEqual(
    listing.files.map(({ path, kind, size, mimeType }) => [path, kind, size, mimeType]),
    [
      ['/data', 'dir', 0, undefined],
      ['/data/pic.png', 'file', 8, 'image/png'],
      ['/work/notes.txt', 'file', 5, 'text/plain'],
    ],
  );
  assert.equal(listing.totalBytes, 13);
  assert.equal(listing.totalFiles, 3);
  assert.equal(
    (await engine.readFile({ session: 'given', path: 'notes.txt' })).bytes.toString(),
    'hello',
  );
  const summary = engine.listSessions().find((session) => session.name === 'given');
  assert.equal(summary?.fileBytes, 13);
  assert.equal(summary?.files, 3);

  const second = await engine.run({ session: 'given', code: '2', files: { 'notes.txt': 'bye!' } });
  assert.equal(second.ok, true);
  assert.deepEqual(second.files?.changed, [
    { path: '/work/notes.txt', change: 'changed', kind: 'file', size: 4 },
  ]);
  const older = await engine.readFile({
    session: 'given',
    path: '/work/notes.txt',
    heap: first.heap,
  });
  assert.equal(older.bytes.toString(), 'hello');
  assert.equal(older.heap, first.heap);
  assert.equal(
    (await engine.readFile({ session: 'given', path: 'notes.txt' })).bytes.toString(),
    'bye!',
  );
  const root = await engine.listFiles({ session: 'given', heap: 'root' });
  assert.deepEqual(root.files, []);
  // A run that touches no files leaves the tree, and its entry records none.
  const third = await engine.run({ session: 'given', code: '3' });
  assert.equal(third.files, undefined);
  assert.equal((await engine.listFiles({ session: 'given', heap: third.heap })).totalBytes, 12);
  const { entries } = await readJournal(engine.layout.journal('given'));
  assert.deepEqual(
    entries.map((entry) => entry.files !== undefined),
    [true, true, false],
  );
});

test('the same code makes another heap id with files given than without, and a fork keeps the files of the heap it starts from', async () => {
  const engine = await startEngine();
  const plain = await engine.run({ session: 'plain', code: '1' });
  const given = await engine.run({ session: 'withfiles', code: '1', files: { a: 'x' } });
  assert.notEqual(plain.heap, given.heap);
  const forked = await engine.fork({ heap: given.heap, session: 'forked' });
  assert.equal(forked.fileBytes, 1);
  assert.equal((await engine.readFile({ session: 'forked', path: 'a' })).bytes.toString(), 'x');
  await value(engine, { session: 'forked', code: '2', files: { b: 'yy' } });
  assert.equal((await engine.listFiles({ session: 'withfiles' })).totalBytes, 1);
  assert.equal((await engine.listFiles({ session: 'forked' })).totalBytes, 3);
});

test('hostile paths given to a run stay inside the tree or are refused as invalid_files, and nothing reaches the host', async () => {
  const engine = await startEngine();
  const escaped = await engine.run({
    session: 'paths',
    code: '1',
    files: { '../../etc/passwd': 'x' },
  });
  assert.equal(escaped.ok, true);
  assert.deepEqual(
    (await engine.listFiles({ session: 'paths' })).files.map((file) => file.path),
    ['/etc', '/etc/passwd'],
  );
  const refusals: [Record<string, string>, RegExp][] = [
    [{ 'a\0b': 'x' }, /NUL/],
    [{ 'x\uD800.txt': 'x' }, /lone surrogate/],
    [{ [`${'n'.repeat(300)}`]: 'x' }, /longer than 255 bytes/],
    [{ '/work': 'x' }, /names the folder/],
    [{ '/': 'x' }, /names the folder/],
    [{ a: 'x', './a': 'y' }, /given twice/],
    [{ 'etc/passwd/x': 'x', 'etc/passwd': 'y' }, /is a file|is a folder/],
  ];
  for (const [files, problem] of refusals) {
    await assert.rejects(
      engine.run({ session: 'paths', code: '1', files }),
      (error: unknown) =>
        error instanceof EngineError &&
        error.code === 'invalid_files' &&
        problem.test(error.message),
    );
  }
  await assert.rejects(
    engine.run({ session: 'paths', code: '1', files: { a: { base64: 'not base64!' } } }),
    /not valid base64/,
  );
  await assert.rejects(
    engine.readFile({ session: 'paths', path: '../../../etc/shadow' }),
    /no \/etc\/shadow/,
  );
  await assert.rejects(engine.readFile({ session: 'paths', path: '/etc' }), /is a folder/);
  await assert.rejects(engine.listFiles({ session: 'paths', path: 'a\0' }), /NUL/);
  await assert.rejects(engine.listFiles({ session: 'paths', heap: 'f'.repeat(32) }), /has no heap/);
  assert.deepEqual(await readdir(engine.layout.root).then((names) => names.includes('etc')), false);
});

test('files given over a file limit are refused naming it, and the session keeps its files', async () => {
  const engine = await startEngine({
    limits: { fileBytes: 1024, sessionFileBytes: 2048, sessionFiles: 3 },
  });
  await value(engine, { session: 'limits', code: '1', files: { a: 'x'.repeat(1000) } });
  const cases: [Record<string, string>, RegExp][] = [
    [{ b: 'x'.repeat(1025) }, /over fileBytes=1024/],
    [{ b: 'x'.repeat(1000), c: 'x'.repeat(100) }, /sessionFileBytes=2048/],
    [{ b: '1', c: '2', d: '3' }, /sessionFiles=3/],
    [{ 'deep/er/b': '1' }, /sessionFiles=3/],
  ];
  for (const [files, problem] of cases) {
    await assert.rejects(engine.run({ session: 'limits', code: '1', files }), problem);
  }
  const listing = await engine.listFiles({ session: 'limits' });
  assert.deepEqual(
    listing.files.map((file) => file.path),
    ['/work/a'],
  );
});

test("a heap's export holds its journal, then each of its files with its bytes", async () => {
  const engine = await startEngine();
  await value(engine, { session: 'exported', code: '1', files: { 'a.txt': 'one' } });
  const two = await engine.run({
    session: 'exported',
    code: '2',
    files: { 'b/c.bin': { base64: 'AAEC' } },
  });
  await value(engine, {
    session: 'exported',
    code: '3',
    files: { 'later.txt': 'not in the export' },
  });
  const lines = (await engine.exportHeap(two.heap))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    lines.map((line) => line.code ?? line.file ?? (line.blob && 'blob')),
    // The two trees the runs left (each started from the files given to it).
    ['1', '2', '/work/a.txt', '/work/b/c.bin', 'blob', 'blob'],
  );
  assert.equal(Buffer.from(lines[2].base64, 'base64').toString(), 'one');
  assert.deepEqual([...Buffer.from(lines[3].base64, 'base64')], [0, 1, 2]);
});

test('after a restart with every snapshot deleted, the files are listed and read as before and the session runs on', async () => {
  const dataDir = await tempDir();
  const first = await Engine.start({ dataDir, workers: 1, log: () => undefined });
  const made = await first.run({
    session: 'kept',
    code: 'var n = 1; n',
    files: { 'k.txt': 'kept' },
  });
  assert.equal(made.ok, true);
  await first.snapshot('kept');
  await first.close();
  await rm(join(dataDir, 'snapshots'), { recursive: true, force: true });
  const second = await startEngine({ dataDir });
  const summary = second.listSessions().find((session) => session.name === 'kept');
  assert.deepEqual([summary?.fileBytes, summary?.files], [4, 1]);
  assert.equal(
    (await second.readFile({ session: 'kept', path: 'k.txt' })).bytes.toString(),
    'kept',
  );
  const next = await second.run({ session: 'kept', code: 'n + 1' });
  assert.equal(next.value, '2');
  assert.equal(next.restoredFrom, 'replay');
});

test('deep paths whose folders pass sessionFiles are refused naming it, before any file is written', async () => {
  const engine = await startEngine({ limits: { sessionFiles: 50 } });
  const deep = 'a/'.repeat(1990);
  const files = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`${deep}f${i}`, 'x']));
  await assert.rejects(engine.run({ session: 'deep', code: '1', files }), /sessionFiles=50/);
  assert.equal(engine.listSessions().find((session) => session.name === 'deep')?.files ?? 0, 0);
});

test("a file tree lost from the store is said in the session's status and named where its files are listed", async () => {
  const dataDir = await tempDir();
  const first = await Engine.start({ dataDir, workers: 1, log: () => undefined });
  await value(first, { session: 'lost', code: '1', files: { 'a.txt': 'a' } });
  const tree = (await readJournal(first.layout.journal('lost'))).entries[0]?.files?.tree as string;
  await first.close();
  await rm(first.layout.blob(tree));
  const second = await startEngine({ dataDir });
  const summary = second.listSessions().find((session) => session.name === 'lost');
  assert.match(summary?.recovered ?? '', new RegExp(`the file tree ${tree} cannot be read`));
  await assert.rejects(second.listFiles({ session: 'lost' }), new RegExp(`file tree ${tree}`));
});

test('a large file given in base64 is checked in linear time, and refused naming fileBytes when over it', async () => {
  const engine = await startEngine({ limits: { fileBytes: 12 * 1024 * 1024 } });
  const large = Buffer.alloc(10 * 1024 * 1024, 7).toString('base64');
  await value(engine, { session: 'large', code: '1', files: { 'large.bin': { base64: large } } });
  assert.equal((await engine.listFiles({ session: 'large' })).totalBytes, 10 * 1024 * 1024);
  const over = Buffer.alloc(13 * 1024 * 1024).toString('base64');
  await assert.rejects(
    engine.run({ session: 'large', code: '1', files: { 'over.bin': { base64: over } } }),
    /over fileBytes=12582912/,
  );
  await assert.rejects(
    engine.run({ session: 'large', code: '1', files: { 'odd.bin': { base64: 'QR==' } } }),
    /not valid base64/,
  );
});
