import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { failure, startEngine, value } from '../test-support/engine.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { Engine } from './engine.ts';

// What code does with a session's files through real workers: node:fs in the guest
// (guest/files.js, node-fs.js, display.js) over the worker's trees, kept by the journal.

test("files code writes are in the session's later runs, and a failed run's writes are not", async () => {
  const engine = await startEngine({ workers: 1 });
  const session = 'writes';
  await value(engine, {
    session,
    code: "import fs from 'node:fs'; fs.mkdirSync('out'); fs.writeFileSync('out/a.txt', 'one')",
  });
  await failure(engine, {
    session,
    code: "fs.writeFileSync('out/a.txt', 'lost'); fs.writeFileSync('b', 'lost'); throw new Error('no')",
  });
  assert.equal(
    await value(engine, {
      session,
      code: "fs.appendFileSync('out/a.txt', ' two'); [fs.readFileSync('/work/out/a.txt', 'utf8'), fs.existsSync('b')]",
    }),
    "[ 'one two', false ]",
  );
  const read = await engine.readFile({ session, path: '/work/out/a.txt' });
  assert.equal(read.bytes.toString(), 'one two');
});

test("a run's display() is shown in its report and kept as a file", async () => {
  const engine = await startEngine({ workers: 1 });
  const result = await engine.run({
    session: 'shows',
    code: "display('<b>hi</b>', 'text/html'); display('plain', 'text/plain')",
  });
  assert.equal(result.ok, true, JSON.stringify(result.error));
  assert.deepEqual(result.files?.shown, [
    { path: '/display/1.html', mimeType: 'text/html', kind: 'text', size: 9 },
    { path: '/display/2.txt', mimeType: 'text/plain', kind: 'text', size: 5 },
  ]);
  const read = await engine.readFile({ session: 'shows', path: '/display/1.html' });
  assert.equal(read.bytes.toString(), '<b>hi</b>');
});

test('after a restart with every snapshot deleted, runs that read and wrote files replay to the same heap', async () => {
  const dataDir = await tempDir();
  const first = await Engine.start({ dataDir, workers: 1, log: () => undefined });
  const session = 'replayed';
  const runs = [
    {
      code: "import fs from 'node:fs'; var seen = fs.readFileSync('in.txt', 'utf8'); fs.writeFileSync('out.txt', seen.toUpperCase())",
      files: { 'in.txt': 'given' },
    },
    { code: "seen += fs.readFileSync('out.txt', 'utf8'); display(seen, 'text/plain'); seen" },
  ];
  for (const input of runs) {
    const result = await first.run({ session, ...input });
    assert.equal(result.ok, true, JSON.stringify(result.error));
  }
  await first.close();
  await rm(join(dataDir, 'snapshots'), { recursive: true, force: true });
  const second = await startEngine({ dataDir, workers: 1 });
  const next = await second.run({
    session,
    code: "[seen, fs.readdirSync('/display'), fs.readFileSync('out.txt', 'utf8')]",
  });
  assert.equal(next.ok, true, JSON.stringify(next.error));
  assert.equal(next.restoredFrom, 'replay');
  assert.equal(next.value, "[ 'givenGIVEN', [ '1.txt' ], 'GIVEN' ]");
});
