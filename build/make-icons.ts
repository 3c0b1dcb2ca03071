// Draws the app and tray icons (committed; run again after changing a shape):
//   node build/make-icons.ts
// The tray icons differ by shape, not only colour, so they read as macOS template images too.
// Each tray icon is a PNG at 1x and @2x, and an ICO for Windows (its tray picks the size that
// fits the display's scaling from one file).
import { mkdir, writeFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import { ico } from './ico.ts';

type Pixel = [number, number, number, number];

function png(size: number, paint: (x: number, y: number) => Pixel): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(paint(x + 0.5, y + 0.5), 1 + x * 4);
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage of a pixel by a shape with soft edges, from a signed distance. */
const cover = (distance: number) => Math.max(0, Math.min(1, 0.5 - distance));

function tray(kind: 'running' | 'stopped' | 'error', size: number): Buffer {
  const c = size / 2;
  const r = size * 0.38;
  const ink: [number, number, number] =
    kind === 'running' ? [31, 138, 76] : kind === 'error' ? [194, 56, 56] : [98, 99, 107];
  return png(size, (x, y) => {
    const d = Math.hypot(x - c, y - c) - r;
    let alpha = kind === 'running' ? cover(d) : cover(Math.abs(d) - size * 0.07);
    if (kind === 'error') {
      const bar = Math.max(Math.abs(x - c) - size * 0.07, Math.abs(y - c) - r * 0.6);
      alpha = Math.max(alpha, cover(bar));
    }
    return [...ink, Math.round(alpha * 255)];
  });
}

function appIcon(size: number): Buffer {
  const c = size / 2;
  return png(size, (x, y) => {
    const inset = size * 0.1;
    const radius = size * 0.18;
    const qx = Math.max(Math.abs(x - c) - (c - inset - radius), 0);
    const qy = Math.max(Math.abs(y - c) - (c - inset - radius), 0);
    const square = cover(Math.hypot(qx, qy) - radius);
    const ring = cover(Math.abs(Math.hypot(x - c, y - c) - size * 0.22) - size * 0.045);
    const dot = cover(Math.hypot(x - c, y - c) - size * 0.08);
    const white = Math.max(ring, dot);
    const blue: Pixel = [47, 111, 228, 255];
    return [
      Math.round(blue[0] + (255 - blue[0]) * white),
      Math.round(blue[1] + (255 - blue[1]) * white),
      Math.round(blue[2] + (255 - blue[2]) * white),
      Math.round(square * 255),
    ];
  });
}

const root = new URL('..', import.meta.url);
await mkdir(new URL('electron/icons/', root), { recursive: true });
for (const kind of ['running', 'stopped', 'error'] as const) {
  await writeFile(new URL(`electron/icons/tray-${kind}.png`, root), tray(kind, 16));
  await writeFile(new URL(`electron/icons/tray-${kind}@2x.png`, root), tray(kind, 32));
  // 16 px at 100 % scaling, 20 at 125 %, 24 at 150 %, 32 at 200 %.
  const sizes = [16, 20, 24, 32];
  const icon = ico(sizes.map((size) => ({ size, png: tray(kind, size) })));
  await writeFile(new URL(`electron/icons/tray-${kind}.ico`, root), icon);
}
await mkdir(new URL('build/icons/', root), { recursive: true });
await writeFile(new URL('build/icons/icon.png', root), appIcon(1024));
console.log('icons written');
