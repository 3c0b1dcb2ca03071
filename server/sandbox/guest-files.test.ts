import assert from 'node:assert/strict';
import { test } from 'node:test';
import ivm from 'isolated-vm';
import { normalFilePath } from '../../contract/session-files.ts';
import {
  baseTree,
  FilesWorker,
  LIMITS,
  liveFiles,
  replayEntry,
  replayFiles,
  sha256,
} from '../test-support/guest-files.ts';
import {
  answerStep,
  BEFORE_SNAPSHOT,
  beginStep,
  nextStep,
  replaySteps,
  replCalls,
  runKey,
  scriptStep,
} from './guest-calls.ts';
import { PRELUDE } from './runtime-source.ts';

// The guest's file system (guest/files.js, node-fs.js) in a real isolate restored from the
// runtime's snapshot, connected to a stand-in for the worker through a real ivm.Reference, driven
// by the same calls the worker makes: no worker, no engine.
const { heap, run } = await liveFiles();

test('a run that never touches a file asks the worker nothing, even one that imports node:fs', async () => {
  heap.worker = new FilesWorker(baseTree({ '/work/a.txt': 'hello' }));
  const result = await run('return typeof fs.readFileSync + typeof fsp.readFile');
  assert.equal(result.value, 'functionfunction');
  assert.deepEqual(heap.worker.log.calls, []);
});

test("the tree loads at the run's first file call and a file's bytes at its first read; done carries exactly the tree after the run", async () => {
  const base = baseTree({
    '/data': null,
    '/data/kept.bin': 'kept',
    '/work/a.txt': 'hello',
    '/work/old.txt': 'old',
  });
  heap.worker = new FilesWorker(base);
  const result = await run(`
    const first = fs.readFileSync('a.txt', 'utf8');
    const again = await fsp.readFile('/work/a.txt', 'utf8');
    fs.writeFileSync('b.txt', 'new');
    fs.appendFileSync('b.txt', new Uint8Array([33]));
    fs.copyFileSync('/data/kept.bin', 'copy.bin');
    fs.renameSync('old.txt', '/data/moved.txt');
    fs.mkdirSync('deep/er', { recursive: true });
    return [first, again];
  `);
  assert.deepEqual(result.value, ['hello', 'hello']);
  const hash = (text: string) => sha256(text);
  assert.deepEqual(heap.worker.log.calls, ['tree', `read ${hash('hello')}`, 'done']);
  assert.deepEqual(heap.worker.doneTree(), [
    { path: '/data', dir: true, size: 0, mtime: 1000 },
    { path: '/data/kept.bin', size: 4, mtime: 1000, hash: hash('kept') },
    { path: '/data/moved.txt', size: 3, mtime: 1000, hash: hash('old') },
    { path: '/work/a.txt', size: 5, mtime: 1000, hash: hash('hello') },
    { path: '/work/b.txt', size: 4, mtime: 5000, content: 0, text: 'new!' },
    { path: '/work/copy.bin', size: 4, mtime: 5000, hash: hash('kept') },
    { path: '/work/deep', dir: true, size: 0, mtime: 5000 },
    { path: '/work/deep/er', dir: true, size: 0, mtime: 5000 },
  ]);
  assert.equal(heap.worker.log.done?.buffers.length, 1);
  assert.deepEqual(heap.worker.log.done?.tree.shown, []);
});

test("a file's mtime is the virtual clock at its write", async () => {
  heap.worker = new FilesWorker();
  const result = await run(
    `
    fs.writeFileSync('a', '1');
    await new Promise((resolve) => setTimeout(resolve, 250));
    fs.writeFileSync('b', '2');
    const a = fs.statSync('a');
    return [a.mtimeMs, a.mtime.getTime(), a.birthtimeMs, fs.statSync('b').mtimeMs];
  `,
    10_000,
  );
  assert.deepEqual(result.value, [10_000, 10_000, 10_000, 10_250]);
});

