import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageTypeOf, type RunFiles } from '../../contract/session-files.ts';
import {
  contentOf,
  listingText,
  MAX_LISTING_LINES,
  MAX_RESOURCE_LINKS,
  readKindOf,
  resourceContentsOf,
  runFileContent,
} from './file-content.ts';
import type { RunJsOutput } from './tool-schemas.ts';

const uri = 'mcp-isolate://sessions/s/files/work/x';
const bytes = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const PNG_START = latin1('\x89PNG\r\n\x1a\n');
const base64 = (data: Uint8Array) => Buffer.from(data).toString('base64');

test('an image type is known by its first bytes: PNG, JPEG, GIF87a or GIF89a, and WebP', () => {
  assert.deepEqual(
    [PNG_START, latin1('\xff\xd8\xff\xe0'), latin1('GIF87a'), latin1('GIF89a;')].map(imageTypeOf),
    ['image/png', 'image/jpeg', 'image/gif', 'image/gif'],
  );
  assert.equal(imageTypeOf(latin1('RIFF\x10\0\0\0WEBPVP8 ')), 'image/webp');
  for (const other of [
    '',
    'this is not an image',
    '\x89PNG\r\n\x1a',
    '\xff\xd8',
    'GIF88a',
    'RIFF\x10\0\0\0WAVE',
    'RIFF\x10\0\0\0WEB',
  ]) {
    assert.equal(imageTypeOf(latin1(other)), undefined, JSON.stringify(other));
  }
});

test('a file reads as an image, as text (json and svg too), or as an embedded base64 resource', () => {
  assert.deepEqual(
    ['image/png', 'text/csv', 'application/json', 'image/svg+xml', 'application/pdf'].map(
      readKindOf,
    ),
    ['image', 'text', 'text', 'text', 'resource'],
  );
  assert.deepEqual(contentOf('image', { uri, mimeType: 'image/png', bytes: PNG_START }), {
    type: 'image',
    data: base64(PNG_START),
    mimeType: 'image/png',
  });
  assert.deepEqual(contentOf('text', { uri, mimeType: 'text/plain', bytes: bytes('héllo') }), {
    type: 'text',
    text: 'héllo',
  });
  assert.deepEqual(contentOf('resource', { uri, mimeType: 'application/pdf', bytes: bytes('%') }), {
    type: 'resource',
    resource: { uri, mimeType: 'application/pdf', blob: 'JQ==' },
  });
});

test('text that is not UTF-8 goes as a base64 blob, in a tool result and in resources/read', () => {
  const broken = new Uint8Array([0x66, 0xff, 0xfe]);
  assert.deepEqual(contentOf('text', { uri, mimeType: 'text/plain', bytes: broken }), {
    type: 'resource',
    resource: { uri, mimeType: 'text/plain', blob: 'Zv/+' },
  });
  assert.deepEqual(resourceContentsOf({ uri, mimeType: 'text/plain', bytes: broken }), {
    uri,
    mimeType: 'text/plain',
    blob: 'Zv/+',
  });
  assert.deepEqual(resourceContentsOf({ uri, mimeType: 'text/csv', bytes: bytes('a,b') }), {
    uri,
    mimeType: 'text/csv',
    text: 'a,b',
  });
});

test('bytes named as an image that are not that image go as an embedded octet-stream blob, in a tool result and in resources/read', () => {
  const fake = bytes('this is not an image');
  const blob = { uri, mimeType: 'application/octet-stream', blob: base64(fake) };
  assert.deepEqual(contentOf('image', { uri, mimeType: 'image/png', bytes: fake }), {
    type: 'resource',
    resource: blob,
  });
  // A JPEG named .png is no PNG either.
  const jpeg = latin1('\xff\xd8\xff\xe0');
  assert.deepEqual(contentOf('image', { uri, mimeType: 'image/png', bytes: jpeg }), {
    type: 'resource',
    resource: { uri, mimeType: 'application/octet-stream', blob: base64(jpeg) },
  });
  assert.deepEqual(resourceContentsOf({ uri, mimeType: 'image/png', bytes: fake }), blob);
  assert.deepEqual(resourceContentsOf({ uri, mimeType: 'image/png', bytes: PNG_START }), {
    uri,
    mimeType: 'image/png',
    blob: base64(PNG_START),
  });
});

const runWith = (files: RunFiles): RunJsOutput => ({
  ok: true,
  session: 's',
  heap: 'h',
  parent: 'root',
  console: [],
  cancelledTimers: [],
  durationMs: 1,
  files,
});

