import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { makeAdminToken, readOrMakeAdminToken } from './admin-token-file.ts';

test('the admin token is made once, kept owner-only, and read back the next time', async () => {
  const path = join(await tempDir(), 'admin-token');
  const made = await readOrMakeAdminToken(path);
  assert.match(made, /^[\w-]{32}$/);
  assert.equal(await readOrMakeAdminToken(path), made);
  if (process.platform !== 'win32') assert.equal((await stat(path)).mode & 0o777, 0o600);
});

test('a new admin token replaces the kept one', async () => {
  const path = join(await tempDir(), 'admin-token');
  const first = await readOrMakeAdminToken(path);
  const second = await makeAdminToken(path);
  assert.notEqual(second, first);
  assert.equal((await readFile(path, 'utf8')).trim(), second);
});

test('a token file holding something else gets a new token', async () => {
  const path = join(await tempDir(), 'admin-token');
  await writeFile(path, 'short\n');
  const token = await readOrMakeAdminToken(path);
  assert.match(token, /^[\w-]{32}$/);
  assert.equal(await readOrMakeAdminToken(path), token);
});
