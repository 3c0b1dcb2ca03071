import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { effectFields } from '../../contract/effect-kinds.ts';
import { blobHash } from '../store/blob-store.ts';
import { dataLayout } from '../store/data-dir.ts';
import { failure, startEngine, value } from '../test-support/engine.ts';
import { type RemoteSite, startRemoteSite } from '../test-support/remote-site.ts';
import { newTempDir } from '../test-support/temp-dir.ts';

// The sandbox's fetch against a real HTTP site on 127.0.0.1, through real workers.
let site: RemoteSite;
before(async () => {
  site = await startRemoteSite();
});
after(() => site.close());

const SECRET = 'Bearer s3cret-never-shown';
const allowSite = () => ({
  net: {
    allowNet: [site.host],
    netHeaders: [{ pattern: site.host, name: 'Authorization', value: SECRET }],
  },
});

/** Every file under the data directory, with its content. */
async function dataFiles(dataDir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
    if (name.isFile()) {
      const path = `${name.parentPath}/${name.name}`;
      files.set(path, await readFile(path));
    }
  }
  return files;
}

test('the network is off by default: fetch rejects naming the host and the setting', async () => {
  const engine = await startEngine();
  const result = await failure(engine, { code: `await fetch('${site.origin}/text')` });
  assert.equal(result.error?.name, 'TypeError');
  assert.match(
    result.error?.message ?? '',
    /fetch to 127\.0\.0\.1:\d+ refused: network access is off/,
  );
  assert.match(
    result.error?.message ?? '',
    /\(allow the host with --allow-net 127\.0\.0\.1:\d+, MCP_ISOLATE_ALLOW_NET, allowNet in settings\.json or the window's Settings \(Network\)\)$/,
  );
  assert.deepEqual(
    effectFields(result.effects).requests?.map(({ refused, status }) => ({ refused, status })),
    [{ refused: true, status: undefined }],
  );
  assert.equal(site.received.length, 0);
});

test('an allowed host answers with status, headers and a body read as text, JSON or bytes', async () => {
  const engine = await startEngine(allowSite());
  const shown = await value(engine, {
    session: 'read',
    code: `
      const text = await fetch('${site.origin}/text');
      const json = await fetch(new Request('${site.origin}/echo', { method: 'post', body: 'hi', headers: { 'X-Mine': 'a' } }));
      const echoed = await json.json();
      const bytes = await (await fetch('${site.origin}/bytes?n=3')).bytes();
      const buffer = await (await fetch('${site.origin}/bytes?n=2')).arrayBuffer();
      [text.status, text.ok, text.headers.get('x-remote'), await text.text(), text.bodyUsed,
       echoed.method, echoed.body, echoed.headers['x-mine'], bytes instanceof Uint8Array, bytes.length,
       buffer.byteLength, text.url === '${site.origin}/text']`,
  });
  assert.equal(shown, "[ 200, true, 'yes', 'hello', true, 'POST', 'hi', 'a', true, 3, 2, true ]");
});

test('a host not in allowNet is refused, and so is a redirect to one: every hop is checked', async () => {
  const engine = await startEngine(allowSite());
  const code = (url: string) =>
    `await fetch(${JSON.stringify(url)}).then(() => 'fetched', (error) => error.name + ': ' + error.message)`;
  const refused = await value(engine, { code: code('http://example.invalid/x') });
  assert.match(
    refused ?? '',
    /TypeError: fetch to example\.invalid refused: example\.invalid is not in allowNet \(127\.0\.0\.1:\d+\)/,
  );
  const before = site.received.length;
  const redirected = await engine.run({
    code: code(`${site.origin}/redirect?to=${encodeURIComponent('http://other.invalid:8080/')}`),
  });
  assert.match(redirected.value ?? '', /fetch to other\.invalid:8080 refused/);
  assert.equal(site.received.length, before + 1, 'the first hop went out');
  assert.equal(effectFields(redirected.effects).requests?.[0]?.refused, true);
});

test('redirects follow, come back as they are with manual, or fail with error', async () => {
  const engine = await startEngine(allowSite());
  const to = `${site.origin}/redirect?to=/text&status=301`;
  assert.equal(
    await value(engine, {
      code: `const r = await fetch('${to}');
        const m = await fetch('${to}', { redirect: 'manual' });
        let e; try { await fetch('${to}', { redirect: 'error' }) } catch (error) { e = error.name }
        [r.status, r.redirected, r.url.endsWith('/text'), await r.text(), m.status, m.headers.get('location'), e]`,
    }),
    "[ 200, true, true, 'hello', 301, '/text', 'TypeError' ]",
  );
});

test('secret headers reach the site but never the guest, the journal or the run', async () => {
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, ...allowSite() });
  const result = await engine.run({
    session: 'secret',
    code: `const request = new Request('${site.origin}/echo', { headers: { 'x-mine': '1' } });
      const response = await fetch(request);
      const echoed = await response.json();
      [[...request.headers].join(';'), echoed.headers.authorization === undefined]`,
  });
  assert.equal(result.ok, true);
  // The guest's own headers list no secret...
  assert.equal(result.value, "[ 'x-mine,1', false ]");
  // ...the site got it...
  assert.equal(site.received.at(-1)?.headers.authorization, SECRET);
  // ...and nothing in the data directory holds it but the echo's recorded body, which is what
  // the site chose to send back.
  const files = await dataFiles(dataDir);
  const holding = [...files].filter(([, bytes]) => bytes.includes(SECRET)).map(([path]) => path);
  assert.deepEqual(
    holding.map((path) => path.includes('/blobs/')),
    [true],
    `the secret is in ${holding.join(', ')}`,
  );
  assert.ok(!JSON.stringify(result).includes('s3cret'));
});

