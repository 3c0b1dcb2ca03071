import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extensionOf, isMediaType, mimeTypeOf } from '../../contract/session-files.ts';
import { baseTree, FilesWorker, LIMITS, liveFiles } from '../test-support/guest-files.ts';

// display() (guest/display.js) in a real isolate restored from the runtime's snapshot, its files
// served by a stand-in for the worker through a real ivm.Reference: no worker, no engine.
const { heap, run } = await liveFiles();

/** Guest code: the first bytes of each image type, and a little more. */
const IMAGES = `const images = {
  png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  jpeg: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  gif: new TextEncoder().encode('GIF89a....'),
  webp: new TextEncoder().encode('RIFF\\x10\\x00\\x00\\x00WEBPVP8 '),
};`;

test('display() writes /display/N.EXT, named by its type, and done lists what it showed in order', async () => {
  heap.worker = new FilesWorker();
  const result = await run(`${IMAGES}
    return [
      display(images.png, 'image/png'),
      display(images.jpeg.buffer, 'image/jpeg'),
      display(new DataView(images.gif.buffer), 'image/gif'),
      display(images.webp, 'image/webp'),
      display('<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml'),
      display('plain', 'text/plain'),
      display('# title', 'text/markdown'),
      display('a,b', 'text/csv'),
      display('<p>hi</p>', 'text/html'),
      display('print(1)', 'text/x-python'),
      display('{"a":1}', 'application/json'),
      display(new Uint16Array([1, 2]), 'application/x-thing'),
    ];
  `);
  const paths = [
    '/display/1.png',
    '/display/2.jpg',
    '/display/3.gif',
    '/display/4.webp',
    '/display/5.svg',
    '/display/6.txt',
    '/display/7.md',
    '/display/8.csv',
    '/display/9.html',
    '/display/10.txt',
    '/display/11.json',
    '/display/12.bin',
  ];
  assert.deepEqual(result.value, paths);
  const types = [
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'image/svg+xml',
    'text/plain',
    'text/markdown',
    'text/csv',
    'text/html',
    'text/x-python',
    'application/json',
    'application/x-thing',
  ];
  assert.deepEqual(
    heap.worker.log.done?.tree.shown,
    paths.map((path, i) => ({ path, mimeType: types[i] })),
  );
  const tree = heap.worker.doneTree() ?? [];
  assert.deepEqual(tree[0], { path: '/display', dir: true, size: 0, mtime: 5000 });
  const file = (path: string) => tree.find((node) => node.path === path);
  assert.equal(file('/display/6.txt')?.text, 'plain');
  assert.equal(file('/display/12.bin')?.size, 4);
});

test('a display is also a file the run can read back, and a string is shown as its UTF-8 bytes', async () => {
  heap.worker = new FilesWorker();
  const result = await run(`
    const path = display('é ✓', 'text/plain');
    return [path, fs.readFileSync(path, 'utf8'), fs.statSync(path).size];
  `);
  assert.deepEqual(result.value, ['/display/1.txt', 'é ✓', 6]);
});

test('the next number is one more than the highest N.anything in /display, whatever else is there', async () => {
  heap.worker = new FilesWorker(
    baseTree({
      '/display': null,
      '/display/7.png': 'x',
      '/display/12x.txt': 'not a number',
      '/display/notes.txt': 'mine',
      '/display/3.txt': 'lower',
      '/display/9': null,
    }),
  );
  const result = await run(`return [display('a', 'text/plain'), display('b', 'text/plain')]`);
  assert.deepEqual(result.value, ['/display/8.txt', '/display/9.txt']);
});

test('an image type is checked by its first bytes, and the TypeError says what the data is not', async () => {
  heap.worker = new FilesWorker();
  const result = await run(`${IMAGES}
    const thrown = (fn) => { try { fn(); return 'none'; } catch (e) { return e.name + ': ' + e.message; } };
    return [
      thrown(() => display('hello', 'image/png')),
      thrown(() => display(images.png, 'image/jpeg')),
      thrown(() => display(images.png.subarray(0, 4), 'image/png')),
      thrown(() => display(new TextEncoder().encode('GIF90a'), 'image/gif')),
      thrown(() => display(new TextEncoder().encode('GIF8Xa'), 'image/gif')),
      thrown(() => display(new TextEncoder().encode('RIFF\\x10\\x00\\x00\\x00WAVEfmt '), 'image/webp')),
      thrown(() => display(images.png, 'image/svg+xml')),
      fs.existsSync('/display'),
    ];
  `);
  assert.deepEqual(result.value, [
    'TypeError: display(): the data is not a PNG image (image/png)',
    'TypeError: display(): the data is not a JPEG image (image/jpeg)',
    'TypeError: display(): the data is not a PNG image (image/png)',
    'TypeError: display(): the data is not a GIF image (image/gif)',
    'TypeError: display(): the data is not a GIF image (image/gif)',
    'TypeError: display(): the data is not a WebP image (image/webp)',
    'none',
    true,
  ]);
});

