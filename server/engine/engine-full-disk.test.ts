import assert from 'node:assert/strict';
import { open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../store/atomic-write.ts';
import { smallFilesystem } from '../test-support/small-filesystem.ts';
import { Engine } from './engine.ts';

// A run whose journal entry does not wholly reach the disk was never committed: it fails, naming
// the cause and the file, and nothing acknowledged before or after is lost.

/** Fills the filesystem holding `dir` to the last byte; returns the filler to free it later. */
async function fill(dir: string): Promise<string> {
  const filler = join(dir, 'filler');
  const file = await open(filler, 'w');
  try {
    const chunk = Buffer.alloc(64 * 1024, 1);
    for (;;) await file.write(chunk);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    await file.close();
  }
  return filler;
}

const filesystem = await smallFilesystem(2 * 1024 * 1024);
const second = await smallFilesystem(256 * 1024);
if (filesystem.why) console.log(`the full-disk test did not run: ${filesystem.why}`);

test('a full disk fails the run that could not be saved, and loses nothing acknowledged', {
  skip: filesystem.why,
}, async () => {
  if (!filesystem.dir) return;
  const dataDir = join(filesystem.dir, 'data');
  const start = () => Engine.start({ dataDir, workers: 1, log: () => undefined });
  let engine = await start();
  try {
    const first = await engine.run({ session: 'full', code: 'var x = 1; x' });
    assert.equal(first.value, '1');
    const journal = join(dataDir, 'sessions', 'full', 'journal.jsonl');
    const committed = (await stat(journal)).size;

    const filler = await fill(filesystem.dir);
    // An entry larger than what is left of its page: the write is cut short, then refused.
    const padding = 'p'.repeat(64 * 1024);
    const refused = await engine.run({ session: 'full', code: `x = 2; '${padding}'.length` });
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.code, 'commit_failed');
    assert.match(
      refused.error?.message ?? '',
      /the disk is full \(ENOSPC\): cannot write .*sessions[/\\]full[/\\]journal\.jsonl/,
    );
    assert.equal((await stat(journal)).size, committed, 'the torn bytes are gone');

    await rm(filler);
    // The session is where it was: the refused run's x = 2 never happened.
    assert.equal((await engine.run({ session: 'full', code: 'x' })).value, '1');
    const after = await engine.run({ session: 'full', code: `x = 3; '${padding}'.length` });
    assert.equal(after.ok, true, JSON.stringify(after.error));
    await engine.close();

    // After a restart every acknowledged run is there, and only those.
    engine = await start();
    assert.equal((await engine.run({ session: 'full', code: 'x' })).value, '3');
    // x = 1, the x that read 1, x = 3 and the x that read 3: the refused run left no line.
    const lines = (await readFile(journal, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 4);
  } finally {
    await engine.close();
    await filesystem.unmount();
  }
});

test('a file replaced on a full disk keeps its old content, and the error names the cause and the file', {
  skip: second.why,
}, async () => {
  if (!second.dir) return;
  try {
    const path = join(second.dir, 'session.json');
    await writeFile(path, 'old');
    const filler = await fill(second.dir);
    await assert.rejects(
      writeFileAtomic(path, 'n'.repeat(64 * 1024)),
      /the disk is full \(ENOSPC\): cannot write .*session\.json/,
    );
    assert.equal(await readFile(path, 'utf8'), 'old');
    assert.deepEqual(
      (await readdir(second.dir)).sort(),
      ['filler', 'session.json'],
      'no temp file left',
    );
    await rm(filler);
    await writeFileAtomic(path, 'new');
    assert.equal(await readFile(path, 'utf8'), 'new');
  } finally {
    await second.unmount();
  }
});
