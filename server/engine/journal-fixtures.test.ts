import assert from 'node:assert/strict';
import { cp, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { startEngine } from '../test-support/engine.ts';
import { scriptedHost } from '../test-support/fake-host.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import type { EngineOptions } from './engine-types.ts';

interface Expected {
  probe: string;
  value: string;
  head: string;
}

/** Copies a fixture's data directory and checks each session restores by replay as expected. */
async function restoresByReplay(fixture: string, options: EngineOptions): Promise<void> {
  const fixtures = new URL(`./fixtures/${fixture}/`, import.meta.url);
  const expected: Record<string, Expected> = JSON.parse(
    await readFile(new URL('expected.json', fixtures), 'utf8'),
  );
  const dataDir = await tempDir();
  await cp(fixtures, dataDir, { recursive: true });
  const engine = await startEngine({ ...options, dataDir, workers: 1 });
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
}

test('journals an earlier version wrote, with fetches and imports, restore to the same heap ids and values with no network or registry', async () => {
  // No network, and packages from nowhere: everything comes from the journal and its blobs.
  await restoresByReplay('journals-2026-12', {
    packages: { enabled: false, registry: 'http://127.0.0.1:9/', allow: [] },
  });
});

test('journals an earlier version wrote, with MCP tool calls, restore to the same heap ids and values without calling any server', async () => {
  // No server configured, and a host that counts: the calls' results come from the blobs.
  const host = scriptedHost(() => ({ refused: 'no server is called in a replay' }));
  await restoresByReplay('journals-2026-12-mcp', { host });
  assert.deepEqual(host.asks, []);
});
