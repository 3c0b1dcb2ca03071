import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ico } from './ico.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Entry {
  width: number;
  height: number;
  planes: number;
  bitCount: number;
  image: Buffer;
}

/** Reads an ICO file as Windows does: the header, the directory, each image by offset and size. */
function parseIco(file: Buffer): Entry[] {
  assert.equal(file.readUInt16LE(0), 0, 'reserved');
  assert.equal(file.readUInt16LE(2), 1, 'type: icon');
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const size = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    assert.ok(
      offset >= 6 + 16 * count && offset + size <= file.length,
      `image ${i} inside the file`,
    );
    return {
      width: file.readUInt8(at) || 256,
      height: file.readUInt8(at + 1) || 256,
      planes: file.readUInt16LE(at + 4),
      bitCount: file.readUInt16LE(at + 6),
      image: file.subarray(offset, offset + size),
    };
  });
}

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

for (const kind of ['running', 'stopped', 'error']) {
  test(`the Windows tray icon tray-${kind}.ico holds 16, 20, 24 and 32 px PNG images, the 16 and 32 px ones the tray PNGs themselves`, async () => {
    const icons = new URL('../electron/icons/', import.meta.url);
    const entries = parseIco(await readFile(new URL(`tray-${kind}.ico`, icons)));
    assert.deepEqual(
      entries.map(({ width, height, planes, bitCount }) => [width, height, planes, bitCount]),
      [16, 20, 24, 32].map((size) => [size, size, 1, 32]),
    );
    for (const { width, image } of entries) {
      assert.deepEqual(image.subarray(0, 8), PNG_SIGNATURE);
      assert.deepEqual(pngSize(image), [width, width]);
    }
    assert.deepEqual(entries[0]?.image, await readFile(new URL(`tray-${kind}.png`, icons)));
    assert.deepEqual(entries[3]?.image, await readFile(new URL(`tray-${kind}@2x.png`, icons)));
  });
}

test('an ICO entry of 256 px is written as 0, as the format says', () => {
  const png = Buffer.concat([
    PNG_SIGNATURE,
    Buffer.alloc(8),
    Buffer.from([0, 0, 1, 0, 0, 0, 1, 0]),
  ]);
  const [entry] = parseIco(ico([{ size: 256, png }]));
  assert.equal(entry?.width, 256);
  assert.deepEqual(entry?.image, png);
});