test('the synchronous calls answer as Node does, and fail with its codes', async () => {
  heap.worker = new FilesWorker(baseTree({ '/work/d': null, '/work/d/f': 'hi' }));
  const result = await run(`
    return [
      fs.readFileSync('d/f', 'utf8'),
      fs.readFileSync('d/f', { encoding: 'utf-8' }),
      Array.from(fs.readFileSync('d/f')),
      fs.readFileSync('d/f') instanceof Uint8Array,
      fs.readFileSync('d/f', 'base64'),
      (fs.writeFileSync('b64', 'aGk=', 'base64'), fs.readFileSync('b64', 'utf8')),
      (fs.writeFileSync('view', new DataView(new Uint8Array([104, 105]).buffer)), fs.readFileSync('view', 'utf8')),
      fs.readdirSync('.'),
      fs.readdirSync('/'),
      fs.readdirSync('/', { recursive: true }),
      fs.existsSync('d/f'), fs.existsSync('nope'), fs.existsSync('/'), fs.existsSync('a\\0b'),
      fs.mkdirSync('q/r/s', { recursive: true }),
      fs.mkdirSync('q/r/s', { recursive: true }),
      fs.mkdirSync('single'),
      (fs.rmSync('q', { recursive: true }), fs.existsSync('q')),
      (fs.rmSync('nope', { force: true }), 'forced'),
      (fs.rmdirSync('single'), fs.existsSync('single')),
      (fs.unlinkSync('b64'), fs.existsSync('b64')),
      (fs.renameSync('view', 'd/view'), fs.readdirSync('d')),
      (fs.copyFileSync('d/f', 'd/g'), fs.readFileSync('d/g', 'utf8')),
      fs.accessSync('d/f', fs.constants.R_OK),
      fs.statSync('nope', { throwIfNoEntry: false }),
      fs.lstatSync('d').isDirectory(),
      await caught(() => fs.readFileSync('nope')),
      await caught(() => fs.readFileSync('d')),
      await caught(() => fs.readFileSync('d/f/x')),
      await caught(() => fs.writeFileSync('d', 'x')),
      await caught(() => fs.writeFileSync('x/y', 'x')),
      await caught(() => fs.writeFileSync('d/f', 'x', { flag: 'wx' })),
      await caught(() => fs.appendFileSync('d', 'x')),
      await caught(() => fs.readdirSync('nope')),
      await caught(() => fs.readdirSync('d/f')),
      await caught(() => fs.statSync('nope')),
      await caught(() => fs.mkdirSync('d')),
      await caught(() => fs.mkdirSync('a/b')),
      await caught(() => fs.mkdirSync('d/f/g', { recursive: true })),
      await caught(() => fs.rmSync('nope')),
      await caught(() => fs.rmSync('d')),
      await caught(() => fs.rmSync('/')),
      await caught(() => fs.rmSync('/work', { recursive: true, force: true })),
      await caught(() => fs.rmdirSync('d')),
      await caught(() => fs.rmdirSync('d/f')),
      await caught(() => fs.rmdirSync('/work')),
      await caught(() => fs.unlinkSync('d')),
      await caught(() => fs.unlinkSync('nope')),
      await caught(() => fs.renameSync('nope', 'x')),
      await caught(() => fs.renameSync('d', 'd/e')),
      await caught(() => fs.renameSync('/work', '/w')),
      await caught(() => fs.copyFileSync('nope', 'x')),
      await caught(() => fs.copyFileSync('d', 'x')),
      await caught(() => fs.copyFileSync('d/f', 'd/g', fs.constants.COPYFILE_EXCL)),
      await caught(() => fs.accessSync('nope')),
      await caught(() => fs.readFileSync(42)),
      await caught(() => fs.readFileSync('d/f', 'latin9')),
      await caught(() => fs.writeFileSync('x', 42)),
    ];
  `);
  assert.deepEqual(result.value, [
    'hi',
    'hi',
    [104, 105],
    true,
    'aGk=',
    'hi',
    'hi',
    ['b64', 'd', 'view'],
    ['work'],
    ['work', 'work/b64', 'work/d', 'work/d/f', 'work/view'],
    true,
    false,
    true,
    false,
    '/work/q',
    null,
    null,
    false,
    'forced',
    false,
    false,
    ['f', 'view'],
    'hi',
    null,
    null,
    true,
    'ENOENT',
    'EISDIR',
    'ENOTDIR',
    'EISDIR',
    'ENOENT',
    'EEXIST',
    'EISDIR',
    'ENOENT',
    'ENOTDIR',
    'ENOENT',
    'EEXIST',
    'ENOENT',
    'ENOTDIR',
    'ENOENT',
    'EISDIR',
    'EBUSY',
    'EBUSY',
    'ENOTEMPTY',
    'ENOTDIR',
    'EBUSY',
    'EISDIR',
    'ENOENT',
    'ENOENT',
    'EINVAL',
    'EBUSY',
    'ENOENT',
    'EISDIR',
    'EEXIST',
    'ENOENT',
    'ERR_INVALID_ARG_TYPE',
    'ERR_INVALID_ARG_VALUE',
    'ERR_INVALID_ARG_TYPE',
  ]);
});

