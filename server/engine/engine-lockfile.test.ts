import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { dataLayout } from '../store/data-dir.ts';
import { startEngine, value } from '../test-support/engine.ts';
import { cjsCounter, esmGreet } from '../test-support/npm-fixtures.ts';
import { startNpmRegistry, type TestRegistry } from '../test-support/npm-registry.ts';
import { newTempDir } from '../test-support/temp-dir.ts';
import type { Engine } from './engine.ts';

// A session's lockfile is a copy of its journal's pins: edited by hand, it is never followed,
// it is written again from the journal, and the session's `recovered` note and the log say so.
// Real workers, a real registry protocol on 127.0.0.1.
let registry: TestRegistry;
before(async () => {
  registry = await startNpmRegistry();
  await registry.publish(esmGreet, cjsCounter);
});
after(() => registry.close());

const policy = () => ({ packages: { enabled: true, registry: registry.url, allow: [] } });

/** A session that pinned esm-greet@1.0.0 and cjs-counter@1.0.0, both bundles in the cache. */
async function pinnedSession(dataDir: string, log: string[]): Promise<Engine> {
  const engine = await startEngine({ dataDir, ...policy(), log: (line) => log.push(line) });
  await value(engine, {
    session: 'locked',
    code: "import greet from 'esm-greet'; import counter from 'cjs-counter'; 1",
  });
  return engine;
}

const recovered = (engine: Engine) =>
  engine.listSessions().find((session) => session.name === 'locked')?.recovered ?? '';

/** Edits of the lockfile: a pin pointed at another cached bundle, and a version never pinned. */
function edits(written: string): { swapped: string; invented: string } {
  const swapped = JSON.parse(written);
  const greet = swapped.packages['esm-greet@1.0.0'];
  const counter = swapped.packages['cjs-counter@1.0.0'];
  greet.bundles['.'] = counter.bundles['.'];
  const invented = JSON.parse(written);
  invented.packages['esm-greet@1.5.0'] = { ...greet, version: '1.5.0' };
  return { swapped: JSON.stringify(swapped), invented: JSON.stringify(invented) };
}

test('an edited lockfile is never followed: an import loads the bundle the journal pinned, the file is written again, and the mismatch is reported', async () => {
  const dataDir = await newTempDir();
  const log: string[] = [];
  const engine = await pinnedSession(dataDir, log);
  const path = dataLayout(dataDir).packageLock('locked');
  const written = await readFile(path, 'utf8');
  const { swapped, invented } = edits(written);
  // Each import has a specifier the heap has not loaded yet, so it asks the host.
  const cases = [
    { text: swapped, specifier: 'npm:esm-greet@^1', said: 'esm-greet@1.0.0 differs' },
    { text: invented, specifier: 'npm:esm-greet', said: 'esm-greet@1.5.0 was never pinned' },
    { text: '{ not json', specifier: 'npm:esm-greet@1', said: 'it is not JSON' },
  ];
  for (const { text, specifier, said } of cases) {
    await writeFile(path, text);
    const result = await engine.run({
      session: 'locked',
      code: `await import('${specifier}').then((ns) => [ns.version, ns.default('x')])`,
    });
    assert.equal(result.ok, true, `${specifier}: ${JSON.stringify(result.error)}`);
    assert.equal(result.value, "[ '1.0.0', 'hello x' ]", specifier);
    assert.equal(await readFile(path, 'utf8'), written, 'written again from the journal');
    const note = `recovered: packages.lock.json disagreed with the journal (${said}): imports follow the journal, and the file was written again from it`;
    assert.ok(recovered(engine).includes(note), recovered(engine));
    assert.ok(log.includes(`session locked ${note}`), log.join('\n'));
  }
});

test('a lockfile edited while the engine was stopped is written again from the journal at start, and the log says so', async () => {
  const dataDir = await newTempDir();
  const first = await pinnedSession(dataDir, []);
  await first.close();
  const path = dataLayout(dataDir).packageLock('locked');
  const written = await readFile(path, 'utf8');
  await writeFile(path, edits(written).swapped);

  const log: string[] = [];
  const engine = await startEngine({ dataDir, ...policy(), log: (line) => log.push(line) });
  const note =
    'recovered: packages.lock.json disagreed with the journal (esm-greet@1.0.0 differs): imports follow the journal, and the file was written again from it';
  assert.deepEqual(log, [`session locked ${note}`]);
  assert.equal(recovered(engine), note);
  assert.equal(await readFile(path, 'utf8'), written);
  assert.equal(
    await value(engine, {
      session: 'locked',
      code: "await import('npm:esm-greet@^1').then((ns) => [ns.version, ns.default('x')])",
    }),
    "[ '1.0.0', 'hello x' ]",
  );
});
