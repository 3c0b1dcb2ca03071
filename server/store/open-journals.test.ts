import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { journalChain as chain } from '../test-support/journal-chain.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { readJournal } from './journal-file.ts';
import { OpenJournals } from './open-journals.ts';

test('appends through a kept journal are read back, prepared or not', async () => {
  const path = join(await tempDir(), 'journal.jsonl');
  const journals = new OpenJournals();
  const entries = chain(3);
  let size = await journals.append(path, entries.slice(0, 1), 0);
  size = await journals.append(path, entries.slice(1, 2), size, await journals.prepare(path));
  await journals.append(path, entries.slice(2), size, await journals.prepare(path));
  await journals.closeAll();
  assert.deepEqual((await readJournal(path)).entries, entries);
});

test('a journal deleted while kept open is opened again by its path, and its lost entries are refused', async () => {
  const path = join(await tempDir(), 'journal.jsonl');
  const journals = new OpenJournals();
  const entries = chain(2);
  const size = await journals.append(path, entries.slice(0, 1), 0);
  await rm(path);
  await assert.rejects(
    journals.append(path, entries.slice(1), size),
    /bytes of committed entries are missing/,
  );
  await journals.closeAll();
});

test('a journal deleted while its run ran fails the append: the entry is not taken as saved', async () => {
  const path = join(await tempDir(), 'journal.jsonl');
  const journals = new OpenJournals();
  const entries = chain(3);
  const size = await journals.append(path, entries.slice(0, 1), 0);
  const prepared = await journals.prepare(path);
  await rm(path);
  await assert.rejects(
    journals.append(path, entries.slice(1, 2), size, prepared),
    /was deleted or replaced while the run ran; the run is not saved/,
  );
  // The next append starts from the path, and finds what is there (nothing).
  await assert.rejects(
    journals.append(path, entries.slice(2), size),
    /bytes of committed entries are missing/,
  );
  await journals.closeAll();
});

test('a journal replaced while kept open is appended to at its path, not in the old file', async () => {
  const dir = await tempDir();
  const path = join(dir, 'journal.jsonl');
  const journals = new OpenJournals();
  const entries = chain(2);
  const size = await journals.append(path, entries.slice(0, 1), 0);
  // The same committed entry in a new file, moved over the old one (as a restore from a backup).
  await writeFile(join(dir, 'copy'), `${JSON.stringify(entries[0])}\n`);
  await rename(join(dir, 'copy'), path);
  await journals.append(path, entries.slice(1), size);
  await journals.closeAll();
  assert.deepEqual((await readJournal(path)).entries, entries);
});

test('bytes of a failed append past the committed size are cut before the next append', async () => {
  const path = join(await tempDir(), 'journal.jsonl');
  const journals = new OpenJournals();
  const entries = chain(2);
  const size = await journals.append(path, entries.slice(0, 1), 0);
  await writeFile(path, '{"torn":', { flag: 'a' });
  await journals.append(path, entries.slice(1), size, await journals.prepare(path));
  await journals.closeAll();
  assert.deepEqual((await readJournal(path)).entries, entries);
});

test('no more journals stay open than the bound, appended to or only prepared', {
  skip: existsSync('/proc/self/fd') ? false : 'counting open files needs /proc',
}, async () => {
  const dir = await tempDir();
  const journals = new OpenJournals(4);
  const openFiles = () => readdirSync('/proc/self/fd').length;
  const before = openFiles();
  const [entry] = chain(1);
  for (let i = 0; i < 20; i++) {
    if (entry) await journals.append(join(dir, `journal-${i}.jsonl`), [entry], 0);
  }
  assert.ok(openFiles() - before <= 4, `${openFiles() - before} journals are open`);
  // Prepared for runs that then failed, and never appended to.
  for (let i = 20; i < 40; i++) await journals.prepare(join(dir, `journal-${i}.jsonl`));
  assert.ok(openFiles() - before <= 4, `${openFiles() - before} journals are open`);
  await journals.closeAll();
  assert.ok(openFiles() <= before);
});

test('more sessions than the bound append side by side, each prepared while the others commit', async () => {
  const dir = await tempDir();
  const journals = new OpenJournals(4);
  const paths = Array.from({ length: 12 }, (_, i) => join(dir, `journal-${i}.jsonl`));
  const entries = chain(5);
  // Where open files can be counted, the bound holds at every commit too.
  const openFiles = existsSync('/proc/self/fd')
    ? () => readdirSync('/proc/self/fd').length
    : () => 0;
  const before = openFiles();
  let most = before;
  // Each session commits its runs in turn, as the engine's queue has it: its next run's journal
  // is prepared while the run runs, and the sessions' runs interleave.
  await Promise.all(
    paths.map(async (path) => {
      let size = 0;
      for (const entry of entries) {
        const prepared = journals.prepare(path);
        await new Promise((resolve) => setImmediate(resolve));
        size = await journals.append(path, [entry], size, await prepared);
        most = Math.max(most, openFiles());
      }
    }),
  );
  assert.ok(most - before <= 4, `${most - before} journals were open`);
  await journals.closeAll();
  for (const path of paths) assert.deepEqual((await readJournal(path)).entries, entries);
});
