import assert from 'node:assert/strict';
import { chown, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { writeFileAtomic } from './atomic-write.ts';

test('a rename that fails leaves no temporary file beside the target', async () => {
  const dir = await tempDir('mcp-isolate-atomic-');
  // A folder where the file goes: the content is written, and only the rename fails.
  await mkdir(join(dir, 'target'));
  await assert.rejects(writeFileAtomic(join(dir, 'target'), 'new'));
  assert.deepEqual(await readdir(dir), ['target']);
});

test('a hook that throws before the rename leaves the file as it was, and no temporary file', async () => {
  const dir = await tempDir('mcp-isolate-atomic-');
  const file = join(dir, 'file');
  await writeFile(file, 'old');
  const beforeRename = async () => {
    assert.equal(await readFile(file, 'utf8'), 'old');
    throw new Error('changed meanwhile');
  };
  await assert.rejects(writeFileAtomic(file, 'new', 0o600, { beforeRename }), /changed meanwhile/);
  assert.equal(await readFile(file, 'utf8'), 'old');
  assert.deepEqual(await readdir(dir), ['file']);
});

test('a file written for another owner is theirs, with the mode asked for', {
  skip: process.getuid?.() !== 0 && 'only root can give a file away',
}, async () => {
  const dir = await tempDir('mcp-isolate-atomic-');
  const file = join(dir, 'file');
  await writeFile(file, 'old');
  await chown(file, 65534, 65534);
  await writeFileAtomic(file, 'new', 0o640, { owner: { uid: 65534, gid: 65534 } });
  const stats = await stat(file);
  assert.deepEqual([stats.uid, stats.gid, stats.mode & 0o777], [65534, 65534, 0o640]);
});
