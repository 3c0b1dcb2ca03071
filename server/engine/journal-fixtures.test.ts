import assert from 'node:assert/strict';
import { cp, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { startEngine } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';

const FIXTURES = new URL('./fixtures/journals-2026-12/', import.meta.url);

interface Expected {
  probe: string;
  value: string;
  head: string;
}

test('journals an earlier version wrote, with fetches and imports, restore to the same heap ids and values with no network or registry', async () => {
  const expected: Record<string, Expected> = JSON.parse(
    await readFile(new URL('expected.json', FIXTURES), 'utf8'),
  );
  const dataDir = await tempDir();
  await cp(FIXTURES, dataDir, { recursive: true });
  // No network, and packages from nowhere: everything comes from the journal and its blobs.
  const engine = await startEngine({
    dataDir,
    workers: 1,
    packages: { enabled: false, registry: 'http://127.0.0.1:9/', allow: [] },
  });
  for (const [session, { probe, value, head }] of Object.entries(expected)) {
    const listed = engine.listSessions().find((each) => each.name === session);
    assert.equal(listed?.head, head, `${session} reads to the heap it had`);
    assert.equal(listed?.damaged, undefined);
    assert.equal(listed?.recovered, undefined);
    const result = await engine.run({ session, code: probe });
    assert.equal(result.error, undefined, `${session}: ${JSON.stringify(result.error)}`);
    assert.equal(result.value, value, `${session} holds the values its runs made`);
    assert.equal(result.parent, head);
    assert.equal(result.restoredFrom, 'replay');
  }
});