test('a body over netResponseBytes fails the run, which commits nothing and stores nothing', async () => {
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, ...allowSite(), limits: { netResponseBytes: 1024 } });
  const made = await engine.run({ session: 'big', code: 'var kept = 1; kept' });
  assert.equal(made.ok, true);
  const journal = dataLayout(dataDir).journal('big');
  const before = await readFile(journal, 'utf8');
  const result = await failure(engine, {
    session: 'big',
    code: `kept = 2; await (await fetch('${site.origin}/bytes?n=1025')).text()`,
  });
  assert.equal(result.error?.code, 'response_size');
  assert.match(result.error?.message ?? '', /exceeded netResponseBytes=1024/);
  assert.equal(await readFile(journal, 'utf8'), before);
  assert.equal(await value(engine, { session: 'big', code: 'kept' }), '1');
  assert.deepEqual(await readdir(dataDir).then((names) => names.includes('blobs')), false);
  assert.equal(effectFields(result.effects).requests?.[0]?.error, result.error?.message);
});

test("parallel fetches within every per-request limit stop at netTotalBytes, the run's bodies together", async () => {
  const dataDir = await newTempDir();
  const engine = await startEngine({
    dataDir,
    ...allowSite(),
    limits: { netResponseBytes: 1024 * 1024, netTotalBytes: 4 * 1024 * 1024 },
  });
  const result = await failure(engine, {
    session: 'parallel',
    code: `await Promise.all(Array.from({ length: 20 }, () => fetch('${site.origin}/bytes?n=${1024 * 1024}').then((r) => r.arrayBuffer())))`,
  });
  assert.equal(result.error?.code, 'net_bytes');
  assert.match(
    result.error?.message ?? '',
    /the run's fetch responses came to more than netTotalBytes=4194304 in all, at http:\/\/127\.0\.0\.1/,
  );
  assert.deepEqual(await readdir(dataDir).then((names) => names.includes('blobs')), false);
  // One after another counts the same: the bodies a run received are all held until it ends.
  const sequential = await failure(engine, {
    code: `for (let i = 0; i < 5; i++) await (await fetch('${site.origin}/bytes?n=${1024 * 1024}')).arrayBuffer()`,
  });
  assert.equal(sequential.error?.code, 'net_bytes');
  assert.equal(effectFields(sequential.effects).requests?.length, 5);
  // Within the limit, the same requests commit.
  const within = await engine.run({
    code: `(await Promise.all(Array.from({ length: 3 }, () => fetch('${site.origin}/bytes?n=${1024 * 1024}').then((r) => r.arrayBuffer())))).length`,
  });
  assert.equal(within.value, '3', JSON.stringify(within.error));
});

test('a secret header no request can carry fails the request without a character of it reaching the guest', async () => {
  const secret = 'k€y-s3cret';
  const engine = await startEngine({
    net: {
      allowNet: [site.host],
      // The settings refuse such a value; the engine takes its policy as given.
      netHeaders: [{ pattern: site.host, name: 'X-Api-Key', value: secret }],
    },
  });
  const seen = await value(engine, {
    code: `await fetch('${site.origin}/text').then(() => 'sent', (error) => error.message)`,
  });
  assert.match(
    seen ?? '',
    /the secret header X-Api-Key for 127\.0\.0\.1:\d+ is not a valid header value: fix it in the netHeaders setting/,
  );
  for (const leak of ['€', 's3cret', '8364', 'character']) {
    assert.ok(!(seen ?? '').includes(leak), `the guest read ${leak}`);
  }
});

test('a failing run records nothing of what it fetched', async () => {
  const dataDir = await newTempDir();
  const engine = await startEngine({ dataDir, ...allowSite() });
  const result = await failure(engine, {
    session: 'fails',
    code: `await (await fetch('${site.origin}/counter')).json(); throw new Error('after the fetch')`,
  });
  assert.equal(result.error?.message, 'after the fetch');
  assert.equal(effectFields(result.effects).requests?.[0]?.status, 200);
  assert.deepEqual(await readdir(dataDir).then((names) => names.includes('blobs')), false);
});