test("an error carries Node's errno, syscall, path and message", async () => {
  heap.worker = new FilesWorker(baseTree({ '/work/d': null, '/work/f': 'x' }));
  const result = await run(`
    return [
      await failure(() => fs.readFileSync('nope')),
      await failure(() => fsp.rename('nope', 'x')),
      await failure(() => fs.rmdirSync('/work/..')),
    ];
  `);
  assert.deepEqual(result.value, [
    {
      name: 'Error',
      code: 'ENOENT',
      errno: -2,
      syscall: 'open',
      path: 'nope',
      message: "ENOENT: no such file or directory, open 'nope'",
    },
    {
      name: 'Error',
      code: 'ENOENT',
      errno: -2,
      syscall: 'rename',
      path: 'nope',
      dest: 'x',
      message: "ENOENT: no such file or directory, rename 'nope' -> 'x'",
    },
    {
      name: 'Error',
      code: 'EBUSY',
      errno: -16,
      syscall: 'rmdir',
      path: '/work/..',
      message: "EBUSY: resource busy or locked, rmdir '/work/..'",
    },
  ]);
});

test('the promise calls do what the synchronous ones do, and reject with the same errors', async () => {
  heap.worker = new FilesWorker();
  const result = await run(`
    await fsp.mkdir('p/q', { recursive: true });
    await fsp.writeFile('p/q/a.txt', 'one');
    await fsp.appendFile('p/q/a.txt', ' two');
    await fsp.copyFile('p/q/a.txt', 'p/b.txt');
    await fsp.rename('p/b.txt', 'p/c.txt');
    const stat = await fsp.stat('p/c.txt');
    const dir = await fsp.lstat('p');
    const listed = (await fsp.readdir('p', { withFileTypes: true })).map((d) => [d.name, d.isDirectory()]);
    await fsp.access('p/c.txt');
    await fsp.unlink('p/c.txt');
    await fsp.rm('p', { recursive: true });
    await fsp.mkdir('empty');
    await fsp.rmdir('empty');
    return [
      stat.size, stat.isFile(), stat.mode, dir.mode, dir.isDirectory(), listed,
      fs.readdirSync('.'),
      await caught(() => fsp.readFile('nope')),
      await caught(() => fsp.rmdir('/')),
      await caught(() => fsp.writeFile('/work', 'x')),
      fs.promises === fsp.default, fsp.constants.COPYFILE_EXCL,
    ];
  `);
  assert.deepEqual(result.value, [
    7,
    true,
    0o100644,
    0o40755,
    true,
    [
      ['c.txt', false],
      ['q', true],
    ],
    [],
    'ENOENT',
    'EBUSY',
    'EISDIR',
    true,
    1,
  ]);
});

