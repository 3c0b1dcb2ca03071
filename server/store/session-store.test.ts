import assert from 'node:assert/strict';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { journalChain } from '../test-support/journal-chain.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { dataLayout } from './data-dir.ts';
import { completeEntry } from './journal-entry.ts';
import { appendJournal } from './journal-file.ts';
import { SessionStore } from './session-store.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsedAfterGc(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

test('a session with a long journal costs the server a few fields, not its entries', async () => {
  const dataDir = await tempDir();
  const layout = dataLayout(dataDir);
  // 200 runs of 256 KiB of code each: 50 MiB of journal.
  const bytes = await (async () => {
    const entries = journalChain(200, (i) => `// ${i}\n${'x'.repeat(256 * 1024)}`);
    await mkdir(layout.session('long'), { recursive: true });
    return appendJournal(layout.journal('long'), entries, 0);
  })();
  assert.ok(bytes > 50 * 1024 * 1024);

  const before = heapUsedAfterGc();
  const store = await SessionStore.open(dataDir);
  const grown = heapUsedAfterGc() - before;
  assert.ok(grown < 8 * 1024 * 1024, `opening the store kept ${grown} bytes`);

  const record = store.get('long');
  assert.equal(record?.heaps, 200);
  const entries = await store.entries('long');
  assert.equal(entries.length, 200);
  assert.equal(record?.head, entries.at(-1)?.heap);
  const middle = entries[99]?.heap ?? '';
  assert.equal((await store.chainTo(middle))?.entries.length, 100);
});

test('a run appended moves the head and is read back from the journal', async () => {
  const store = await SessionStore.open(await tempDir());
  const [first, second] = journalChain(2);
  assert.ok(first && second);
  await store.create({ name: 'short', createdAt: new Date(0).toISOString() }, [first]);
  await store.append('short', second);
  assert.equal(store.get('short')?.head, second.heap);
  assert.equal(store.get('short')?.heaps, 2);
  assert.deepEqual(await store.entries('short'), [first, second]);
  const forked = await store.create({ name: 'fork', createdAt: new Date(0).toISOString() }, [
    first,
  ]);
  assert.equal(forked.head, first.heap);
  assert.equal((await store.chainTo(first.heap))?.entries.length, 1);
  // A head names its session without a read; any other heap is found in a journal.
  assert.equal(await store.sessionWith(second.heap), 'short');
  assert.equal(await store.sessionWith(first.heap), 'fork');
  assert.equal(await store.sessionWith('f'.repeat(32)), undefined);
});

test('a snapshot counts in every session whose journal holds its heap, and a fork counts its inherited heaps', async () => {
  const dataDir = await tempDir();
  const layout = dataLayout(dataDir);
  const store = await SessionStore.open(dataDir);
  const chain = journalChain(5);
  const at = (i: number) => chain[i] as (typeof chain)[number];
  const createdAt = new Date(0).toISOString();
  await store.create({ name: 'origin', createdAt }, chain);
  const forkedFrom = { session: 'origin', heap: at(2).heap };
  await store.create({ name: 'fork', createdAt, forkedFrom }, chain.slice(0, 3));
  const own = completeEntry(
    { parent: at(2).heap, code: 'own', script: 'own', time: 2000, seed: 9, output: 1024 },
    { ticks: 0, check: 0, ms: 1 },
  );
  await store.append('fork', own);
  const made = async (session: string, heap: string, index: number) => {
    await writeFile(layout.snapshot(heap), 'snapshot');
    await store.snapshotMade(session, heap, index);
  };
  // The origin's snapshot of a heap the fork inherited; the fork's of one the origin holds; the
  // fork's of its own heap, at an index where the origin has another.
  await made('origin', at(1).heap, 1);
  await made('fork', at(0).heap, 0);
  await made('fork', own.heap, 3);
  const figures = (s: SessionStore, name: string) => {
    const record = s.get(name);
    return [record?.heaps, record?.inheritedHeaps, record?.snapshots.map(({ index }) => index)];
  };
  assert.deepEqual(figures(store, 'origin'), [5, 0, [0, 1]]);
  assert.deepEqual(figures(store, 'fork'), [4, 3, [0, 1, 3]]);
  // Read back from disk, the same figures.
  const reopened = await SessionStore.open(dataDir);
  assert.deepEqual(figures(reopened, 'origin'), [5, 0, [0, 1]]);
  assert.deepEqual(figures(reopened, 'fork'), [4, 3, [0, 1, 3]]);
  // A snapshot file gone is gone from every count.
  await rm(layout.snapshot(at(1).heap));
  await store.pruneSnapshots();
  assert.deepEqual(figures(store, 'origin'), [5, 0, [0]]);
  assert.deepEqual(figures(store, 'fork'), [4, 3, [0, 3]]);
  await Promise.all([store.close(), reopened.close()]);
});

test("a session's runs go with it when it is deleted, and a fork's start empty", async () => {
  const dataDir = await tempDir();
  const layout = dataLayout(dataDir);
  const store = await SessionStore.open(dataDir);
  const chain = journalChain(2);
  const createdAt = new Date(0).toISOString();
  await store.create({ name: 'ran', createdAt }, chain);
  await store.runs.record('ran', { code: 'x = 1' });
  await store.create({ name: 'forked', createdAt }, chain);
  assert.deepEqual(await store.runs.list('forked'), []);
  await store.delete('ran');
  await assert.rejects(stat(layout.runHistory('ran')), { code: 'ENOENT' });
  // A new session of the same name starts with no runs, in memory as on disk.
  await store.create({ name: 'ran', createdAt }, []);
  assert.deepEqual(await store.runs.list('ran'), []);
  await store.close();
});