test('display() needs data it can show and a media type', async () => {
  heap.worker = new FilesWorker();
  const result = await run(`
    const thrown = (fn) => { try { fn(); return 'none'; } catch (e) { return e.name + ': ' + e.message; } };
    return [
      thrown(() => display('x')),
      thrown(() => display('x', 42)),
      thrown(() => display('x', 'plain')),
      thrown(() => display('x', 'text/plain\\n')),
      thrown(() => display(42, 'text/plain')),
      thrown(() => display({ length: 1 }, 'text/plain')),
    ];
  `);
  const badType =
    'TypeError: display(data, mimeType): mimeType must be a media type such as "image/png" or "text/plain"';
  const badData =
    'TypeError: display(data, mimeType): data must be a string, an ArrayBuffer or a typed array such as a Uint8Array';
  assert.deepEqual(result.value, [badType, badType, badType, badType, badData, badData]);
  assert.deepEqual(heap.worker.log.calls, []);
});

test('what one run shows is bounded by displayBytes, a RangeError naming it; the next run starts again', async () => {
  heap.worker = new FilesWorker(baseTree({}), { ...LIMITS, displayBytes: 1024 });
  const result = await run(`
    const first = display('x'.repeat(1000), 'text/plain');
    let error;
    try { display('y'.repeat(25), 'text/plain'); } catch (e) { error = e.name + ': ' + e.message; }
    return [first, error, display('z'.repeat(24), 'text/plain')];
  `);
  assert.deepEqual(result.value, [
    '/display/1.txt',
    'RangeError: display(): what this run shows would go over displayBytes (1 KiB)',
    '/display/2.txt',
  ]);
  const next = await run(`return display('w'.repeat(1000), 'text/plain')`);
  assert.equal(next.value, '/display/1.txt');
});

test('the file limits apply to what display() writes', async () => {
  heap.worker = new FilesWorker(baseTree({ '/work/a': 'a', '/work/b': 'b' }), {
    ...LIMITS,
    sessionFiles: 3,
  });
  const result = await run(`
    let error;
    try { display('x', 'text/plain'); } catch (e) { error = e.code + ' ' + e.message; }
    return [error, fs.existsSync('/display')];
  `);
  assert.deepEqual(result.value, [
    "ENOSPC ENOSPC: no space left on device, write '/display/1.txt' (sessionFiles is 3)",
    false,
  ]);
  heap.worker = new FilesWorker(baseTree({}), { ...LIMITS, fileBytes: 1024, displayBytes: 4096 });
  const big = await run(
    `try { display('x'.repeat(2000), 'text/plain') } catch (e) { return e.message }`,
  );
  assert.equal(
    big.value,
    "ENOSPC: no space left on device, write '/display/1.txt' (fileBytes is 1 KiB)",
  );
});

test('a run that fails after a display sends nothing: what it showed is not kept', async () => {
  heap.worker = new FilesWorker();
  const result = await run(`display('shown', 'text/plain'); throw new Error('then failed')`);
  assert.equal(result.error, 'then failed');
  assert.equal(heap.worker.log.done, undefined);
});

test("display()'s file extensions are contract/session-files.ts extensionOf's", async () => {
  heap.worker = new FilesWorker(baseTree({}), { ...LIMITS, sessionFiles: 100 });
  const types = [
    ...new Set(
      [
        'png',
        'jpg',
        'gif',
        'webp',
        'svg',
        'txt',
        'md',
        'csv',
        'tsv',
        'html',
        'css',
        'js',
        'ts',
        'xml',
        'json',
        'pdf',
        'zip',
        'bin',
      ].map((extension) => mimeTypeOf(`a.${extension}`)),
    ),
    'text/x-anything',
    'application/x-anything',
  ];
  const result = await run(`${IMAGES}
    const data = { 'image/png': images.png, 'image/jpeg': images.jpeg, 'image/gif': images.gif, 'image/webp': images.webp };
    return ${JSON.stringify(types)}.map((type) => display(data[type] ?? 'x', type).replace(/^\\/display\\/\\d+\\./, ''));
  `);
  assert.deepEqual(result.value, types.map(extensionOf));
});

test("display()'s media types are contract/session-files.ts isMediaType's: no quote or angle bracket", async () => {
  const types = [
    'text/plain',
    'text/plain; charset=utf-8',
    'application/vnd.api+json',
    'image/svg+xml',
    'image/png"><img src=x onerror=alert(1)>',
    "text/html'",
    'text/<b>',
    'text/',
    '/plain',
    'text/plain/extra',
    'text/;x=1',
    `text/${'x'.repeat(260)}`,
  ];
  heap.worker = new FilesWorker(baseTree({}), { ...LIMITS, sessionFiles: 100 });
  const result = await run(`
    return ${JSON.stringify(types)}.map((type) => {
      try { display('x', type); return true; } catch { return false; }
    });
  `);
  assert.deepEqual(result.value, types.map(isMediaType));
  assert.deepEqual(types.map(isMediaType), [
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
});
