import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { journalChain } from '../test-support/journal-chain.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { dataLayout } from './data-dir.ts';
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
  assert.equal(record?.runs, 200);
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
  assert.equal(store.get('short')?.runs, 2);
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
