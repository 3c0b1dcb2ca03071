import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  type AnyClient,
  CLIENT_MATRIX,
  connectClient,
  describeClient,
  joinedPlace,
} from '../test-support/mcp-clients.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { committed, listFiles, refused, runJs } from '../test-support/session-files.ts';

// Each file limit through a real server and every client: files given to run_js past a limit
// are refused before the run (invalid_files), code past one fails with an error naming it, and
// neither leaves a file behind.
const server = await startServerProcess([
  '--file-bytes',
  '1024',
  '--session-file-bytes',
  '4096',
  '--session-files',
  '8',
  '--display-bytes',
  '1024',
]);
const place = joinedPlace(server);

/** `count` files of `bytes` bytes each, by name. */
const filesOf = (count: number, bytes: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}.txt`, 'x'.repeat(bytes)]));

const WRITE = "import { writeFileSync } from 'node:fs'; ";

for (const cell of CLIENT_MATRIX) {
  const name = `${cell.kind.sdk}-${cell.kind.era}-${cell.transport}`;

  test(`an ${describeClient(cell)} is refused files past each limit before the run, and code past one fails naming it`, async () => {
    const client: AnyClient = await connectClient(cell.kind, cell.transport, place, name);
    after(() => client.close());
    const session = `limits-${name}`;
    await committed(client, { session, code: 'var before = 1' });

    for (const [files, setting] of [
      [filesOf(1, 1025), /fileBytes/],
      [filesOf(9, 1), /sessionFiles/],
      [filesOf(5, 1000), /sessionFileBytes/],
    ] as const) {
      assert.match(
        await refused(client, 'run_js', { session, files, code: 'before = 2' }),
        setting,
      );
    }

    for (const [code, setting] of [
      [`${WRITE}writeFileSync('big.txt', 'x'.repeat(1025))`, /fileBytes/],
      [`${WRITE}for (let i = 0; i < 9; i++) writeFileSync('f' + i, 'x')`, /sessionFiles/],
      [
        `${WRITE}for (let i = 0; i < 5; i++) writeFileSync('f' + i, 'x'.repeat(1000))`,
        /sessionFileBytes/,
      ],
    ] as const) {
      const failed = await runJs(client, { session, code });
      assert.equal(failed.run.ok, false, failed.text);
      assert.match(failed.text, /ENOSPC/);
      assert.match(failed.text, setting);
    }
    const shown = await runJs(client, { session, code: "display('x'.repeat(1025), 'text/plain')" });
    assert.equal(shown.run.ok, false, shown.text);
    assert.match(shown.text, /RangeError.*displayBytes/);

    // Nothing was committed: the session has no files, and its globals are as they were.
    const { listing } = await listFiles(client, { session });
    assert.deepEqual([listing.totalFiles, listing.totalBytes], [0, 0]);
    assert.equal((await committed(client, { session, code: 'before' })).run.value, '1');
    // Within every limit, the same run commits.
    await committed(client, { session, files: filesOf(4, 1000), code: '1' });
    const kept = await listFiles(client, { session });
    assert.deepEqual([kept.listing.totalFiles, kept.listing.totalBytes], [4, 4000]);
  });
}
