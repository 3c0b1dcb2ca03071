import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import type { SettingsError } from './resolve-settings.ts';
import { readSettingsFile } from './settings-file.ts';

test('a settings file that is not JSON is refused saying where it breaks, never quoting it', async () => {
  const path = join(await tempDir(), 'settings.json');
  for (const text of [
    '{"mcpServers": {"gh": {"command": "npx", "env": {"TOKEN": "ghp_file-s3cret" "X": 1}}}}',
    'ghp_file-s3cret',
    '{"npmToken": "ghp_file-s3cret",\n  oops}',
  ]) {
    await writeFile(path, text);
    await assert.rejects(readSettingsFile(path), (error: SettingsError) => {
      assert.match(error.problems[0] ?? '', /settings\.json: is not valid JSON/);
      assert.ok(!error.message.includes('s3cret'), error.message);
      return true;
    });
  }
  await writeFile(path, '{\n  "a": 1,\n  oops}');
  await assert.rejects(readSettingsFile(path), /is not valid JSON \(line 3, column 3\)/);
});
