import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmod,
  chown,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { ClientConfigError } from './client-config-error.ts';
import {
  BACKUP_SUFFIX,
  type ConfigRead,
  readConfigFile,
  replaceConfigFile,
} from './config-file.ts';

test('a file another program changed after it was read is not replaced', async () => {
  const dir = await tempDir('mcp-isolate-config-');
  const file = join(dir, 'mcp.json');
  await writeFile(file, '{"mcpServers": {}}');
  const read = await readConfigFile(file);
  assert.equal(read.kind, 'read');
  if (read.kind !== 'read') return;
  await writeFile(file, '{"mcpServers": {"theirs": {}}}');
  await assert.rejects(
    replaceConfigFile(file, '{"mine": true}\n', read),
    (error) => error instanceof ClientConfigError && error.code === 'client_config_changed',
  );
  assert.equal(await readFile(file, 'utf8'), '{"mcpServers": {"theirs": {}}}');
  assert.deepEqual(await readdir(dir), ['mcp.json']);
});

test('a file that appeared after it was found missing is not replaced', async () => {
  const dir = await tempDir('mcp-isolate-config-');
  const file = join(dir, 'mcp.json');
  const read = await readConfigFile(file);
  assert.equal(read.kind, 'missing');
  if (read.kind !== 'missing') return;
  await writeFile(file, '{}');
  await assert.rejects(replaceConfigFile(file, '{"mine": true}\n', read), /changed while/);
  assert.equal(await readFile(file, 'utf8'), '{}');
});

test('a folder or a file that is not UTF-8 is a problem, not a config', async () => {
  const dir = await tempDir('mcp-isolate-config-');
  await mkdir(join(dir, 'folder.json'));
  const folder = await readConfigFile(join(dir, 'folder.json'));
  assert.match(folder.kind === 'problem' ? folder.problem : '', /is not a file/);
  await writeFile(join(dir, 'latin1.json'), Buffer.from([0x7b, 0xe9, 0x7d]));
  const latin1 = await readConfigFile(join(dir, 'latin1.json'));
  assert.match(latin1.kind === 'problem' ? latin1.problem : '', /is not UTF-8 text/);
});

/** The file as read, for a test to replace. */
async function readOk(file: string) {
  const read = await readConfigFile(file);
  assert.equal(read.kind, 'read', read.kind === 'problem' ? read.problem : '');
  return read as ConfigRead & { kind: 'read' };
}

test('the client writing its file just before the rename keeps its write, and nothing else is left', async () => {
  const dir = await tempDir('mcp-isolate-config-');
  const file = join(dir, '.claude.json');
  await writeFile(file, '{"numStartups": 1}');
  const read = await readOk(file);
  // The worst moment: the new content is synced beside it, the first check long passed.
  const meanwhile = () => writeFile(file, '{"numStartups": 2}');
  const error = await replaceConfigFile(file, '{"mine": true}\n', read, { meanwhile }).catch(
    (error: unknown) => error,
  );
  assert.ok(error instanceof ClientConfigError && error.code === 'client_config_changed');
  assert.equal(await readFile(file, 'utf8'), '{"numStartups": 2}');
  assert.deepEqual((await readdir(dir)).sort(), [
    '.claude.json',
    '.claude.json.mcp-isolate-backup',
  ]);
});

