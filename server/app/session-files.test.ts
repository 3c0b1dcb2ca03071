import assert from 'node:assert/strict';
import { readFile as readHostFile } from 'node:fs/promises';
import { after, test } from 'node:test';
import { fileUri } from '../../contract/session-files.ts';
import { FILE_URI_TEMPLATE, RESOURCES_PAGE } from '../mcp/file-resources.ts';
import type { ListSessionsOutput } from '../mcp/tool-schemas.ts';
import {
  type AnyClient,
  answerText,
  CLIENT_MATRIX,
  connectClient,
  describeClient,
  joinedPlace,
} from '../test-support/mcp-clients.ts';
import { startServerProcess } from '../test-support/server-process.ts';
import {
  base64,
  committed,
  listFiles,
  pathsOf,
  pngOf,
  readFile,
  refused,
} from '../test-support/session-files.ts';

// A session's files through a real server and every client the server is proven against (each
// SDK, each era, each transport): files given to run_js and written by code, list_files and
// read_file, the resources, display(), a fork that diverges, and hostile paths.
const server = await startServerProcess();
const place = joinedPlace(server);
const PNG = pngOf(3, 2);
const BYTES = new Uint8Array([0, 1, 2, 255]);

for (const cell of CLIENT_MATRIX) {
  const name = `${cell.kind.sdk}-${cell.kind.era}-${cell.transport}`;
  let connected: Promise<AnyClient> | undefined;
  /** One client per cell, for all its tests, closed after the file's. */
  const client = () => {
    connected ??= connectClient(cell.kind, cell.transport, place, name);
    return connected;
  };
  after(async () => (await connected)?.close());

  test(`an ${describeClient(cell)} gives run_js files, code reads them and writes more, a later run reads those, and the result links them`, async () => {
    const c = await client();
    const session = `given-${name}`;
    const { tools } = await c.listTools();
    const runJsTool = tools.find((tool) => tool.name === 'run_js') as {
      description: string;
      inputSchema: { properties: Record<string, unknown> };
      outputSchema?: { properties: Record<string, unknown> };
    };
    assert.ok(runJsTool.inputSchema.properties.files, 'run_js takes files');
    assert.ok(runJsTool.outputSchema?.properties.files, "run_js's result has files");
    assert.match(runJsTool.description, /\/work.*node:fs.*\n.*display\(data, mimeType\)/s);
    const first = await committed(c, {
      session,
      files: { 'notes.txt': 'hello files', '/data/raw.bin': { base64: base64(BYTES) } },
      code: "import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'; mkdirSync('out', { recursive: true }); writeFileSync('out/upper.txt', readFileSync('notes.txt', 'utf8').toUpperCase()); [...readFileSync('/data/raw.bin')]",
    });
    assert.equal(first.run.value, '[ 0, 1, 2, 255 ]');
    assert.deepEqual(
      first.run.files?.changed.find((change) => change.path === '/work/out/upper.txt'),
      { path: '/work/out/upper.txt', change: 'created', kind: 'file', size: 11 },
    );
    assert.deepEqual(
      first.content.find((block) => block.uri === fileUri(session, '/work/out/upper.txt')),
      {
        type: 'resource_link',
        uri: fileUri(session, '/work/out/upper.txt'),
        name: '/work/out/upper.txt',
        mimeType: 'text/plain',
        size: 11,
      },
    );
    assert.match(first.text, /\nFiles: .*created \/work\/out\/upper\.txt \(11 bytes\)/);

    const later = await committed(c, {
      session,
      code: "import { readFileSync } from 'node:fs'; readFileSync('/work/out/upper.txt', 'utf8')",
    });
    assert.equal(later.run.value, "'HELLO FILES'");
    // A run that wrote nothing links nothing.
    assert.deepEqual(
      later.content.map((block) => block.type),
      ['text'],
    );
  });

  test(`an ${describeClient(cell)} lists a session's files and reads text, an image and bytes with list_files and read_file`, async () => {
    const c = await client();
    const session = `read-${name}`;
    const made = await committed(c, {
      session,
      files: {
        'a.txt': 'alpha',
        'pic.png': { base64: base64(PNG) },
        'sub/blob.bin': { base64: base64(BYTES) },
      },
      code: '1',
    });
    const { listing, text } = await listFiles(c, { session });
    assert.deepEqual(pathsOf(listing), [
      '/work/a.txt',
      '/work/pic.png',
      '/work/sub',
      '/work/sub/blob.bin',
    ]);
    assert.equal(listing.heap, made.run.heap);
    assert.deepEqual(
      listing.files.map((file) => [file.kind, file.size, file.mimeType]),
      [
        ['file', 5, 'text/plain'],
        ['file', PNG.byteLength, 'image/png'],
        ['dir', 0, undefined],
        ['file', 4, 'application/octet-stream'],
      ],
    );
    assert.deepEqual([listing.totalFiles, listing.totalBytes], [4, 5 + PNG.byteLength + 4]);
    assert.match(text, new RegExp(`^Session ${session} at heap ${made.run.heap}: 4 files and`));
    assert.match(
      text,
      /\n\/work\/sub\/\n\/work\/sub\/blob\.bin \(4 bytes, application\/octet-stream/,
    );
    const sessions = await c.callTool('list_sessions', {});
    const summary = (sessions.structuredContent as ListSessionsOutput).sessions.find(
      (each) => each.name === session,
    );
    assert.deepEqual([summary?.files, summary?.fileBytes], [4, listing.totalBytes]);
    assert.match(
      answerText(sessions),
      new RegExp(`^${session}: .*, 4 files and folders \\(${listing.totalBytes} bytes\\)`, 'm'),
    );
    const sub = await listFiles(c, { session, path: 'sub' });
    assert.deepEqual(pathsOf(sub.listing), ['/work/sub/blob.bin']);

    const textFile = await readFile(c, { session, path: 'a.txt' });
    assert.deepEqual(textFile.content, { type: 'text', text: 'alpha' });
    assert.deepEqual(
      [textFile.read.heap, textFile.read.file.path, textFile.read.file.size],
      [made.run.heap, '/work/a.txt', 5],
    );
    const image = await readFile(c, { session, path: '/work/pic.png' });
    assert.deepEqual(image.content, { type: 'image', data: base64(PNG), mimeType: 'image/png' });
    const bytes = await readFile(c, { session, path: 'sub/blob.bin' });
    assert.deepEqual(bytes.content, {
      type: 'resource',
      resource: {
        uri: fileUri(session, '/work/sub/blob.bin'),
        mimeType: 'application/octet-stream',
        blob: base64(BYTES),
      },
    });
    assert.match(await refused(c, 'read_file', { session, path: 'missing.txt' }), /missing\.txt/);
    assert.match(await refused(c, 'list_files', { session: 'no-such-session' }), /no-such-session/);
    assert.match(
      await refused(c, 'read_file', { session, heap: 'h-nope', path: 'a.txt' }),
      /h-nope/,
    );
  });

  test(`an ${describeClient(cell)} finds every session's files as resources, reads them as text or bytes, and finds the template`, async () => {
    const c = await client();
    const session = `resources-${name}`;
    await committed(c, {
      session,
      files: { 'r.txt': 'resource text', 'deep/r.png': { base64: base64(PNG) } },
      code: '1',
    });
    const listed = await c.listAllResources();
    const text = listed.find((resource) => resource.uri === fileUri(session, '/work/r.txt'));
    assert.deepEqual(
      { mimeType: text?.mimeType, size: text?.size },
      { mimeType: 'text/plain', size: 13 },
    );
    assert.ok(listed.some((resource) => resource.uri === fileUri(session, '/work/deep/r.png')));
    // Folders are no resources.
    assert.ok(!listed.some((resource) => resource.uri === fileUri(session, '/work/deep')));

    const readText = await c.readResource(fileUri(session, '/work/r.txt'));
    assert.deepEqual(readText.contents, [
      { uri: fileUri(session, '/work/r.txt'), mimeType: 'text/plain', text: 'resource text' },
    ]);
    const readPng = await c.readResource(fileUri(session, '/work/deep/r.png'));
    assert.deepEqual(readPng.contents, [
      { uri: fileUri(session, '/work/deep/r.png'), mimeType: 'image/png', blob: base64(PNG) },
    ]);
    const { resourceTemplates } = await c.listResourceTemplates();
    assert.deepEqual(
      resourceTemplates.map((template) => template.uriTemplate),
      [FILE_URI_TEMPLATE],
    );
    await assert.rejects(c.readResource(fileUri(session, '/work/gone.txt')), /gone\.txt/);
    assert.deepEqual(
      await c.completeResource(FILE_URI_TEMPLATE, { name: 'path', value: 'work/de' }, { session }),
      ['work/deep/r.png'],
    );
    assert.ok(
      (
        await c.completeResource(FILE_URI_TEMPLATE, { name: 'session', value: 'resources-' })
      ).includes(session),
    );
  });

  test(`an ${describeClient(cell)} sees what a run displays, in order, as an image, text and a resource, each also a file`, async () => {
    const c = await client();
    const session = `display-${name}`;
    const shown = await committed(c, {
      session,
      files: { 'pic.png': { base64: base64(PNG) } },
      code: "import { readFileSync } from 'node:fs'; display(readFileSync('pic.png'), 'image/png'); display('a caption', 'text/plain'); display(new Uint8Array([1, 2, 3]), 'application/octet-stream'); 'shown'",
    });
    assert.deepEqual(
      shown.run.files?.shown.map((item) => [item.path, item.kind]),
      [
        ['/display/1.png', 'image'],
        ['/display/2.txt', 'text'],
        ['/display/3.bin', 'resource'],
      ],
    );
    assert.deepEqual(shown.content.slice(1, 4), [
      { type: 'image', data: base64(PNG), mimeType: 'image/png' },
      { type: 'text', text: 'a caption' },
      {
        type: 'resource',
        resource: {
          uri: fileUri(session, '/display/3.bin'),
          mimeType: 'application/octet-stream',
          blob: 'AQID',
        },
      },
    ]);
    assert.match(
      shown.text,
      /\nShown: \/display\/1\.png \(image\/png, \d+ bytes\), \/display\/2\.txt/,
    );
    const kept = await readFile(c, { session, path: '/display/1.png' });
    assert.deepEqual(kept.content, { type: 'image', data: base64(PNG), mimeType: 'image/png' });
  });

  test(`an ${describeClient(cell)} forks a session from an earlier heap, and neither side's later writes reach the other`, async () => {
    const c = await client();
    const parent = `fork-${name}`;
    const child = `fork-${name}-child`;
    const start = await committed(c, { session: parent, files: { 'shared.txt': 'v1' }, code: '1' });
    await committed(c, {
      session: parent,
      code: "import { writeFileSync } from 'node:fs'; writeFileSync('shared.txt', 'parent v2'); writeFileSync('parent-only.txt', 'p')",
    });
    const forked = await committed(c, {
      session: child,
      heap: start.run.heap,
      code: "import { readFileSync, writeFileSync } from 'node:fs'; writeFileSync('child-only.txt', 'c'); readFileSync('shared.txt', 'utf8')",
    });
    assert.equal(forked.run.value, "'v1'");
    const parentNow = await committed(c, {
      session: parent,
      code: "import { existsSync, readFileSync } from 'node:fs'; [readFileSync('shared.txt', 'utf8'), existsSync('child-only.txt')]",
    });
    assert.equal(parentNow.run.value, "[ 'parent v2', false ]");

    assert.deepEqual(pathsOf((await listFiles(c, { session: parent })).listing), [
      '/work/parent-only.txt',
      '/work/shared.txt',
    ]);
    assert.deepEqual(pathsOf((await listFiles(c, { session: child })).listing), [
      '/work/child-only.txt',
      '/work/shared.txt',
    ]);
    // Each heap keeps its own tree: the fork point's is as it was.
    const atStart = await listFiles(c, { session: parent, heap: start.run.heap });
    assert.deepEqual(pathsOf(atStart.listing), ['/work/shared.txt']);
    const old = await readFile(c, { session: parent, heap: start.run.heap, path: 'shared.txt' });
    assert.deepEqual(old.content, { type: 'text', text: 'v1' });
    const childShared = await readFile(c, { session: child, path: 'shared.txt' });
    assert.deepEqual(childShared.content, { type: 'text', text: 'v1' });
    assert.match(
      await refused(c, 'read_file', { session: child, path: 'parent-only.txt' }),
      /parent-only\.txt/,
    );
  });

  test(`an ${describeClient(cell)} gets a clear error for each hostile path, and none reaches the host's files`, async () => {
    const c = await client();
    const session = `hostile-${name}`;
    const long = 'x'.repeat(300);
    const hostPasswd = await readHostFile('/etc/passwd', 'utf8');
    // `..` goes up to the session's own `/`, never further: /etc/passwd is the session's.
    const escaped = await committed(c, {
      session,
      files: { '../../../../etc/passwd': 'mine' },
      code: "import { readFileSync } from 'node:fs'; readFileSync('/etc/passwd', 'utf8')",
    });
    assert.equal(escaped.run.value, "'mine'");
    assert.equal(await readHostFile('/etc/passwd', 'utf8'), hostPasswd);
    // A name without an extension is bytes: the session's own passwd comes as a base64 blob.
    const mine = Buffer.from('mine').toString('base64');
    const read = await readFile(c, { session, path: '../../etc/passwd' });
    assert.equal(read.content.resource?.blob, mine);
    assert.match(
      await refused(c, 'read_file', { session, path: '../../etc/shadow' }),
      /\/etc\/shadow/,
    );

    for (const [path, problem] of [
      ['a\0b.txt', /NUL/],
      [long, /longer than 255 bytes/],
      [`deep/${long}/x.txt`, /longer than 255 bytes/],
    ] as const) {
      assert.match(
        await refused(c, 'run_js', { session, files: { [path]: 'x' }, code: '1' }),
        problem,
      );
      assert.match(await refused(c, 'read_file', { session, path }), problem);
      assert.match(await refused(c, 'list_files', { session, path }), problem);
    }
    // `%2e%2e` is a name like any other in a tool's path: nothing is decoded.
    const encoded = await c.callTool('list_files', { session, path: '%2e%2e/%2e%2e/etc' });
    const listed = encoded.structuredContent as { files?: unknown[] } | undefined;
    assert.ok(encoded.isError === true || listed?.files?.length === 0, JSON.stringify(encoded));
    await committed(c, { session, files: { '%2e%2e/%2e%2e/x.txt': 'dots' }, code: '1' });
    const dots = await listFiles(c, { session, path: '/work/%2e%2e' });
    assert.deepEqual(pathsOf(dots.listing), ['/work/%2e%2e/%2e%2e', '/work/%2e%2e/%2e%2e/x.txt']);
    const dotsUri = fileUri(session, '/work/%2e%2e/%2e%2e/x.txt');
    assert.equal(
      dotsUri,
      `mcp-isolate://sessions/${session}/files/work/%252e%252e/%252e%252e/x.txt`,
    );
    assert.equal((await c.readResource(dotsUri)).contents[0]?.text, 'dots');

    // In a resource URI, `..` and `%2e%2e` go up within the URI (as URLs do): no file of ours.
    const base = `mcp-isolate://sessions/${session}/files`;
    for (const uri of [
      `${base}/../../etc/passwd`,
      `${base}/%2e%2e/%2E%2E/etc/passwd`,
      `${base}/work/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
    ]) {
      await assert.rejects(c.readResource(uri), /not found|names no/i, uri);
    }
    await assert.rejects(c.readResource(`${base}/a%00b`), /NUL/);
    await assert.rejects(c.readResource(`${base}/${long}`), /longer than 255 bytes/);
    await assert.rejects(
      c.readResource('mcp-isolate://sessions/no-such-session/files/work/a.txt'),
      /no-such-session/,
    );
    const own = await c.readResource(`${base}/etc/passwd`);
    assert.equal(own.contents[0]?.blob, mine);
  });
}

test(`resources/list answers at most ${RESOURCES_PAGE} files a page, and the pages after it by cursor list every file once`, async () => {
  const c = await connectClient({ sdk: 'v2', era: '2026' }, 'streamable-http', place);
  after(() => c.close());
  const session = 'many-files';
  const count = RESOURCES_PAGE + 30;
  const files = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`f${String(i).padStart(3, '0')}.txt`, `${i}`]),
  );
  await committed(c, { session, files, code: '1' });
  const uris: string[] = [];
  let page = await c.listResourcesPage();
  assert.equal(page.resources.length, RESOURCES_PAGE);
  for (;;) {
    uris.push(...page.resources.map((resource) => resource.uri));
    if (page.nextCursor === undefined) break;
    assert.ok(page.resources.length <= RESOURCES_PAGE);
    page = await c.listResourcesPage(page.nextCursor);
  }
  assert.equal(new Set(uris).size, uris.length, 'each file once');
  const mine = uris.filter((uri) => uri.startsWith(`mcp-isolate://sessions/${session}/`));
  assert.equal(mine.length, count);
  assert.deepEqual(await c.listAllResources().then((all) => all.map((r) => r.uri)), uris);
  await assert.rejects(c.listResourcesPage('not a cursor'), /invalid cursor/);
});

test('bytes named as an image that are not one reach the model as an octet-stream blob: read_file, resources/read, and an item a run showed and then overwrote', async () => {
  const c = await connectClient({ sdk: 'v2', era: '2025' }, 'streamable-http', place);
  after(() => c.close());
  const session = 'fake-images';
  const fake = Buffer.from('this is not an image');
  const made = await committed(c, {
    session,
    files: { 'chart.png': 'this is not an image' },
    code: `import { writeFileSync } from 'node:fs';
      const shown = display(new Uint8Array(${JSON.stringify([...PNG])}), 'image/png');
      writeFileSync(shown, 'this is not an image');
      shown`,
  });
  const octets = (path: string) => ({
    uri: fileUri(session, path),
    mimeType: 'application/octet-stream',
    blob: base64(fake),
  });
  assert.deepEqual(
    made.run.files?.shown.map((item) => [item.path, item.kind]),
    [['/display/1.png', 'image']],
  );
  assert.deepEqual(made.content[1], { type: 'resource', resource: octets('/display/1.png') });
  assert.ok(!made.content.some((block) => block.type === 'image'), JSON.stringify(made.content));
  const read = await readFile(c, { session, path: 'chart.png' });
  assert.deepEqual(read.content, { type: 'resource', resource: octets('/work/chart.png') });
  assert.deepEqual((await c.readResource(fileUri(session, '/work/chart.png'))).contents, [
    octets('/work/chart.png'),
  ]);
});

test('a file named __proto__ given to run_js is refused with an error that names it, over MCP and the JSON API', async () => {
  const c = await connectClient({ sdk: 'v2', era: '2025' }, 'streamable-http', place);
  after(() => c.close());
  // As JSON.parse makes it: an own key, which a record would take as its prototype.
  const files = JSON.parse('{"__proto__": "my notes", "b.txt": "b"}');
  // The SDK answers a schema failure as a tool error the model reads.
  const answer = await refused(c, 'run_js', { session: 'proto-files', code: '1', files });
  assert.match(answer, /files\.__proto__: a file may not be named __proto__/);
  const sessions = (await c.callTool('list_sessions', {})).structuredContent as ListSessionsOutput;
  assert.ok(!sessions.sessions.some((session) => session.name === 'proto-files'), 'no run');
  const exec = await fetch(`${server.url}/api/exec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"session": "proto-files", "code": "1", "files": {"__proto__": "x", "b.txt": "y"}}',
  });
  assert.equal(exec.status, 400);
  const body = (await exec.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'invalid_params');
  assert.match(body.error.message, /files\.__proto__: a file may not be named __proto__/);
});

test('the JSON API runs code with files, and refuses files a rule refuses with invalid_files', async () => {
  const exec = (body: unknown) =>
    fetch(`${server.url}/api/exec`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ran = await exec({
    session: 'json-api-files',
    files: { 'in.txt': 'from curl' },
    code: "import { readFileSync } from 'node:fs'; readFileSync('in.txt', 'utf8')",
  });
  assert.equal(ran.status, 200);
  assert.equal(((await ran.json()) as { value: string }).value, "'from curl'");
  const bad = await exec({ session: 'json-api-files', files: { 'a\0b': 'x' }, code: '1' });
  assert.equal(bad.status, 400);
  const body = (await bad.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'invalid_files');
  const shape = await exec({ code: '1', files: { 'a.txt': 42 } });
  assert.equal(shape.status, 400);
});
