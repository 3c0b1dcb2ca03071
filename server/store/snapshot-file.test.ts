import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../test-support/temp-dir.ts';
import { decodeSnapshot, encodeSnapshot, readSnapshot, writeSnapshot } from './snapshot-file.ts';

const blob = new Uint8Array(Array.from({ length: 4096 }, (_, i) => i % 251));
const meta = { heap: 'a'.repeat(32), runtime: 'v8 1; ivm 7; prelude x', entries: 3 };

test('a snapshot written is read back and verified', async () => {
  const path = join(await tempDir(), 'h.snap');
  await writeSnapshot(path, blob, meta);
  const check = await readSnapshot(path, meta);
  assert.ok(check.ok);
  assert.deepEqual(new Uint8Array(check.blob), blob);
  assert.equal(check.header.entries, 3);
});

test('a missing snapshot says so', async () => {
  const check = await readSnapshot(join(await tempDir(), 'none.snap'), meta);
  assert.equal(check.ok ? 'ok' : check.reason, 'missing');
});

test('a flipped byte fails the checksum', async () => {
  const path = join(await tempDir(), 'h.snap');
  await writeSnapshot(path, blob, meta);
  const file = await readFile(path);
  file.writeUInt8(file.readUInt8(file.length - 10) ^ 0xff, file.length - 10);
  await writeFile(path, file);
  const check = await readSnapshot(path, meta);
  assert.equal(check.ok ? 'ok' : check.reason, 'corrupt');
});

test('bad magic, a truncated file and another heap are corrupt', () => {
  const file = encodeSnapshot(blob, meta);
  const reason = (buffer: Buffer, heap = meta.heap) => {
    const check = decodeSnapshot(buffer, { heap, runtime: meta.runtime });
    return check.ok ? 'ok' : check.reason;
  };
  assert.equal(reason(Buffer.from('not a snapshot at all')), 'corrupt');
  assert.equal(reason(file.subarray(0, file.length - 1)), 'corrupt');
  assert.equal(reason(file, 'b'.repeat(32)), 'corrupt');
  assert.equal(reason(file), 'ok');
});

test('a snapshot of another runtime (an app update) is stale', () => {
  const check = decodeSnapshot(encodeSnapshot(blob, meta), { heap: meta.heap, runtime: 'v8 2' });
  assert.equal(check.ok ? 'ok' : check.reason, 'stale');
});
