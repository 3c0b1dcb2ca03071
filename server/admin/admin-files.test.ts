import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { DesktopOperation } from '../../contract/desktop-api.ts';
import type { FileListing } from '../../contract/session-files.ts';
import { answerAdmin, callAdmin } from '../test-support/admin-api.ts';
import { execOverApi } from '../test-support/json-api.ts';
import { startServerProcess } from '../test-support/server-process.ts';

// A session's files through the admin API the window uses, against a real server: listing and
// reading any heap's files, uploads as runs of their own, hostile paths and broken limits. Every
// answer of 200 is parsed with its operation's output schema (callAdmin), every refusal is JSON.
const server = await startServerProcess();
const call = <K extends DesktopOperation>(operation: K, input: object = {}) =>
  callAdmin(server, operation, input);

/** An admin call the server may refuse: its status and JSON body, whatever they are. */
async function answer(operation: DesktopOperation, input: object) {
  const { status, body, contentType } = await answerAdmin(server, operation, input);
  assert.match(contentType, /^application\/json/);
  return { status, body };
}

/** A refusal's `{error: {code, message}}`, asserted to be one. */
function refusal(body: unknown): { code: string; message: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  assert.equal(typeof error?.code, 'string', JSON.stringify(body));
  assert.equal(typeof error?.message, 'string', JSON.stringify(body));
  return error as { code: string; message: string };
}

const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');
const paths = (listing: FileListing) => listing.files.map((file) => file.path);
const BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 254, 255]);

test('an upload is a run of its own in the history, and its files are listed and read back', async () => {
  const session = 'uploaded';
  const uploaded = await call('uploadFiles', {
    session,
    files: { 'notes.txt': 'first words', 'data/raw.bin': { base64: BYTES.toString('base64') } },
  });
  assert.equal(uploaded.session, session);
  assert.equal(uploaded.run.ok, true, JSON.stringify(uploaded.run.error));
  assert.deepEqual(uploaded.run.origin, { kind: 'window' });
  assert.deepEqual(
    uploaded.run.files?.changed.map(({ path, change, kind }) => [path, change, kind]).sort(),
    [
      ['/work/data', 'created', 'dir'],
      ['/work/data/raw.bin', 'created', 'file'],
      ['/work/notes.txt', 'created', 'file'],
    ],
  );
  const { runs } = await call('listRuns', { session });
  assert.deepEqual(runs.at(-1), uploaded.run);

  const listing = await call('listFiles', { session });
  assert.equal(listing.heap, uploaded.run.heap);
  assert.deepEqual(paths(listing), ['/work/data', '/work/data/raw.bin', '/work/notes.txt']);
  assert.equal(listing.totalBytes, 'first words'.length + BYTES.length);
  assert.equal(
    listing.files.find((file) => file.path === '/work/notes.txt')?.mimeType,
    'text/plain',
  );
  const read = await call('readFile', { session, path: '/work/data/raw.bin' });
  assert.deepEqual(Buffer.from(read.base64, 'base64'), BYTES);
  assert.equal(read.heap, uploaded.run.heap);
  assert.equal(read.file.size, BYTES.length);
  // A relative path is read from /work, as code reads it.
  assert.equal(
    text((await call('readFile', { session, path: 'notes.txt' })).base64),
    'first words',
  );

  const { sessions } = await call('listSessions');
  const summary = sessions.find((listed) => listed.name === session);
  assert.equal(summary?.fileBytes, listing.totalBytes);
  assert.equal(summary?.files, listing.totalFiles);
});

test("an older heap's files are listed and read as they were, the newest's as the last upload or run left them", async () => {
  const session = 'history';
  const first = await call('uploadFiles', { session, files: { 'a.txt': 'one', 'keep.txt': 'k' } });
  const second = await call('uploadFiles', {
    session,
    files: { 'a.txt': 'two!', '/work/new/b.txt': 'new' },
  });
  assert.deepEqual(second.run.files?.changed.map(({ path, change }) => [path, change]).sort(), [
    ['/work/a.txt', 'changed'],
    ['/work/new', 'created'],
    ['/work/new/b.txt', 'created'],
  ]);

  const newest = await call('listFiles', { session });
  assert.equal(newest.heap, second.run.heap);
  assert.deepEqual(paths(newest), [
    '/work/a.txt',
    '/work/keep.txt',
    '/work/new',
    '/work/new/b.txt',
  ]);
  const older = await call('listFiles', { session, heap: first.run.heap });
  assert.equal(older.heap, first.run.heap);
  assert.deepEqual(paths(older), ['/work/a.txt', '/work/keep.txt']);
  assert.equal(older.totalBytes, 4);

  assert.equal(text((await call('readFile', { session, path: '/work/a.txt' })).base64), 'two!');
  const old = await call('readFile', { session, path: '/work/a.txt', heap: first.run.heap });
  assert.equal(text(old.base64), 'one');
  assert.equal(old.heap, first.run.heap);
  // Not in the older heap: a 404 saying so, as JSON.
  const missing = await answer('readFile', {
    session,
    path: '/work/new/b.txt',
    heap: first.run.heap,
  });
  assert.equal(missing.status, 404);
  assert.equal(refusal(missing.body).code, 'unknown_file');
  // A folder listed alone: only what is below it.
  const below = await call('listFiles', { session, path: '/work/new' });
  assert.deepEqual(paths(below), ['/work/new/b.txt']);

  // Code's own changes make the next heap; the one before keeps what it had.
  const ran = await execOverApi(server, {
    session,
    code: "import { rm, writeFile } from 'node:fs/promises';\nawait rm('keep.txt');\nawait writeFile('/work/new/c.txt', 'by code')",
  });
  assert.equal(ran.ok, true, JSON.stringify(ran.error));
  assert.deepEqual(paths(await call('listFiles', { session })), [
    '/work/a.txt',
    '/work/new',
    '/work/new/b.txt',
    '/work/new/c.txt',
  ]);
  assert.ok(
    paths(await call('listFiles', { session, heap: second.run.heap })).includes('/work/keep.txt'),
  );
  assert.equal(text((await call('readFile', { session, path: 'new/c.txt' })).base64), 'by code');
});

