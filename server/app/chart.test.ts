import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decode } from 'fast-png';
import {
  CLIENT_MATRIX,
  connectClient,
  describeClient,
  joinedPlace,
} from '../test-support/mcp-clients.ts';
import { startNpmRegistry } from '../test-support/npm-registry.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import { committed, pngSize, readFile } from '../test-support/session-files.ts';

// What the issue is for: code draws a chart with a package from the registry (fast-png, a
// pure-JavaScript PNG encoder, and its dependencies fflate and iobuffer, published from
// node_modules as npm would) and display()s it, and the model receives an image.
const registry = await startNpmRegistry();
after(() => registry.close());
for (const name of ['fflate', 'iobuffer', 'fast-png']) {
  await registry.publishFolder(
    fileURLToPath(new URL(`../../node_modules/${name}`, import.meta.url)),
  );
}
const server = await startServerProcess(['--npm-registry', registry.url]);
const place = joinedPlace(server);

const WIDTH = 64;
const HEIGHT = 40;
const BAR = [30, 90, 200, 255];
/** Six bars on white, each 8 px wide at x = 10 i + 2, value v drawn 4 v px high. */
const CHART = `
import { encode } from 'fast-png';
const width = ${WIDTH}, height = ${HEIGHT};
const pixels = new Uint8Array(width * height * 4).fill(255);
[3, 7, 5, 9, 4, 8].forEach((value, i) => {
  for (let x = i * 10 + 2; x < i * 10 + 10; x++) {
    for (let y = height - value * 4; y < height; y++) pixels.set(${JSON.stringify(BAR)}, (y * width + x) * 4);
  }
});
const png = encode({ width, height, data: pixels, channels: 4 });
display(png, 'image/png');
png.length`;

for (const cell of CLIENT_MATRIX) {
  const name = `${cell.kind.sdk}-${cell.kind.era}-${cell.transport}`;

  test(`an ${describeClient(cell)} gets the chart a run draws with fast-png from the registry as an image, kept as a file`, async () => {
    const client = await connectClient(cell.kind, cell.transport, place, name);
    after(() => client.close());
    const session = `chart-${name}`;
    const drawn = await committed(client, { session, code: CHART });
    const image = drawn.content.find((block) => block.type === 'image');
    assert.equal(image?.mimeType, 'image/png');
    const png = Buffer.from(image?.data ?? '', 'base64');
    assert.equal(String(png.byteLength), drawn.run.value);
    assert.deepEqual(pngSize(png), { width: WIDTH, height: HEIGHT });
    const pixels = decode(png);
    const at = (x: number, y: number) => [
      ...pixels.data.slice((y * WIDTH + x) * 4, (y * WIDTH + x) * 4 + 4),
    ];
    assert.deepEqual(at(2, HEIGHT - 1), BAR, 'the first bar');
    assert.deepEqual(at(2, HEIGHT - 13), [255, 255, 255, 255], 'above the first bar (3 x 4 px)');
    assert.deepEqual(at(32, HEIGHT - 36), BAR, 'the top of the highest bar (9 x 4 px)');
    assert.deepEqual(
      drawn.run.packages?.map((load) => load.name),
      ['fast-png'],
    );

    const [shown] = drawn.run.files?.shown ?? [];
    assert.deepEqual([shown?.path, shown?.kind], ['/display/1.png', 'image']);
    const kept = await readFile(client, { session, path: shown?.path });
    assert.deepEqual(kept.content, { type: 'image', data: image?.data, mimeType: 'image/png' });
  });
}