test('readdir withFileTypes gives Dirents with name, parentPath and their kind', async () => {
  heap.worker = new FilesWorker(baseTree({ '/work/d': null, '/work/d/e': null, '/work/d/f': 'x' }));
  const result = await run(`
    const show = (d) => [d.name, d.parentPath, d.path, d.isFile(), d.isDirectory(), d.isSymbolicLink()];
    return [
      fs.readdirSync('d', { withFileTypes: true }).map(show),
      fs.readdirSync('/work', { withFileTypes: true, recursive: true }).map(show),
      fs.readdirSync('d', { withFileTypes: true })[0] instanceof fs.Dirent,
    ];
  `);
  assert.deepEqual(result.value, [
    [
      ['e', 'd', 'd', false, true, false],
      ['f', 'd', 'd', true, false, false],
    ],
    [
      ['d', '/work', '/work', false, true, false],
      ['e', '/work/d', '/work/d', false, true, false],
      ['f', '/work/d', '/work/d', true, false, false],
    ],
    true,
  ]);
});

test('paths are POSIX from /: relative ones start in /work, .. stops at /, and NUL or an over-long name is refused', async () => {
  heap.worker = new FilesWorker();
  const result = await run(`
    fs.mkdirSync('../../../../etc');
    fs.writeFileSync('../../../../etc/passwd', 'mine');
    fs.writeFileSync('./a/../b', 'b');
    return [
      fs.readdirSync('/'),
      fs.readdirSync('/etc'),
      fs.readFileSync('/etc/passwd', 'utf8'),
      fs.existsSync('/work/b'),
      fs.readdirSync('/work/./..//work'),
      await failure(() => fs.writeFileSync('a\\0b', 'x')),
      await caught(() => fs.writeFileSync('n'.repeat(256), 'x')),
      await caught(() => fs.writeFileSync('é'.repeat(128), 'x')),
      await caught(() => fs.writeFileSync(('n'.repeat(200) + '/').repeat(21), 'x')),
      (fs.writeFileSync('n'.repeat(255), 'x'), 'fits'),
      (fs.writeFileSync('é'.repeat(127), 'x'), 'fits'),
    ];
  `);
  assert.equal(result.error, undefined);
  const [root, etc, passwd, b, work, nul, ...rest] = result.value as unknown[];
  assert.deepEqual(
    [root, etc, passwd, b, work],
    [['etc', 'work'], ['passwd'], 'mine', true, ['b']],
  );
  assert.deepEqual(nul, {
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_VALUE',
    message:
      'The argument \'path\' must be a string, Uint8Array, or URL without null bytes. Received "a\\u0000b"',
  });
  assert.deepEqual(rest, ['ENAMETOOLONG', 'ENAMETOOLONG', 'ENAMETOOLONG', 'fits', 'fits']);
  assert.ok(heap.worker.doneTree()?.some((node) => node.path === '/etc/passwd'));
});

test('each file limit breaks with ENOSPC naming the setting and its value', async () => {
  heap.worker = new FilesWorker(baseTree({ '/work/base.txt': 'x'.repeat(1000) }), {
    fileBytes: 16 * 1024 * 1024,
    sessionFileBytes: 1536,
    sessionFiles: 4,
    displayBytes: 1024,
  });
  const result = await run(`
    const messages = [];
    const note = async (fn) => { const f = await failure(fn); messages.push(f.code + ' ' + f.message); };
    await note(() => fs.writeFileSync('big', new Uint8Array(600)));
    fs.writeFileSync('fits', new Uint8Array(500));
    await note(() => fs.appendFileSync('fits', new Uint8Array(100)));
    await note(() => fs.copyFileSync('fits', 'copy'));
    fs.writeFileSync('fits', 'now small');
    fs.mkdirSync('a');
    await note(() => fs.mkdirSync('b/c/d', { recursive: true }));
    fs.mkdirSync('b');
    await note(() => fs.writeFileSync('one-more', ''));
    fs.writeFileSync('fits', 'replacing adds no node');
    return messages;
  `);
  assert.deepEqual(result.value, [
    "ENOSPC ENOSPC: no space left on device, write 'big' (sessionFileBytes is 1.5 KiB)",
    "ENOSPC ENOSPC: no space left on device, write 'fits' (sessionFileBytes is 1.5 KiB)",
    "ENOSPC ENOSPC: no space left on device, copyfile 'fits' -> 'copy' (sessionFileBytes is 1.5 KiB)",
    "ENOSPC ENOSPC: no space left on device, mkdir 'b/c/d' (sessionFiles is 4)",
    "ENOSPC ENOSPC: no space left on device, write 'one-more' (sessionFiles is 4)",
  ]);
  heap.worker = new FilesWorker(baseTree({}), { ...LIMITS, fileBytes: 16 * 1024 });
  const one = await run(
    `return (await failure(() => fs.writeFileSync('/work/a.bin', new Uint8Array(16 * 1024 + 1)))).message`,
  );
  assert.equal(
    one.value,
    "ENOSPC: no space left on device, write '/work/a.bin' (fileBytes is 16 KiB)",
  );
});

