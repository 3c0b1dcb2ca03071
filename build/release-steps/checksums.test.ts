import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { writeChecksums } from './checksums.ts';

const run = promisify(execFile);

async function release() {
  const dir = await tempDir();
  const files = {
    'mcp-isolate_0.1.0_amd64.deb': Buffer.alloc(3 * 1024 * 1024, 7),
    'latest-linux.yml': Buffer.from('version: 0.1.0\n'),
    'mcp-isolate-0.1.0-win-x64-setup.exe': Buffer.from([0, 1, 2, 255]),
  };
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  return { dir, files };
}

test('SHA256SUMS has a line per file, sorted by name, with its SHA-256', async () => {
  const { dir, files } = await release();
  const text = await writeChecksums(dir);
  const expected = Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, bytes]) => `${createHash('sha256').update(bytes).digest('hex')}  ${name}`);
  assert.equal(text, `${expected.join('\n')}\n`);
});

test('written again, SHA256SUMS does not sum itself', async () => {
  const { dir } = await release();
  const first = await writeChecksums(dir);
  assert.equal(await writeChecksums(dir), first);
});

test('sha256sum -c accepts the file, and catches a file changed after it', {
  skip: process.platform === 'linux' ? undefined : 'coreutils sha256sum is the Linux check',
}, async () => {
  const { dir } = await release();
  await writeChecksums(dir);
  await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir });
  await writeFile(join(dir, 'latest-linux.yml'), 'version: 0.1.1\n');
  await assert.rejects(
    run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir }),
    (error: { stdout: string }) => {
      assert.match(error.stdout, /latest-linux\.yml: FAILED/);
      return true;
    },
  );
});
