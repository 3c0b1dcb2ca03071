import assert from 'node:assert/strict';
import { access, mkdir, readdir, rename, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { BlobHolds } from './blob-holds.ts';
import { blobHash, putBlob } from './blob-store.ts';
import { BLOB_GRACE_MS, sweepBlobs } from './blob-sweep.ts';
import { dataLayout } from './data-dir.ts';
import { manifestOf } from './file-tree.ts';

const HOUR = 3_600_000;
/** A clock past the grace of every blob written now. */
const later = () => Date.now() + BLOB_GRACE_MS + HOUR;

async function store() {
  const layout = dataLayout(await tempDir());
  await mkdir(layout.sessions, { recursive: true });
  return layout;
}

type Layout = Awaited<ReturnType<typeof store>>;

async function blob(layout: Layout, text: string): Promise<string> {
  const bytes = Buffer.from(text);
  const hash = blobHash(bytes);
  await putBlob(layout, hash, bytes);
  return hash;
}

async function journal(layout: Layout, session: string, lines: string[]): Promise<void> {
  await mkdir(layout.session(session), { recursive: true });
  await writeFile(layout.journal(session), lines.map((line) => `${line}\n`).join(''));
}

const present = (layout: Layout, hash: string) =>
  access(layout.blob(hash)).then(
    () => true,
    () => false,
  );

test('a blob no session names goes once past the grace, and stays within it', async () => {
  const layout = await store();
  const orphan = await blob(layout, 'a body no journal names');
  const kept = await sweepBlobs(layout);
  assert.equal(kept.removed, 0);
  assert.equal(kept.young, 1);
  assert.ok(kept.dueAt !== undefined && kept.dueAt > Date.now() + BLOB_GRACE_MS - HOUR);
  assert.equal(await present(layout, orphan), true);
  const swept = await sweepBlobs(layout, { now: later });
  assert.deepEqual([swept.removed, swept.removedBytes, swept.young], [1, 23, 0]);
  assert.equal(await present(layout, orphan), false);
});

test('a blob a journal line names stays, whatever the line says around it', async () => {
  const layout = await store();
  const body = await blob(layout, 'a fetch body');
  const torn = await blob(layout, 'named by a torn last line');
  const lock = await blob(layout, 'a tarball the lockfile names');
  await journal(layout, 'a', [JSON.stringify({ effects: [{ body }] }), `{"cut":"${torn}`]);
  await writeFile(layout.packageLock('a'), JSON.stringify({ tarball: lock }, null, 2));
  const swept = await sweepBlobs(layout, { now: later });
  assert.equal(swept.removed, 0);
  assert.equal(swept.named, 3);
  for (const hash of [body, torn, lock]) assert.equal(await present(layout, hash), true);
});

test("a file tree's contents stay while an entry names its manifest as its tree or its base", async () => {
  const layout = await store();
  const manifest = async (text: string) => {
    const hash = await blob(layout, `content ${text}`);
    const { hash: tree, bytes } = manifestOf([{ path: '/work/f', size: 1, mtime: 0, hash }]);
    await putBlob(layout, tree, bytes);
    return { content: hash, tree };
  };
  const tree = await manifest('tree');
  const base = await manifest('base');
  const damaged = await manifest('damaged');
  const unnamed = await manifest('gone');
  await journal(layout, 'a', [
    JSON.stringify({ files: { tree: tree.tree, base: base.tree, limits: {} } }),
    // A line that does not parse: each hash in it may be a manifest, and is read as one if so.
    `{"files":{"tree":"${damaged.tree}"`,
  ]);
  const swept = await sweepBlobs(layout, { now: later });
  for (const hash of [tree, base, damaged].flatMap(({ content, tree }) => [content, tree])) {
    assert.equal(await present(layout, hash), true);
  }
  assert.equal(await present(layout, unnamed.tree), false);
  assert.equal(await present(layout, unnamed.content), false);
  assert.equal(swept.removed, 2);
});

test('a session being created or deleted (a dot folder) still keeps what it names', async () => {
  const layout = await store();
  const hash = await blob(layout, 'named by a fork being written');
  await mkdir(join(layout.sessions, '.new-fork'));
  await writeFile(join(layout.sessions, '.new-fork', 'journal.jsonl'), `"${hash}"\n`);
  await sweepBlobs(layout, { now: later });
  assert.equal(await present(layout, hash), true);
});

test('a sweep marks only once no fork or rename is under way', async () => {
  const layout = await store();
  const holds = new BlobHolds();
  const hash = await blob(layout, 'named by a fork that is being written');
  let finish = () => {};
  // A fork holding its chain in memory while its parent goes.
  const fork = holds.hold(
    () =>
      new Promise<void>((resolve) => {
        finish = resolve;
      }),
  );
  const sweep = sweepBlobs(layout, { now: later, holds });
  await journal(layout, 'fork', [JSON.stringify({ body: hash })]);
  finish();
  await fork;
  assert.equal((await sweep).removed, 0);
  assert.equal(await present(layout, hash), true);
});

test('a sweep that forks kept interrupting removes nothing', async () => {
  const layout = await store();
  const holds = new BlobHolds();
  await blob(layout, 'unnamed');
  // Every read of the sessions' folder sees a fork come and go.
  const forks = setInterval(() => void holds.hold(async () => {}), 0);
  try {
    let swept = await sweepBlobs(layout, { now: later, holds });
    while (!swept.skipped) swept = await sweepBlobs(layout, { now: later, holds });
    assert.equal(swept.removed, 0);
  } finally {
    clearInterval(forks);
  }
});

test('leftovers of writes and removals a crash cut short are settled', async () => {
  const layout = await store();
  const hash = await blob(layout, 'a blob');
  const folder = dirname(layout.blob(hash));
  const oldTemp = join(folder, `${hash}.0a0b0c0d.tmp`);
  await writeFile(oldTemp, 'half');
  const old = new Date(Date.now() - BLOB_GRACE_MS - HOUR);
  await utimes(oldTemp, old, old);
  await writeFile(join(folder, `${hash}.0e0f1011.tmp`), 'a write under way');
  // A removal cut short after a putBlob made it young: it goes back.
  const young = await blob(layout, 'made young again');
  const youngFolder = dirname(layout.blob(young));
  await rename(layout.blob(young), `${layout.blob(young)}.swept`);
  await journal(layout, 'a', [JSON.stringify({ hash, young })]);
  await sweepBlobs(layout);
  assert.equal(await present(layout, young), true);
  assert.deepEqual((await readdir(youngFolder)).sort(), [young].sort());
  assert.deepEqual((await readdir(folder)).sort(), [hash, `${hash}.0e0f1011.tmp`].sort());
});
