import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { effectFields } from '../../contract/effect-kinds.ts';
import { dataLayout } from '../store/data-dir.ts';
import { startEngine } from '../test-support/engine.ts';
import { esmGreet } from '../test-support/npm-fixtures.ts';
import { startNpmRegistry, type TestRegistry } from '../test-support/npm-registry.ts';
import { type RemoteSite, startRemoteSite } from '../test-support/remote-site.ts';
import { newTempDir } from '../test-support/temp-dir.ts';

// Fetches and imports in one run: one effect channel, one ordered record, one replay.
let site: RemoteSite;
let registry: TestRegistry;
before(async () => {
  site = await startRemoteSite();
  registry = await startNpmRegistry();
  await registry.publish(esmGreet);
});
after(() => Promise.all([site.close(), registry.close()]));

test("a run's fetches and imports are recorded in the order the guest received them, reported in the order asked, and replayed from the record", async () => {
  const dataDir = await newTempDir();
  const policies = {
    net: { allowNet: [site.host], netHeaders: [] },
    packages: { enabled: true, registry: registry.url, allow: [] },
  };
  const engine = await startEngine({ dataDir, snapshotIdleMs: 60_000, ...policies });
  const code = [
    `var first = await (await fetch('${site.origin}/text')).text();`,
    "var { default: greet } = await import('esm-greet');",
    `var second = (await fetch('${site.origin}/nowhere')).status;`,
    '[first, greet("both"), second]',
  ].join('\n');
  const result = await engine.run({ session: 'both', code });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.equal(result.value, "[ 'hello', 'hello both', 404 ]");
  assert.deepEqual(
    effectFields(result.effects).requests?.map(({ url, status }) => [url, status]),
    [
      [`${site.origin}/text`, 200],
      [`${site.origin}/nowhere`, 404],
    ],
  );
  assert.deepEqual(
    effectFields(result.effects).packages?.map(({ specifier, from }) => [specifier, from]),
    [['esm-greet', 'built']],
  );
  await engine.close();

  const layout = dataLayout(dataDir);
  const [entry] = (await readFile(layout.journal('both'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    entry.effects.map(({ kind, batch }: { kind: string; batch: unknown[] }) => [
      kind,
      batch.length,
    ]),
    [
      ['fetch', 1],
      ['import', 1],
      ['fetch', 1],
    ],
  );
  assert.equal(entry.net, undefined);
  assert.equal(entry.packages, undefined);

  // With no site, no registry and no snapshot, the heap comes back from the record alone.
  await rm(layout.snapshots, { recursive: true, force: true });
  const offline = await startEngine({
    dataDir,
    net: { allowNet: [], netHeaders: [] },
    packages: { enabled: false, registry: 'http://127.0.0.1:9/', allow: [] },
  });
  const seen = { site: site.received.length, registry: registry.received.length };
  const again = await offline.run({ session: 'both', code: '[first, second, greet("again")]' });
  assert.equal(again.error, undefined, JSON.stringify(again.error));
  assert.equal(again.value, "[ 'hello', 404, 'hello again' ]");
  assert.equal(again.restoredFrom, 'replay');
  assert.deepEqual(
    { site: site.received.length, registry: registry.received.length },
    seen,
    'replay asked no one',
  );
});
