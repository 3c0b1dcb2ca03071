import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { ClientConfigError } from './client-config-error.ts';
import { readConfigFile, replaceConfigFile } from './config-file.ts';

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
