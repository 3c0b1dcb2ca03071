import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SCHEMA_LIMITS } from './schema-to-ts.ts';
import { type DeclaredServer, type DeclaredTool, toolDeclarations } from './tool-declarations.ts';
import { SEARCH_LIMITS, searchTools } from './tool-search.ts';

const everything: DeclaredServer = {
  name: 'everything',
  transport: 'stdio',
  tools: JSON.parse(
    readFileSync(new URL('fixtures/everything-tools.json', import.meta.url), 'utf8'),
  ).tools,
};
const tool = (name: string, more: Partial<DeclaredTool> = {}): DeclaredTool => ({
  name,
  inputSchema: { type: 'object', properties: {} },
  ...more,
});
const server = (name: string, tools: DeclaredTool[]): DeclaredServer => ({
  name,
  transport: 'stdio',
  tools,
});
/** The chosen tools as `server/tool`, best first within each server. */
const names = (servers: readonly DeclaredServer[]) =>
  servers.flatMap((s) => s.tools.map((t) => `${s.name}/${t.name}`));

test("without a query every tool is listed in the servers' order", () => {
  const found = searchTools([everything, server('other', [tool('a'), tool('b')])]);
  assert.equal(found.matched, 15);
  assert.equal(found.more, 0);
  assert.deepEqual(names(found.servers).slice(-3), [
    'everything/simulate-research-query',
    'other/a',
    'other/b',
  ]);
});

test("server-everything's tools are found by words of their names and descriptions", () => {
  assert.equal(names(searchTools([everything], 'sum').servers)[0], 'everything/get-sum');
  const structured = searchTools([everything], 'Structured content');
  // get-annotated-message's description speaks of content too: it matches one word, after.
  assert.deepEqual(names(structured.servers), [
    'everything/get-structured-content',
    'everything/get-annotated-message',
  ]);
  const environment = searchTools([everything], 'environment variables');
  assert.equal(names(environment.servers)[0], 'everything/get-env');
});

test('a word scores 3 in the name, 1 in the title or description, 1 in a parameter name', () => {
  const tools = [
    tool('by-parameter', { inputSchema: { properties: { weather: {} } } }),
    tool('by-description', { description: 'The weather today' }),
    tool('by-title', { title: 'Weather', inputSchema: { properties: { weather: {} } } }),
    tool('weather-by-name'),
  ];
  const found = searchTools([server('s', tools)], 'weather');
  assert.deepEqual(names(found.servers), [
    's/weather-by-name',
    's/by-title',
    's/by-parameter',
    's/by-description',
  ]);
});

test('tools holding every word come before those that score more with fewer words', () => {
  const tools = [
    tool('issue-issue', { description: 'issue' }),
    tool('close', { description: 'close an issue' }),
  ];
  const found = searchTools([server('s', tools)], 'close issue');
  assert.deepEqual(names(found.servers), ['s/close', 's/issue-issue']);
});

test("a server's name counts as its tools' names", () => {
  const found = searchTools(
    [server('github', [tool('create_issue')]), server('jira', [tool('create_issue')])],
    'github issue',
  );
  assert.deepEqual(names(found.servers), ['github/create_issue', 'jira/create_issue']);
});

test('a tool holding no word of the query is not matched', () => {
  const found = searchTools([everything], 'kubernetes');
  assert.deepEqual(found, { servers: [], matched: 0, more: 0 });
});

test('words are lower-cased and split at anything that is no letter or digit', () => {
  const found = searchTools([everything], '  GET_sum!! ');
  assert.equal(names(found.servers)[0], 'everything/get-sum');
});

test('at most 25 tools are chosen, and more counts the rest', () => {
  const tools = Array.from({ length: 40 }, (_, i) => tool(`t${i}`));
  const found = searchTools([server('s', tools)]);
  assert.equal(found.servers[0]?.tools.length, SEARCH_LIMITS.tools);
  assert.equal(found.matched, 40);
  assert.equal(found.more, 15);
  assert.equal(found.servers[0]?.toolCount, 40);
  assert.match(toolDeclarations(found.servers), /\/\/ s \(stdio, 40 tools, 25 shown\)/);
});

test('the declarations stay within 48 KiB, though the first tool is always shown', () => {
  const big = (name: string) =>
    tool(name, {
      description: 'x'.repeat(10_000),
      inputSchema: { properties: { p: { type: 'string', description: 'y'.repeat(10_000) } } },
    });
  const found = searchTools([
    server(
      's',
      Array.from({ length: 10 }, (_, i) => big(`t${i}`)),
    ),
  ]);
  const text = toolDeclarations(found.servers);
  assert.ok(Buffer.byteLength(text) <= SEARCH_LIMITS.bytes, `${Buffer.byteLength(text)} bytes`);
  assert.equal(found.servers[0]?.tools.length, 2);
  assert.equal(found.more, 8);
  const huge = tool('huge', {
    inputSchema: {
      properties: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`p${i}`, {}])),
    },
  });
  const alone = searchTools([server('s', [huge, tool('small')])]);
  assert.deepEqual(names(alone.servers), ['s/huge']);
  assert.ok(Buffer.byteLength(toolDeclarations(alone.servers)) <= SCHEMA_LIMITS.bytes + 1024);
});

test('a first tool named with a megabyte leaves the declarations within 48 KiB, its name out of the header', () => {
  const found = searchTools([server('evil', [tool('n'.repeat(1024 * 1024)), tool('ok')])]);
  const text = toolDeclarations(found.servers);
  assert.ok(Buffer.byteLength(text) <= SEARCH_LIMITS.bytes, `${Buffer.byteLength(text)} bytes`);
  assert.match(text, /\/\/ evil \(stdio, 2 tools(, \d shown)?\)\n/);
});

test("a chosen tool's schema is rendered once for a listing, not again for its declarations", () => {
  let renders = 0;
  // Rendering reads a property's description once.
  const property = Object.defineProperty({ type: 'string' }, 'description', {
    enumerable: true,
    get: () => {
      renders++;
      return 'counted';
    },
  });
  const found = searchTools([
    server('s', [tool('t', { inputSchema: { properties: { property } } })]),
  ]);
  assert.match(toolDeclarations(found.servers), /\/\*\* counted \*\//);
  assert.equal(renders, 1);
});

test('chosen tools stay under their servers, each server where its best tool ranks', () => {
  const found = searchTools(
    [
      server('a', [tool('list'), tool('read-file')]),
      server('b', [tool('read-mail'), tool('read')]),
    ],
    'read',
  );
  assert.deepEqual(names(found.servers), ['a/read-file', 'b/read-mail', 'b/read']);
  assert.equal(found.servers[1]?.toolCount, 2);
});
