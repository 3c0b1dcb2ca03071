import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bytesOfBase64,
  dataUrl,
  IMAGE_PREVIEW_BYTES,
  imageProblem,
  previewPlan,
  previewText,
  TEXT_PREVIEW_BYTES,
} from './file-preview.ts';

test('text and the four image types preview, other types are offered for download', () => {
  assert.deepEqual(previewPlan({ path: '/work/a.csv', size: 10 }), { kind: 'text' });
  assert.deepEqual(previewPlan({ path: '/work/data.json', size: 10 }), { kind: 'text' });
  assert.deepEqual(previewPlan({ path: '/display/1.png', size: 10, mimeType: 'image/png' }), {
    kind: 'image',
  });
  // An SVG is text: it is shown as its source, never drawn.
  assert.deepEqual(previewPlan({ path: '/work/a.svg', size: 10 }), { kind: 'text' });
  assert.deepEqual(previewPlan({ path: '/work/a.bin', size: 10 }), {
    kind: 'none',
    why: 'No preview of application/octet-stream: download it to open it.',
  });
  // The listing's type wins over the name: the server checked the image's bytes.
  assert.equal(
    previewPlan({ path: '/work/fake.png', size: 10, mimeType: 'application/octet-stream' }).kind,
    'none',
  );
});

test('a file over its bound is not read to preview', () => {
  assert.equal(previewPlan({ path: '/work/a.txt', size: TEXT_PREVIEW_BYTES }).kind, 'text');
  assert.deepEqual(previewPlan({ path: '/work/a.txt', size: TEXT_PREVIEW_BYTES + 1 }), {
    kind: 'none',
    why: 'Too large to preview here (1.0 MiB, over 1.0 MiB): download it to open it.',
  });
  assert.equal(
    previewPlan({ path: '/work/a.png', size: IMAGE_PREVIEW_BYTES + 1, mimeType: 'image/png' }).kind,
    'none',
  );
});

test('text previews as UTF-8, cut to a bound', () => {
  const base64 = Buffer.from('héllo\nwörld', 'utf8').toString('base64');
  assert.deepEqual(previewText(base64), { text: 'héllo\nwörld', cut: false });
  assert.deepEqual(previewText(base64, 3), { text: 'hél', cut: true });
  // Bytes that are not UTF-8 show as replacement characters rather than failing.
  assert.equal(previewText(Buffer.from([0x61, 0xff]).toString('base64')).text, 'a\ufffd');
});

test('bytes come back from base64 as they were, and an image is a data: URL', () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(bytesOfBase64(Buffer.from(bytes).toString('base64')), bytes);
  assert.equal(dataUrl('image/png', 'iVBO'), 'data:image/png;base64,iVBO');
});

test('only bytes that are the image their type names are drawn: a .png of text or of a JPEG is not', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2]);
  assert.equal(imageProblem('image/png', png.toString('base64')), undefined);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64');
  assert.equal(imageProblem('image/png', svg), 'Not a PNG image: download it to open it.');
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]).toString('base64');
  assert.equal(imageProblem('image/png', jpeg), 'Not a PNG image: download it to open it.');
  assert.equal(imageProblem('image/jpeg', jpeg), undefined);
  assert.equal(imageProblem('image/gif', ''), 'Not a GIF image: download it to open it.');
});
