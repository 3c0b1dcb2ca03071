import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { dataLayout } from './data-dir.ts';
import { completeEntry, type JournalEntry, ROOT_HEAP } from './journal-entry.ts';
import { appendJournal } from './journal-file.ts';
import type { LoadedPackage } from './package-record.ts';
import { pinsAt, SessionPins } from './session-pins.ts';

const loaded = (name: string): LoadedPackage => ({
  name,
  version: '1.0.0',
  integrity: `sha512-${name}`,
  tarball: 't'.repeat(64),
  bytes: 10,
  bundle: name.repeat(64),
  bundleBytes: 20,
  dependencies: [],
});

/** A chain of entries, each importing the package it names. */
function importing(names: string[]): JournalEntry[] {
  let parent = ROOT_HEAP;
  return names.map((name, i) => {
    const entry = completeEntry(
      { parent, code: name, script: name, time: 1000 + i, seed: i, output: 1024 },
      {
        ticks: 0,
        check: 0,
        ms: 1,
        effects: [{ kind: 'import', batch: [{ specifier: name, package: loaded(name), ms: 1 }] }],
      },
    );
    parent = entry.heap;
    return entry;
  });
}

test('the pins at a heap are those of the journal chain up to it, whatever the lockfile says', async () => {
  const layout = dataLayout(await tempDir());
  const [a, b] = importing(['a', 'b']);
  assert.ok(a && b);
  await mkdir(layout.session('s'), { recursive: true });
  await appendJournal(layout.journal('s'), [a, b], 0);
  await writeFile(layout.packageLock('s'), '{ "lockfileVersion": 1, "packages": {} }');
  const pinned = async (heap: string) => Object.keys((await pinsAt(layout, 's', heap)).packages);
  assert.deepEqual(await pinned(ROOT_HEAP), []);
  assert.deepEqual(await pinned(a.heap), ['a@1.0.0']);
  assert.deepEqual(await pinned(b.heap), ['a@1.0.0', 'b@1.0.0']);
  assert.deepEqual(await pinned('f'.repeat(32)), []);
});

test("a session's lockfile is written as its entries pin packages, and one that disagrees is written again and said", async () => {
  const layout = dataLayout(await tempDir());
  const [a, b] = importing(['a', 'b']);
  assert.ok(a && b);
  await mkdir(layout.session('s'), { recursive: true });
  const pins = new SessionPins(layout);
  const file = async () =>
    Object.keys(JSON.parse(await readFile(layout.packageLock('s'), 'utf8')).packages);
  assert.equal(
    await pins.opened('s', [a]),
    'recovered: packages.lock.json was behind the journal, as a crash between a commit and its write leaves it (there is none): imports follow the journal, and the file was written again from it',
  );
  assert.deepEqual(await file(), ['a@1.0.0']);
  assert.equal(await pins.appended('s', b), undefined);
  assert.deepEqual(await file(), ['a@1.0.0', 'b@1.0.0']);
  assert.deepEqual(Object.keys(pins.of('s').packages), ['a@1.0.0', 'b@1.0.0']);
  // Edited while the server was stopped: the next start writes it again from the journal.
  await writeFile(layout.packageLock('s'), '{ torn');
  assert.match(
    (await new SessionPins(layout).opened('s', [a, b])) ?? '',
    /disagreed with the journal \(it is not JSON\)/,
  );
  assert.deepEqual(await file(), ['a@1.0.0', 'b@1.0.0']);
  pins.forget('s');
  assert.deepEqual(pins.of('s').packages, {});
});
