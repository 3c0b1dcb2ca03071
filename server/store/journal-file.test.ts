import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { journalChain as chain } from '../test-support/journal-chain.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { appendJournal, JournalCorruptError, readJournal, repairJournal } from './journal-file.ts';

test('entries appended are read back in order, each chained to its parent', async () => {
  const path = join(await tempDir(), 'journal.jsonl');
  const entries = chain(3);
  const size = await appendJournal(path, entries.slice(0, 2), 0);
  await appendJournal(path, entries.slice(2), size);
  const read = await readJournal(path);
  assert.deepEqual(read.entries, entries);
  assert.equal(read.tornTail, false);
});

test('a missing journal is an empty session', async () => {
  const read = await readJournal(join(await tempDir(), 'none.jsonl'));
  assert.deepEqual(read.entries, []);
});

test('a torn last line (a crash mid-append) is dropped and cut off', async () => {
  const path = join(await tempDir(), 'journal.jsonl');
  const entries = chain(2);
  await appendJournal(path, entries, 0);
  await appendFile(path, '{"heap":"abc","par');
  const read = await readJournal(path);
  assert.deepEqual(read.entries, entries);
  assert.equal(read.tornTail, true);
  await repairJournal(path, read);
  const again = await readJournal(path);
  assert.equal(again.tornTail, false);
  assert.equal((await readFile(path, 'utf8')).split('\n').length, 3);
});

test('a damaged line before the end is reported, not skipped', async () => {
  const path = join(await tempDir(), 'journal.jsonl');
  const lines = chain(3).map((entry) => JSON.stringify(entry));
  lines[1] = (lines[1] as string).replace('"x = 1"', '"x = 666"');
  await writeFile(path, `${lines.join('\n')}\n`);
  await assert.rejects(readJournal(path), JournalCorruptError);
});

test('heap ids are content hashes: the same history gives the same ids', () => {
  assert.deepEqual(
    chain(4).map((entry) => entry.heap),
    chain(4).map((entry) => entry.heap),
  );
  const [first] = chain(1);
  assert.match(first?.heap ?? '', /^[0-9a-f]{32}$/);
});

test('bytes past the committed size (a failed append) are cut before the next append', async () => {
  const path = join(await tempDir(), 'journal.jsonl');
  const entries = chain(3);
  const size = await appendJournal(path, entries.slice(0, 2), 0);
  await appendFile(path, '{"heap":"torn by a full disk"');
  await appendJournal(path, entries.slice(2), size);
  const read = await readJournal(path);
  assert.deepEqual(read.entries, entries);
  assert.equal(read.tornTail, false);
});

test('a journal shorter than what was committed is reported, never appended to', async () => {
  const path = join(await tempDir(), 'journal.jsonl');
  const entries = chain(2);
  const size = await appendJournal(path, entries.slice(0, 1), 0);
  await assert.rejects(appendJournal(path, entries.slice(1), size + 10), JournalCorruptError);
  assert.deepEqual((await readJournal(path)).entries, entries.slice(0, 1));
});
