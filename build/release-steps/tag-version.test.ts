import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tagMismatch } from './tag-version.ts';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('tag-version.ts', import.meta.url));

test('a tag that is v and the version releases it', () => {
  assert.equal(tagMismatch('v0.1.0', '0.1.0'), undefined);
  assert.equal(tagMismatch('v1.2.3-beta.1', '1.2.3-beta.1'), undefined);
});

test('any other tag is refused, naming the version it should be', () => {
  for (const tag of ['v0.1.1', '0.1.0', 'v0.1', 'v0.1.0-rc.1', 'release-0.1.0', 'V0.1.0']) {
    assert.match(tagMismatch(tag, '0.1.0') ?? '', /is not v0\.1\.0, package\.json's version/, tag);
  }
});

test("the command accepts v + package.json's version and fails on another tag", async () => {
  const { version } = JSON.parse(
    await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
  );
  await run(process.execPath, [SCRIPT, `v${version}`]);
  await assert.rejects(
    run(process.execPath, [SCRIPT, `v${version}.9`]),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, new RegExp(`is not v${version.replaceAll('.', '\\.')}`));
      return true;
    },
  );
});
