import assert from 'node:assert/strict';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { RotatingLog } from './rotating-log.ts';

const STAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z line \d+$/;

test('each line is stamped, the file rotates by size, and only the newest older files are kept', async () => {
  const dir = await tempDir();
  const log = new RotatingLog({ dir, name: 'server.log', maxBytes: 200, keep: 2 });
  for (let n = 1; n <= 40; n++) {
    log.write(`line ${n}`);
    await log.flushed();
  }
  assert.deepEqual((await readdir(dir)).sort(), ['server.log', 'server.log.1', 'server.log.2']);
  const lines: string[] = [];
  for (const name of ['server.log.2', 'server.log.1', 'server.log']) {
    assert.ok((await stat(join(dir, name))).size <= 200, `${name} stays under the limit`);
    lines.push(...(await readFile(join(dir, name), 'utf8')).trimEnd().split('\n'));
  }
  for (const line of lines) assert.match(line, STAMPED);
  const numbers = lines.map((line) => Number(line.split(' ').at(-1)));
  assert.equal(numbers.at(-1), 40, 'the newest line is last in the current file');
  assert.ok(numbers[0] !== undefined && numbers[0] > 1, 'the oldest lines were pruned');
  assert.deepEqual(
    numbers,
    numbers.map((_, index) => (numbers[0] as number) + index),
    'the kept lines are in order, none lost between files',
  );
});

test('lines written at once are appended in order, and a deleted folder is made again', async () => {
  const dir = join(await tempDir(), 'logs');
  const log = new RotatingLog({ dir, name: 'server.log' });
  for (let n = 1; n <= 5; n++) log.write(`line ${n}`);
  await log.flushed();
  const first = (await readFile(join(dir, 'server.log'), 'utf8')).trimEnd().split('\n');
  assert.deepEqual(
    first.map((line) => line.replace(/^\S+ /, '')),
    ['line 1', 'line 2', 'line 3', 'line 4', 'line 5'],
  );
  await rm(dir, { recursive: true });
  log.write('line 6');
  await log.flushed();
  const text = await readFile(join(dir, 'server.log'), 'utf8');
  assert.match(text, /^\S+ line 6\n$/);
});

test('a write that fails is reported, never thrown, and the log goes on once it can write', async () => {
  const dir = join(await tempDir(), 'logs');
  // A file where the folder should be: the folder cannot be made.
  await writeFile(dir, 'not a folder');
  const errors: Error[] = [];
  const log = new RotatingLog({ dir, name: 'server.log', onError: (error) => errors.push(error) });
  log.write('line 1');
  await log.flushed();
  assert.equal(errors.length, 1);
  assert.match(errors[0]?.message ?? '', /EEXIST|ENOTDIR/);
  await rm(dir);
  log.write('line 2');
  await log.flushed();
  assert.match(await readFile(join(dir, 'server.log'), 'utf8'), /^\S+ line 2\n$/);
  assert.equal(errors.length, 1);
});

test("the server's log and its folder are the owner's alone", {
  skip: process.platform === 'win32' && 'Windows has no POSIX modes',
}, async () => {
  const dir = join(await tempDir(), 'app-logs');
  const log = new RotatingLog({ dir, name: 'server.log', maxBytes: 1000, keep: 1 });
  log.write('a line');
  await log.flushed();
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  assert.equal((await stat(join(dir, 'server.log'))).mode & 0o777, 0o600);
});
