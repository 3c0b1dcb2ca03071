import assert from 'node:assert/strict';
import { readdir, readFile as readHostFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileUri } from '../../contract/session-files.ts';
import { dataLayout } from '../store/data-dir.ts';
import {
  CLIENT_MATRIX,
  connectClient,
  describeClient,
  joinedPlace,
} from '../test-support/mcp-clients.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import {
  base64,
  committed,
  listFiles,
  pathsOf,
  pngOf,
  readFile,
} from '../test-support/session-files.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { waitUntil } from '../test-support/wait-until.ts';

// A session's files outlive the server and its snapshots: files are kept by the journal and the
// blob store, never in a snapshot, so a server started again with every snapshot deleted lists
// and reads them without a replay, and a run (a replay of the journal) reads them too. A session
// whose file tree the blob store lost (before the restart, or while the server runs) breaks
// neither the other sessions' resources nor their runs.
const dataDir = await tempDir();
const layout = dataLayout(dataDir);
/** Deletes the manifest of `session`'s newest file tree from the blob store, as a failing disk. */
async function loseNewestTree(session: string): Promise<void> {
  const entries = (await readHostFile(layout.journal(session), 'utf8')).trim().split('\n');
  const tree: string = JSON.parse(entries.at(-1) as string).files.tree;
  await rm(layout.blob(tree));
}
const PNG = pngOf(4, 4);
const first = await startServerProcess([], { dataDir });
const writer = await connectClient({ sdk: 'v2', era: '2026' }, 'streamable-http', {
  url: first.url,
});
const given = await committed(writer, {
  session: 'kept',
  files: { 'a.txt': 'kept text', 'pic.png': { base64: base64(PNG) } },
  code: "import { writeFileSync } from 'node:fs'; writeFileSync('made.txt', 'by code'); var n = 1",
});
const head = (await committed(writer, { session: 'kept', code: 'n += 1' })).run.heap;
await committed(writer, {
  session: 'lost-before',
  files: { 'lost.txt': 'lost before' },
  code: '1',
});
const snapshots = layout.snapshots;
await waitUntil(
  async () => (await readdir(snapshots).catch((): string[] => [])).includes(`${head}.snap`),
  'the newest heap to have its snapshot',
);
await writer.close();
assert.equal(await first.stop(), 0);
const made = (await readdir(snapshots)).filter((name) => name.endsWith('.snap'));
assert.ok(made.length > 0, 'there were snapshots to delete');
await Promise.all(made.map((name) => rm(join(snapshots, name))));
await loseNewestTree('lost-before');
const server = await startServerProcess([], { dataDir });
const place = joinedPlace(server);

for (const cell of CLIENT_MATRIX) {
  const name = `${cell.kind.sdk}-${cell.kind.era}-${cell.transport}`;

  test(`after a restart with every snapshot deleted, an ${describeClient(cell)} lists and reads the files, and a run reads them`, async () => {
    const client = await connectClient(cell.kind, cell.transport, place, name);
    after(() => client.close());
    const { listing } = await listFiles(client, { session: 'kept' });
    assert.equal(listing.heap, head);
    assert.deepEqual(pathsOf(listing), ['/work/a.txt', '/work/made.txt', '/work/pic.png']);
    const text = await readFile(client, { session: 'kept', path: 'made.txt' });
    assert.deepEqual(text.content, { type: 'text', text: 'by code' });
    const image = await readFile(client, {
      session: 'kept',
      heap: given.run.heap,
      path: 'pic.png',
    });
    assert.deepEqual(image.content, { type: 'image', data: base64(PNG), mimeType: 'image/png' });
    const resource = await client.readResource(fileUri('kept', '/work/a.txt'));
    assert.equal(resource.contents[0]?.text, 'kept text');

    // A fork of the newest heap replays the journal (no snapshot is left) and reads the files.
    const forked = await committed(client, {
      session: `kept-${name}`,
      heap: head,
      code: "import { readFileSync } from 'node:fs'; [readFileSync('made.txt', 'utf8'), readFileSync('a.txt', 'utf8'), n]",
    });
    assert.equal(forked.run.value, "[ 'by code', 'kept text', 2 ]");
  });
}

test('a session whose file tree was lost, before the restart or while the server runs, leaves out of resources/list only its own files, and runs elsewhere answer', async () => {
  const client = await connectClient({ sdk: 'v2', era: '2025' }, 'streamable-http', place);
  after(() => client.close());
  await committed(client, { session: 'lost-live', files: { 'live.txt': 'lost live' }, code: '1' });
  await loseNewestTree('lost-live');
  const uris = (await client.listAllResources()).map((resource) => resource.uri);
  for (const path of ['/work/a.txt', '/work/made.txt', '/work/pic.png']) {
    assert.ok(uris.includes(fileUri('kept', path)), `${path} listed: ${uris.join(' ')}`);
  }
  assert.ok(!uris.some((uri) => uri.includes('/lost-')), uris.join(' '));
  const healthy = await committed(client, {
    session: 'healthy-after-loss',
    files: { 'h.txt': 'healthy' },
    code: "import { readFileSync } from 'node:fs'; display(readFileSync('h.txt', 'utf8'), 'text/plain'); 1",
  });
  assert.deepEqual(healthy.content[1], { type: 'text', text: 'healthy' });
  assert.equal(healthy.content[2]?.uri, fileUri('healthy-after-loss', '/display/1.txt'));
});