test("a run's result shows each shown item in order, then links each file it created or changed, at most MAX_RESOURCE_LINKS", async () => {
  const changed = Array.from({ length: MAX_RESOURCE_LINKS + 5 }, (_, i) => ({
    path: `/work/f${i}.csv`,
    change: 'created' as const,
    kind: 'file' as const,
    size: 3,
  }));
  const read: string[] = [];
  const blocks = await runFileContent(
    runWith({
      changed: [
        { path: '/work/gone.txt', change: 'deleted', kind: 'file', size: 0 },
        { path: '/work/dir', change: 'created', kind: 'dir', size: 0 },
        ...changed,
      ],
      shown: [
        { path: '/display/1.png', mimeType: 'image/png', kind: 'image', size: 3 },
        { path: '/display/2.txt', mimeType: 'text/plain', kind: 'text', size: 2 },
        { path: '/display/3.bin', mimeType: 'application/octet-stream', kind: 'resource', size: 1 },
      ],
    }),
    async (path) => {
      read.push(path);
      return path === '/display/3.bin'
        ? undefined
        : path.endsWith('.txt')
          ? bytes('hi')
          : PNG_START;
    },
  );
  assert.deepEqual(read, ['/display/1.png', '/display/2.txt', '/display/3.bin']);
  assert.deepEqual(blocks.slice(0, 3), [
    { type: 'image', data: base64(PNG_START), mimeType: 'image/png' },
    { type: 'text', text: 'hi' },
    { type: 'text', text: "(/display/3.bin was shown, and the run's heap no longer holds it)" },
  ]);
  const links = blocks.slice(3);
  assert.equal(links.length, MAX_RESOURCE_LINKS);
  assert.deepEqual(links[0], {
    type: 'resource_link',
    uri: 'mcp-isolate://sessions/s/files/work/f0.csv',
    name: '/work/f0.csv',
    mimeType: 'text/csv',
    size: 3,
  });
});

test("a committed run's result leaves out each shown item that cannot be read, and says how many it left out", async () => {
  const blocks = await runFileContent(
    runWith({
      changed: [{ path: '/work/a.txt', change: 'created', kind: 'file', size: 1 }],
      shown: [
        { path: '/display/1.txt', mimeType: 'text/plain', kind: 'text', size: 1 },
        { path: '/display/2.txt', mimeType: 'text/plain', kind: 'text', size: 1 },
        { path: '/display/3.txt', mimeType: 'text/plain', kind: 'text', size: 1 },
      ],
    }),
    async (path) => {
      if (path === '/display/3.txt') return bytes('3');
      throw new Error(`the recorded body of ${path} is missing from the blob store (ENOENT)`);
    },
  );
  assert.deepEqual(
    blocks.map((block) => (block.type === 'text' ? block.text : block.type)),
    ['3', 'resource_link', '(2 files could not be shown)'],
  );
});

test('a run that touched no files adds nothing to its result', async () => {
  const { files: _, ...run } = runWith({ changed: [], shown: [] });
  assert.deepEqual(await runFileContent(run, async () => assert.fail('nothing to read')), []);
});

test("list_files' text names the heap and its totals, a line a file or folder, and counts what it leaves out", () => {
  const files = Array.from({ length: MAX_LISTING_LINES + 2 }, (_, i) => ({
    path: `/work/f${i}`,
    kind: 'file' as const,
    size: 1,
    mtime: '2026-01-01T00:00:00.000Z',
    mimeType: 'application/octet-stream',
  }));
  const text = listingText({
    session: 's',
    heap: 'h',
    path: '/',
    files: [
      { path: '/work/sub', kind: 'dir', size: 0, mtime: '2026-01-01T00:00:00.000Z' },
      ...files,
    ],
    totalBytes: files.length,
    totalFiles: files.length + 1,
  });
  const lines = text.split('\n');
  assert.equal(
    lines[0],
    `Session s at heap h: ${files.length + 1} files and folders, ${files.length} bytes in all`,
  );
  assert.equal(lines[1], '/work/sub/');
  assert.equal(lines[2], '/work/f0 (1 bytes, application/octet-stream, 2026-01-01T00:00:00.000Z)');
  assert.equal(lines.at(-1), '… and 3 more: list a folder with path');
  assert.equal(
    listingText({
      session: 's',
      heap: 'h',
      path: '/work/none',
      files: [],
      totalBytes: 0,
      totalFiles: 0,
    }),
    'Session s at heap h: 0 files and folders, 0 bytes in all\n(nothing in /work/none)',
  );
});