test('a run that fails sends no done, and a worker that fails is EIO without its reasons', async () => {
  heap.worker = new FilesWorker(baseTree({ '/work/a': 'a' }));
  const failed = await run(`fs.writeFileSync('b', 'b'); throw new Error('no')`);
  assert.equal(failed.error, 'no');
  assert.deepEqual(heap.worker.log.calls, ['tree']);
  heap.worker.failing.add('read');
  const eio = await run(`return await failure(() => fs.readFileSync('a'))`);
  assert.deepEqual(eio.value, {
    name: 'Error',
    code: 'EIO',
    errno: -5,
    syscall: 'open',
    path: 'a',
    message: "EIO: i/o error, open 'a'",
  });
  heap.worker = new FilesWorker();
  heap.worker.failing.add('tree');
  assert.equal(
    (await run(`return await caught(() => fs.existsSync('a') || fs.statSync('a'))`)).value,
    'EIO',
  );
  heap.worker = new FilesWorker();
  heap.worker.failing.add('done');
  await assert.rejects(run(`fs.writeFileSync('b', 'b')`), /the run's files could not be kept/);
  // The run ended all the same: the next one begins.
  heap.worker = new FilesWorker();
  assert.equal((await run('return 1')).value, 1);
});

test('the files of one run are gone at the next: each run starts from the tree the worker gives', async () => {
  heap.worker = new FilesWorker();
  await run(`fs.writeFileSync('a', 'a')`);
  heap.worker = new FilesWorker();
  assert.deepEqual((await run(`return fs.readdirSync('.')`)).value, []);
});

const { snapshot } = heap;

test("a replay reads its files from the data it is given, and reproduces the live run's fingerprint", async () => {
  // A heap of its own, whose clock is where a replay's starts.
  const fresh = await liveFiles();
  const base = baseTree({ '/work/a.txt': 'hello', '/work/b.txt': 'unread' });
  fresh.heap.worker = new FilesWorker(base);
  const body = `const text = fs.readFileSync('a.txt', 'utf8'); fs.writeFileSync('c.txt', text + '!'); return text`;
  const live = await fresh.run(body);
  const files = {
    limits: LIMITS,
    nodes: base.nodes,
    contents: { [sha256('hello')]: base.contents[sha256('hello')] as string },
  };
  const replayed = await replayFiles(snapshot, body, files, live.check);
  assert.deepEqual(replayed, { value: 'hello', error: undefined, check: live.check });
  // Another write, another tree after the run: another fingerprint.
  const other = body.replace("'!'", "'?'");
  assert.deepEqual(await replayFiles(snapshot, other, files, live.check), {
    failed: "a replayed run's outcome differs from its live run's",
  });
});

test('a replay that reads a file its live run did not, or touches files without data, fails even if the run caught it', async () => {
  const base = baseTree({ '/work/a.txt': 'hello', '/work/b.txt': 'unread' });
  const files = { limits: LIMITS, nodes: base.nodes, contents: {} };
  assert.deepEqual(
    await replayFiles(snapshot, `try { fs.readFileSync('b.txt') } catch {}`, files),
    { failed: 'a replayed run read b.txt, which its live run did not read' },
  );
  assert.deepEqual(
    await replayFiles(snapshot, `try { fs.existsSync('b.txt') } catch {}`, undefined),
    {
      failed: 'a replayed run used files its live run did not',
    },
  );
  const looked = await replayFiles(snapshot, `return fs.existsSync('b.txt')`, files);
  assert.ok('value' in looked && looked.value === true);
});

test('only the host gives a replay its files: not user code, and not outside the run', async () => {
  heap.worker = new FilesWorker();
  const result = await run(`return await caught(() => __mcpi.replayFiles('guess', '{}'))`);
  assert.equal(result.value, 'Error');
  const { context } = heap;
  await assert.rejects(
    context.eval(`__mcpi.replayFiles('x', '{}')`),
    /only the host gives a replay its files/,
  );
});

test('nothing of the files stays in the heap: a snapshot after a run that wrote 4 MB is no larger than one after a run that wrote nothing', async () => {
  const limits = { ...LIMITS, fileBytes: 8 << 20, sessionFileBytes: 8 << 20 };
  const snapshotAfter = (body: string) => {
    const entry = replayEntry(body);
    const blob = ivm.Isolate.createSnapshot([
      ...PRELUDE,
      ...replaySteps(entry, [], false, { limits, nodes: [], contents: {} }),
      BEFORE_SNAPSHOT,
    ]);
    const bytes = blob.copy().byteLength;
    blob.release();
    return bytes;
  };
  const wrote = snapshotAfter(`
    const bytes = new Uint8Array(4 << 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    fs.writeFileSync('big.bin', bytes);
    display(bytes.subarray(0, 16 * 1024), 'application/octet-stream');
    return fs.statSync('big.bin').size;
  `);
  const none = snapshotAfter(`fs.writeFileSync('small', 'x'); return 1`);
  assert.ok(wrote - none < 256 * 1024, `${wrote} vs ${none}`);
});

test('other Node built-ins are still asked of the host, which refuses them', async () => {
  heap.worker = new FilesWorker();
  const key = runKey();
  const entry = {
    seed: 1,
    time: 5000,
    output: 65536,
    script: `__mcpi.body(async () => { await __mcpi.import('node:path') });`,
  };
  await heap.call(beginStep(entry, key));
  await heap.call(scriptStep(entry));
  assert.equal(await heap.call(nextStep(key)), '?{"kind":"import","requests":["node:path"]}');
  const refused = { specifier: 'node:path', bundle: '', label: '', source: '', error: 'refused' };
  await heap.call(answerStep(key, [{ kind: 'import', answers: [[refused]] }]));
  assert.equal(await heap.call(nextStep(key)), 2);
  assert.match(String(await heap.call(nextStep(key))), /"message":"refused"/);
});

test("a package's require of fs, node:fs or fs/promises gets the same module, over the session's files", async () => {
  heap.worker = new FilesWorker();
  const source = `const fs = require('fs');
module.exports.default = {
  same: fs === require('node:fs') && fs.promises === require('fs/promises'),
  write: (path, text) => fs.writeFileSync(path, text),
};`;
  const key = runKey();
  const entry = {
    seed: 1,
    time: 5000,
    output: 65536,
    script: replCalls.body(
      `const pkg = await __mcpi.import('writes'); pkg.write('from-package', 'yes'); return pkg.same`,
    ),
  };
  await heap.call(beginStep(entry, key));
  await heap.call(scriptStep(entry));
  assert.equal(await heap.call(nextStep(key)), '?{"kind":"import","requests":["writes"]}');
  const bundle = { specifier: 'writes', bundle: 'b1', label: 'writes@1.0.0', source, error: null };
  await heap.call(answerStep(key, [{ kind: 'import', answers: [[bundle]] }]));
  assert.equal(await heap.call(nextStep(key)), 2);
  assert.match(String(await heap.call(nextStep(key))), /"value":"true"/);
  assert.deepEqual(
    heap.worker.doneTree()?.map((node) => [node.path, node.text]),
    [['/work/from-package', 'yes']],
  );
});

test('a guest that replaces the built-ins breaks neither the files nor the protocol, and cannot reach the Reference', async () => {
  // A heap of its own: what this run does to the built-ins stays in it.
  const hostile = await liveFiles();
  const base = baseTree({ '/work/a.txt': 'hello', '/work/d': null });
  hostile.heap.worker = new FilesWorker(base);
  const fs = `(await __mcpi.import('node:fs')).default`;
  const script = replCalls.body(`
    const fs = ${fs};
    const fsp = fs.promises;
    const trap = () => { throw new Error('trapped'); };
    let seen = '';
    for (const key of ['path', 'dir', 'size', 'mtime', 'hash', 'content', 'nodes', 'shown',
      'mimeType', 'limits', 'code', 'errno', 'syscall', 'message', 'copy', 'arguments', 'result',
      'timeout', 'reference', 'transferList', 'then', 'toJSON', 'length', '0', '1', 'name', 'node']) {
      Object.defineProperty(Object.prototype, key, {
        get() { seen += key + ','; return undefined; },
        set() { trap(); },
        configurable: true,
      });
    }
    const globals = ['Uint8Array', 'TextEncoder', 'TextDecoder', 'JSON', 'Promise', 'Map', 'Set',
      'Error', 'TypeError', 'RangeError', 'Date', 'Array', 'Object', 'Reflect', 'String', 'Symbol'];
    const kept = {};
    for (const name of globals) kept[name] = globalThis[name];
    const jsonParse = JSON.parse;
    JSON.parse = trap; JSON.stringify = trap;
    Array.prototype.push = trap; Array.prototype.sort = trap; Array.prototype.join = trap;
    Array.prototype[Symbol.iterator] = trap; Array.prototype.map = trap;
    Map.prototype.get = trap; Map.prototype.set = trap; Map.prototype.entries = trap;
    String.prototype.slice = trap; String.prototype.indexOf = trap; String.prototype.split = trap;
    String.prototype.charCodeAt = trap;
    Function.prototype.call = trap; Function.prototype.apply = trap;
    Reflect.apply = trap; Reflect.setPrototypeOf = trap; Reflect.defineProperty = trap;
    Object.defineProperty = trap;
    Promise.prototype.then = trap;
    for (let i = 0; i < globals.length; i++) globalThis[globals[i]] = trap;
    let text = '';
    const add = (value) => { text += (text ? '|' : '') + value; };
    add(fs.readFileSync('a.txt', 'utf8'));
    fs.writeFileSync('b.txt', 'written');
    fs.appendFileSync('b.txt', '!');
    fs.mkdirSync('x/y', { recursive: true });
    fs.copyFileSync('a.txt', 'x/y/c.txt');
    fs.renameSync('x/y/c.txt', 'd/c.txt');
    add(fs.readdirSync('.').length);
    add(fs.statSync('b.txt').size);
    add(await fsp.readFile('b.txt', 'utf8'));
    try { fs.readFileSync('nope') } catch (e) { add(kept.Object.getOwnPropertyDescriptor(e, 'code').value) }
    try { await fsp.rmdir('/work') } catch (e) { add(kept.Object.getOwnPropertyDescriptor(e, 'code').value) }
    add(display('shown', 'text/plain'));
    let refused;
    try { __mcpi.connectFiles({ applySync: trap }) } catch (e) { refused = 'refused' }
    add(refused);
    // Nothing reachable from the global object holds the Reference.
    let found = 0;
    const visited = new kept.Set();
    const walk = (value, depth) => {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
      if (visited.has(value) || depth > 4) return;
      visited.add(value);
      const keys = kept.Reflect.ownKeys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const descriptor = kept.Object.getOwnPropertyDescriptor(value, key);
        if (descriptor && 'value' in descriptor) {
          if (descriptor.value && typeof descriptor.value.applySync === 'function') found++;
          walk(descriptor.value, depth + 1);
        }
      }
    };
    walk(globalThis, 0);
    add(found);
    add(seen);
    return text;
  `);
  const key = runKey();
  const entry = { seed: 1, time: 5000, output: 65536, script };
  await hostile.heap.call(beginStep(entry, key));
  await hostile.heap.call(scriptStep(entry));
  let answer = await hostile.heap.call(nextStep(key));
  while (answer === 1 || answer === 2) answer = await hostile.heap.call(nextStep(key));
  const outcome = JSON.parse(String(answer).replace(/^\d+ /, ''));
  assert.equal(outcome.error, undefined, JSON.stringify(outcome.error));
  assert.equal(outcome.value, "'hello|4|8|written!|ENOENT|EBUSY|/display/1.txt|refused|0|'");
  assert.deepEqual(hostile.heap.worker.log.calls, ['tree', `read ${sha256('hello')}`, 'done']);
  assert.deepEqual(
    hostile.heap.worker.doneTree()?.map(({ path, size, hash, text }) => [path, size, hash ?? text]),
    [
      ['/display', 0, undefined],
      ['/display/1.txt', 5, 'shown'],
      ['/work/a.txt', 5, sha256('hello')],
      ['/work/b.txt', 8, 'written!'],
      ['/work/d', 0, undefined],
      ['/work/d/c.txt', 5, sha256('hello')],
      ['/work/x', 0, undefined],
      ['/work/x/y', 0, undefined],
    ],
  );
  assert.deepEqual(hostile.heap.worker.log.done?.tree.shown, [
    { path: '/display/1.txt', mimeType: 'text/plain' },
  ]);
});

test("the guest's path rules are contract/session-files.ts normalFilePath's", async () => {
  const paths = [
    'a',
    './a/./b',
    '../../../../x',
    '/work/../..//y/',
    'a/../../../work/z',
    '/..',
    '.',
    'é'.repeat(127),
    'é'.repeat(128),
    'n'.repeat(255),
    'n'.repeat(256),
    `${'n'.repeat(200)}/`.repeat(20),
    `${'n'.repeat(200)}/`.repeat(21),
    `/${'n'.repeat(250)}/..`.repeat(30),
    'x\uD800y',
    '/work/\uDC00',
  ];
  heap.worker = new FilesWorker(baseTree({}), { ...LIMITS, sessionFiles: 1000 });
  const result = await run(`
    const paths = ${JSON.stringify(paths)};
    return paths.map((path) => {
      try { fs.mkdirSync(path, { recursive: true }); return 'made'; } catch (e) { return e.code; }
    });
  `);
  const made = new Set(['/', '/work', ...(heap.worker.doneTree() ?? []).map((node) => node.path)]);
  const answers = result.value as string[];
  for (const [i, path] of paths.entries()) {
    const normal = normalFilePath(path);
    if ('code' in normal) assert.equal(answers[i], normal.code, path);
    else assert.ok(answers[i] === 'made' && made.has(normal.path), path);
  }
});

test('display() shows at most 1000 items a run, as the worker takes', async () => {
  heap.worker = new FilesWorker(baseTree({}), { ...LIMITS, sessionFiles: 5000 });
  const result = await run(`
    for (let i = 0; i < 1000; i++) display('', 'text/plain');
    try { display('', 'text/plain'); return 'shown'; } catch (error) { return error.message; }
  `);
  assert.equal(result.value, 'display(): a run shows at most 1000 items');
  assert.equal(heap.worker.log.done?.tree.shown.length, 1000);
});

test("no timer moves the clock past the latest time a Date holds, so a file's time stays a date", async () => {
  const late = await liveFiles();
  late.heap.worker = new FilesWorker();
  const result = await late.run(
    `
    await new Promise((resolve) => setTimeout(resolve, 2 ** 31 - 1));
    fs.writeFileSync('late.txt', 'x');
    return [Date.now(), fs.statSync('late.txt').mtime.toISOString()];
  `,
    8.64e15 - 10,
  );
  assert.deepEqual(result.value, [8.64e15, '+275760-09-13T00:00:00.000Z']);
});
