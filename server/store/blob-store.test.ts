import assert from 'node:assert/strict';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { blobHash, putBlob, readBlob } from './blob-store.ts';
import { dataLayout } from './data-dir.ts';

const bytes = Buffer.from('the body a run received');
const hash = blobHash(bytes);

test('a blob written is read back', async () => {
  const layout = dataLayout(await tempDir());
  await putBlob(layout, hash, bytes);
  assert.deepEqual(await readBlob(layout, hash), bytes);
});

test('a damaged blob is written again when the same bytes arrive', async () => {
  const layout = dataLayout(await tempDir());
  await putBlob(layout, hash, bytes);
  // Same size, other bytes: what a failing disk leaves.
  await writeFile(layout.blob(hash), Buffer.alloc(bytes.byteLength, 'x'));
  await assert.rejects(readBlob(layout, hash), /is damaged/);
  await putBlob(layout, hash, bytes);
  assert.deepEqual(await readFile(layout.blob(hash)), bytes);
});

test('a blob cut short is written again when the same bytes arrive', async () => {
  const layout = dataLayout(await tempDir());
  await putBlob(layout, hash, bytes);
  await writeFile(layout.blob(hash), bytes.subarray(0, 5));
  await putBlob(layout, hash, bytes);
  assert.deepEqual(await readBlob(layout, hash), bytes);
});

test('bytes that do not hash to the name are refused and leave the blob as it was', async () => {
  const layout = dataLayout(await tempDir());
  await putBlob(layout, hash, bytes);
  await assert.rejects(putBlob(layout, hash, Buffer.from('other bytes')), /does not match/);
  assert.deepEqual(await readBlob(layout, hash), bytes);
});

test('a blob already stored is made young again when the same bytes arrive', async () => {
  const layout = dataLayout(await tempDir());
  await putBlob(layout, hash, bytes);
  const old = new Date(Date.now() - 24 * 3_600_000);
  await utimes(layout.blob(hash), old, old);
  await putBlob(layout, hash, bytes);
  assert.ok((await stat(layout.blob(hash))).mtimeMs > Date.now() - 60_000);
});
