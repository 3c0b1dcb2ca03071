import assert from 'node:assert/strict';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { blobHash } from '../store/blob-store.ts';
import { BLOB_GRACE_MS } from '../store/blob-sweep.ts';
import { startEngine, value } from '../test-support/engine.ts';
import { scriptedHost, textResult } from '../test-support/fake-host.ts';
import { esmGreet } from '../test-support/npm-fixtures.ts';
import { startNpmRegistry, type TestRegistry } from '../test-support/npm-registry.ts';
import { type RemoteSite, startRemoteSite } from '../test-support/remote-site.ts';
import { newTempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Engine } from './engine.ts';

// The blob store swept by a real engine: what a deleted session alone named goes, what any
// session still names stays and still replays.
let registry: TestRegistry;
let site: RemoteSite;
before(async () => {
  registry = await startNpmRegistry();
  await registry.publish(esmGreet);
  site = await startRemoteSite();
});
after(async () => {
  await registry.close();
  await site.close();
});

/** An engine whose every unnamed blob is past its grace, and a promise of each sweep it logs. */
async function sweepingEngine(dataDir?: string) {
  const logged: string[] = [];
  // A user's MCP server with one tool, which counts the calls it gets.
  const host = scriptedHost((request) =>
    textResult(request.type === 'tool-call' ? `echo ${request.arguments}` : ''),
  );
  const engine = await startEngine({
    blobGraceMs: 0,
    host,
    upstream: { servers: { github: { allowTools: ['*'], disabled: false } } },
    net: { allowNet: [site.host], netHeaders: [] },
    packages: { enabled: true, registry: registry.url, allow: [] },
    log: (message) => logged.push(message),
    ...(dataDir !== undefined && { dataDir }),
  });
  return { engine, logged, host };
}

/** The hashes in the blob store now. */
async function blobs(engine: Engine): Promise<Set<string>> {
  const root = join(engine.layout.root, 'blobs');
  const folders = await readdir(root).catch(() => []);
  const names = await Promise.all(folders.map((folder) => readdir(join(root, folder))));
  return new Set(names.flat());
}

test("a deleted session's own blobs go; its fetch bodies, bundles, tool results and files stay while a fork names them", async () => {
  const dataDir = await newTempDir();
  const { engine } = await sweepingEngine(dataDir);
  await value(engine, {
    session: 'parent',
    files: { 'given.txt': 'given to the run' },
    code: `import greet from 'esm-greet';
      import { readFileSync, writeFileSync } from 'node:fs';
      const body = await (await fetch('${site.origin}/text')).text();
      const echoed = await mcp.github.echo({ q: 1 });
      writeFileSync('out.txt', greet(body) + ' / ' + readFileSync('given.txt', 'utf8'));
      'ok'`,
  });
  const parentHead = engine.listSessions().find((s) => s.name === 'parent')?.head ?? '';
  await engine.fork({ heap: parentHead, session: 'fork' });
  const shared = await blobs(engine);
  await value(engine, {
    session: 'alone',
    files: { 'mine.txt': 'only this session has this' },
    code: `import { writeFileSync } from 'node:fs'; writeFileSync('also.txt', 'and this'); 1`,
  });
  assert.ok((await blobs(engine)).size > shared.size);
  await engine.deleteSession('alone');
  await engine.sweepBlobs();
  assert.deepEqual(await blobs(engine), shared);

  // The parent goes; the fork names all it had, and still replays from them alone.
  await engine.deleteSession('parent');
  assert.deepEqual((await engine.sweepBlobs()).removed, 0);
  assert.deepEqual(await blobs(engine), shared);
  await engine.close();
  await rm(join(dataDir, 'snapshots'), { recursive: true, force: true });
  const { engine: again, host } = await sweepingEngine(dataDir);
  assert.equal(
    await value(again, {
      session: 'fork',
      code: `greet('x') + ' ' + echoed + ' ' + readFileSync('out.txt', 'utf8')`,
    }),
    `'hello x echo {"q":1} hello hello / given to the run'`,
  );
  // The replay served the tool's result from the store, and asked no server.
  assert.equal(host.asks.length, 0);
  assert.equal(
    (await again.readFile({ session: 'fork', path: 'out.txt' })).bytes.toString(),
    'hello hello / given to the run',
  );

  await again.deleteSession('fork');
  await again.sweepBlobs();
  assert.deepEqual(await blobs(again), new Set());
});

test('the files a session wrote and removed leave blobs/ once it is deleted, without being asked', async () => {
  const { engine, logged } = await sweepingEngine();
  const code = `
    import { writeFileSync } from 'node:fs';
    const b = new Uint8Array(8 * 1024 * 1024);
    for (let i = 0; i < b.length; i += 4096) b[i] = Math.random() * 256;
    writeFileSync('big.bin', b);
    'ok'`;
  for (let i = 0; i < 5; i++) await value(engine, { session: 'filler', code });
  await value(engine, {
    session: 'filler',
    code: `import { rmSync } from 'node:fs'; rmSync('big.bin'); 1`,
  });
  assert.ok((await blobs(engine)).size >= 5);
  await engine.deleteSession('filler');
  // The delete asks for a sweep and does not wait for it.
  await waitUntil(
    () => logged.some((line) => line.startsWith('sweeping blobs: removed')),
    'the sweep the delete asked for',
  );
  assert.deepEqual(await blobs(engine), new Set());
  assert.match(logged.join('\n'), /removed \d+ no session names \(4\d{7} bytes\)/);
});

test('an engine sweeps at start what no session names, once past the grace', async () => {
  const dataDir = await newTempDir();
  const write = async (text: string, age: number) => {
    const hash = blobHash(Buffer.from(text));
    const path = join(dataDir, 'blobs', hash.slice(0, 2), hash);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    const mtime = new Date(Date.now() - age);
    await utimes(path, mtime, mtime);
    return hash;
  };
  await write('left by a session deleted before a crash', BLOB_GRACE_MS + 60_000);
  const young = await write('written by a run a moment ago', 60_000);
  const logged: string[] = [];
  const engine = await startEngine({ dataDir, log: (message) => logged.push(message) });
  await waitUntil(
    () => logged.some((line) => line.startsWith('sweeping blobs: removed 1 ')),
    'the sweep at start',
  );
  assert.deepEqual(await blobs(engine), new Set([young]));
});