test('more requests than netRequests fail the run', async () => {
  const engine = await startEngine({ ...allowSite(), limits: { netRequests: 2 } });
  const result = await failure(engine, {
    code: `for (let i = 0; i < 3; i++) await fetch('${site.origin}/text')`,
  });
  assert.equal(result.error?.code, 'net_requests');
  assert.match(result.error?.message ?? '', /more than netRequests=2/);
});

test("the run's timeout covers the wait for the network, and the clock stands still meanwhile", async () => {
  const engine = await startEngine({ ...allowSite(), limits: { timeoutMs: 300 } });
  const result = await failure(engine, { code: `await fetch('${site.origin}/slow?ms=2000')` });
  assert.equal(result.error?.code, 'timeout');
  assert.equal(
    await value(engine, {
      code: `const t = Date.now(); await (await fetch('${site.origin}/slow?ms=50')).text(); Date.now() - t`,
    }),
    '0',
  );
});

test('a session that fetched reads the same after the site is gone and its snapshots deleted, and forks from either side of the fetch', async () => {
  const dataDir = await newTempDir();
  const own = await startRemoteSite();
  const first = await startEngine({
    dataDir,
    net: { allowNet: [own.host], netHeaders: [] },
    snapshotIdleMs: 10,
  });
  const start = await first.run({ session: 'kept', code: 'var before = Math.random(); before' });
  const fetched = await first.run({
    session: 'kept',
    code: `var got = [await (await fetch('${own.origin}/counter')).json(), await (await fetch('${own.origin}/text')).text(), crypto.randomUUID()]; got`,
  });
  assert.equal(fetched.ok, true, JSON.stringify(fetched.error));
  // The snapshot maker replays without host functions: the responses go in as data.
  assert.equal((await first.snapshot('kept')).heap, fetched.heap);
  await first.close();
  await own.close();

  // No network at all now: the recorded responses are all replay has.
  const fromSnapshot = await startEngine({ dataDir });
  const restored = await fromSnapshot.run({ session: 'kept', code: 'got' });
  assert.deepEqual([restored.value, restored.restoredFrom], [fetched.value, 'snapshot']);
  await fromSnapshot.close();
  await rm(dataLayout(dataDir).snapshots, { recursive: true, force: true });

  const second = await startEngine({ dataDir });
  assert.equal(await value(second, { session: 'kept', code: 'got' }), fetched.value);
  const afterFork = await second.fork({ heap: fetched.heap, session: 'after' });
  assert.equal(afterFork.head, fetched.heap);
  assert.equal(await value(second, { session: 'after', code: 'got' }), fetched.value);
  await second.fork({ heap: start.heap, session: 'before' });
  assert.equal(await value(second, { session: 'before', code: 'typeof got' }), "'undefined'");
  assert.equal(await value(second, { session: 'before', code: 'before' }), start.value);
});

test('a recorded body lost from the blob store is an error naming it, never a new request', async () => {
  const dataDir = await newTempDir();
  const first = await startEngine({ dataDir, ...allowSite() });
  const fetched = await first.run({
    session: 'lost',
    code: `var body = await (await fetch('${site.origin}/counter')).text(); body`,
  });
  assert.equal(fetched.ok, true);
  await first.close();
  const layout = dataLayout(dataDir);
  await rm(layout.snapshots, { recursive: true, force: true });
  await rm(join(dataDir, 'blobs'), { recursive: true });
  const asked = site.received.length;

  const second = await startEngine({ dataDir, ...allowSite() });
  const result = await failure(second, { session: 'lost', code: 'body' });
  assert.equal(result.error?.code, 'restore_failed');
  assert.match(
    result.error?.message ?? '',
    /the recorded body [0-9a-f]{64} is missing from the blob store/,
  );
  assert.equal(site.received.length, asked, 'nothing was fetched again');
});

test('a body damaged on disk is repaired when another session receives the same bytes, and both sessions restore', async () => {
  const dataDir = await newTempDir();
  const layout = dataLayout(dataDir);
  const code = `var body = await (await fetch('${site.origin}/bytes?n=64')).text(); body.length + body.slice(0, 3)`;
  const first = await startEngine({ dataDir, ...allowSite() });
  assert.equal(await value(first, { session: 'a', code }), "'64xxx'");
  const blob = layout.blob(blobHash(Buffer.alloc(64, 'x')));
  // Same size, other bytes: a failing disk's damage, which a size check cannot see.
  await writeFile(blob, Buffer.alloc(64, 'y'));
  assert.equal(await value(first, { session: 'b', code }), "'64xxx'");
  await first.close();
  await rm(layout.snapshots, { recursive: true, force: true });

  const second = await startEngine({ dataDir, ...allowSite() });
  for (const session of ['a', 'b']) {
    const restored = await second.run({ session, code: 'body === "x".repeat(64)' });
    assert.deepEqual(
      [restored.ok, restored.value, restored.restoredFrom],
      [true, 'true', 'replay'],
      JSON.stringify(restored.error),
    );
  }
});