test("hostile paths are refused with a JSON 400 (a NUL, a name over 255 bytes), and `..` stays inside the session's tree, never reaching the host", async () => {
  const session = 'hostile';
  await call('uploadFiles', { session, files: { 'ok.txt': 'fine' } });
  const passwd = await readFile('/etc/passwd', 'utf8');

  // Read before anything is there: the host's file is never what answers.
  const outside = await answer('readFile', { session, path: '../../etc/passwd' });
  assert.equal(outside.status, 404, JSON.stringify(outside.body));
  assert.equal(refusal(outside.body).code, 'unknown_file');

  for (const path of ['a\0b.txt', `${'n'.repeat(300)}.txt`, `/work/${'d'.repeat(256)}/x`]) {
    const upload = await answer('uploadFiles', { session, files: { [path]: 'x' } });
    assert.equal(
      upload.status,
      400,
      `${JSON.stringify(path.slice(0, 20))}: ${JSON.stringify(upload.body)}`,
    );
    assert.equal(refusal(upload.body).code, 'invalid_files');
    const read = await answer('readFile', { session, path });
    assert.equal(read.status, 400, JSON.stringify(read.body));
    assert.equal(refusal(read.body).code, 'invalid_files');
  }

  // `..` cannot leave `/`: the file lands at /etc/passwd of the session's own tree.
  const climbed = await call('uploadFiles', { session, files: { '../../etc/passwd': 'mine' } });
  assert.equal(climbed.run.ok, true);
  const listing = await call('listFiles', { session });
  assert.deepEqual(paths(listing), ['/etc', '/etc/passwd', '/work/ok.txt']);
  assert.equal(
    text((await call('readFile', { session, path: '../../etc/passwd' })).base64),
    'mine',
  );
  assert.equal(await readFile('/etc/passwd', 'utf8'), passwd);
});

test('an upload over a file limit is refused with a 400 naming the setting, and nothing is written', async () => {
  const session = 'limited';
  await call('uploadFiles', { session, files: { 'small.txt': 'small' } });
  const before = await call('listFiles', { session });
  await call('updateSettings', { settings: { fileBytes: 1024, sessionFiles: 3 } });
  try {
    const large = await answer('uploadFiles', {
      session,
      files: { 'large.txt': 'x'.repeat(2000) },
    });
    assert.equal(large.status, 400, JSON.stringify(large.body));
    assert.equal(refusal(large.body).code, 'invalid_files');
    assert.match(refusal(large.body).message, /fileBytes/);

    const many = await answer('uploadFiles', {
      session,
      files: { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' },
    });
    assert.equal(many.status, 400, JSON.stringify(many.body));
    assert.match(refusal(many.body).message, /sessionFiles/);
  } finally {
    await call('updateSettings', { settings: { fileBytes: 16 * 1024 * 1024, sessionFiles: 1000 } });
  }
  assert.deepEqual(await call('listFiles', { session }), before);
  const { runs } = await call('listRuns', { session });
  assert.equal(runs.filter((run) => run.ok).length, 1);
});

test("a file name holding a line break is written as an escape in the upload's code, never run", async () => {
  const names = [
    'report\nglobalThis.pwned = 1; throw new Error("injected")',
    'other\u2028globalThis.pwned = 2',
  ];
  const uploaded = await call('uploadFiles', {
    session: 'admin-files-names',
    files: Object.fromEntries(names.map((name) => [`/work/${name}`, 'x'])),
  });
  assert.equal(uploaded.run.ok, true, JSON.stringify(uploaded.run.error));
  assert.equal(uploaded.run.code.split(/[\n\r\u2028\u2029]/).length, 1);
  const after = await execOverApi(server, { session: 'admin-files-names', code: 'typeof pwned' });
  assert.equal(after.value, "'undefined'");
  const listing = await call('listFiles', { session: 'admin-files-names' });
  assert.deepEqual(paths(listing), names.map((name) => `/work/${name}`).sort());
});

test('an upload of no files is refused, and one larger than maxBodyBytes but within sessionFileBytes is taken', async () => {
  const empty = await answer('uploadFiles', { session: 'admin-files-size', files: {} });
  assert.equal(empty.status, 400);
  assert.equal(refusal(empty.body).code, 'invalid_files');
  const settings = await call('getSettings');
  const size = settings.maxBodyBytes + 1024;
  const large = await answer('uploadFiles', {
    session: 'admin-files-size',
    files: { '/work/large.bin': { base64: Buffer.alloc(size, 1).toString('base64') } },
  });
  assert.equal(large.status, 200, JSON.stringify(large.body).slice(0, 300));
  const listing = await call('listFiles', { session: 'admin-files-size' });
  assert.equal(listing.totalBytes, size);
  const tooLarge = await answer('uploadFiles', {
    session: 'admin-files-size',
    files: {
      '/work/huge.bin': {
        base64: 'A'.repeat(Math.ceil((settings.sessionFileBytes * 4) / 3) + 2 * 1024 * 1024),
      },
    },
  });
  assert.equal(tooLarge.status, 413);
  assert.match(refusal(tooLarge.body).message, /sessionFileBytes=/);
});