test('a link or a hard link at the backup’s name is replaced, never written through', async () => {
  const dir = await tempDir('mcp-isolate-config-');
  const file = join(dir, 'mcp.json');
  const keys = join(dir, 'authorized_keys');
  const bashrc = join(dir, '.bashrc');
  await writeFile(keys, 'ssh-ed25519 AAAA user@host\n');
  await writeFile(bashrc, 'export PATH=/bin\n');
  for (const plant of [
    () => symlink(keys, `${file}${BACKUP_SUFFIX}`),
    () => link(bashrc, `${file}${BACKUP_SUFFIX}`),
  ]) {
    await rm(`${file}${BACKUP_SUFFIX}`, { force: true });
    await plant();
    await writeFile(file, '{"mcpServers": {}}');
    const { backupPath } = await replaceConfigFile(file, '{"mine": true}\n', await readOk(file));
    assert.equal(backupPath, `${file}${BACKUP_SUFFIX}`);
    const backup = await lstat(`${file}${BACKUP_SUFFIX}`);
    assert.ok(backup.isFile() && backup.nlink === 1);
    assert.equal(await readFile(`${file}${BACKUP_SUFFIX}`, 'utf8'), '{"mcpServers": {}}');
  }
  assert.equal(await readFile(keys, 'utf8'), 'ssh-ed25519 AAAA user@host\n');
  assert.equal(await readFile(bashrc, 'utf8'), 'export PATH=/bin\n');
});

test('a byte order mark is read as part of the text, and the backup keeps the exact bytes', async () => {
  const dir = await tempDir('mcp-isolate-config-');
  const file = join(dir, 'mcp.json');
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{\r\n}\r\n')]);
  await writeFile(file, bytes);
  const read = await readOk(file);
  assert.ok(read.text.startsWith('\uFEFF{'));
  const { backupPath } = await replaceConfigFile(file, '\uFEFF{}\n', read);
  assert.deepEqual(await readFile(backupPath ?? ''), bytes);
  assert.deepEqual((await readFile(file)).subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
});

test('a link to a missing file is refused, and stays a link', async () => {
  const dir = await tempDir('mcp-isolate-config-');
  const file = join(dir, '.claude.json');
  await symlink(join(dir, 'dotfiles', 'claude.json'), file);
  const read = await readConfigFile(file);
  assert.match(
    read.kind === 'problem' ? read.problem : '',
    /\.claude\.json is a link to a missing file \(.*dotfiles\/claude\.json\)/,
  );
  assert.ok((await lstat(file)).isSymbolicLink());
});

test('a file its owner made read-only is refused and left as it is', async () => {
  const dir = await tempDir('mcp-isolate-config-');
  const file = join(dir, 'mcp.json');
  await writeFile(file, '{}');
  await chmod(file, 0o444);
  const error = await replaceConfigFile(file, '{"mine": true}\n', await readOk(file)).catch(
    (error: unknown) => error,
  );
  assert.ok(error instanceof ClientConfigError && error.code === 'client_config_refused');
  assert.match(
    error.message,
    /mcp\.json is read-only: MCP Isolate leaves it as it is; make it writable/,
  );
  assert.equal(await readFile(file, 'utf8'), '{}');
  assert.deepEqual(await readdir(dir), ['mcp.json']);
});

test('run as root, a file of another user’s stays theirs, and so does its backup', {
  skip: process.getuid?.() !== 0 && 'only root writes another user’s file',
}, async () => {
  const dir = await tempDir('mcp-isolate-config-');
  const file = join(dir, 'mcp.json');
  await writeFile(file, '{}');
  await chmod(file, 0o600);
  await chown(file, 65534, 65534);
  const { backupPath } = await replaceConfigFile(file, '{"mine": true}\n', await readOk(file));
  for (const written of [file, backupPath ?? '']) {
    const stats = await stat(written);
    assert.deepEqual([stats.uid, stats.gid, stats.mode & 0o777], [65534, 65534, 0o600], written);
  }
});

test('a FIFO at the path is not a file, and reading it does not wait for a writer', {
  skip: process.platform === 'win32' && 'Windows has no FIFOs',
  timeout: 20_000,
}, async () => {
  const dir = await tempDir('mcp-isolate-config-');
  const fifo = join(dir, 'mcp.json');
  execFileSync('mkfifo', [fifo]);
  const read = await readConfigFile(fifo);
  assert.match(read.kind === 'problem' ? read.problem : '', /is not a file/);
});
