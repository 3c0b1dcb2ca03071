import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  entryState,
  formatConfig,
  ourEntry,
  parseConfig,
  withEntry,
  withoutEntry,
} from './config-json.ts';

const ENTRY = { command: '/node', args: ['/bin.mjs', '--stdio'] };

test('a comment marker inside a string is text, not a comment', () => {
  const parsed = parseConfig('{"servers": {"a": {"url": "https://x.example/*"}}}', 'f', 'servers');
  assert.ok(parsed.config);
  const broken = parseConfig('{"url": "https://x.example", /* note */ }', 'f', 'servers');
  assert.match(broken.problem ?? '', /has comments/);
});

test('an empty file is an empty config', () => {
  const parsed = parseConfig('  \n', 'f', 'mcpServers');
  assert.deepEqual(parsed.config, {});
});

test('a byte order mark and Windows line ends are kept on writing', () => {
  const text = '\uFEFF{\r\n  "mcpServers": {}\r\n}\r\n';
  const parsed = parseConfig(text, 'f', 'mcpServers');
  assert.ok(parsed.config);
  const written = formatConfig(withEntry(parsed.config, 'mcpServers', ENTRY), parsed.layout);
  assert.ok(written.startsWith('\uFEFF{\r\n  "mcpServers": {\r\n'));
  assert.doesNotMatch(written.replaceAll('\r\n', ''), /\n/);
});

test('a key named __proto__ in a file stays an ordinary key through a merge', () => {
  const parsed = parseConfig('{"__proto__": {"x": 1}, "mcpServers": {}}', 'f', 'mcpServers');
  assert.ok(parsed.config);
  const merged = withoutEntry(withEntry(parsed.config, 'mcpServers', ENTRY), 'mcpServers');
  assert.equal(
    formatConfig(merged, parsed.layout),
    '{\n  "__proto__": {\n    "x": 1\n  },\n  "mcpServers": {}\n}\n',
  );
});

test('the entry is connected only when its command and every argument match, over stdio', () => {
  const state = (config: Record<string, unknown>, command: string, args: string[]) =>
    entryState(ourEntry(config, 'mcpServers'), command, args);
  const config = { mcpServers: { 'mcp-isolate': ENTRY } };
  assert.equal(state(config, '/node', ['/bin.mjs', '--stdio']), 'connected');
  assert.equal(state(config, '/node', ['/bin.mjs']), 'outdated');
  assert.equal(state(config, '/other', ['/bin.mjs', '--stdio']), 'outdated');
  assert.equal(state({ mcpServers: { 'mcp-isolate': 'x' } }, '/node', []), 'outdated');
  assert.equal(state({}, '/node', []), 'not-connected');
  const mixed = { mcpServers: { 'mcp-isolate': { ...ENTRY, url: 'http://127.0.0.1:3000/mcp' } } };
  assert.equal(state(mixed, '/node', ['/bin.mjs', '--stdio']), 'outdated');
});

test('a key given twice in one object is refused, not rewritten with the last one only', () => {
  const twice = '{"mcpServers": {"work": {"command": "w"}}, "mcpServers": {"home": {}}}';
  assert.match(
    parseConfig(twice, 'f', 'mcpServers').problem ?? '',
    /^f has the key "mcpServers" twice in one object/,
  );
  const escaped = '{"mcpServers": {"a": {"command": "1"}, "\\u0061": {"command": "2"}}}';
  assert.match(parseConfig(escaped, 'f', 'mcpServers').problem ?? '', /the key "a" twice/);
  // The same key in two objects, and a key's name as a value, are no duplicates.
  const fine = '{"a": {"a": "a"}, "b": [{"a": 1}, {"a": 2}], "c": "\\"a\\"", "mcpServers": {}}';
  assert.ok(parseConfig(fine, 'f', 'mcpServers').config);
});

test('a number that cannot be kept exactly is refused, one that can is kept', () => {
  for (const number of ['12345678901234567890', '-9007199254740993', '1e400', '-1e999']) {
    const parsed = parseConfig(`{"mcpServers": {}, "n": ${number}}`, 'f', 'mcpServers');
    assert.match(parsed.problem ?? '', /has a number that cannot be kept exactly/, number);
  }
  const fine = '{"mcpServers": {}, "a": 9007199254740992, "b": 1.25, "c": -0.1e-3, "d": [1, 2]}';
  assert.ok(parseConfig(fine, 'f', 'mcpServers').config);
});

test('nesting deeper than 512 levels is refused, so writing it back cannot overflow the stack', () => {
  const deep = (levels: number) =>
    `{"mcpServers": {}, "x": ${'['.repeat(levels)}${']'.repeat(levels)}}`;
  assert.match(
    parseConfig(deep(100_000), 'f', 'mcpServers').problem ?? '',
    /nests deeper than 512 levels/,
  );
  assert.ok(parseConfig(deep(500), 'f', 'mcpServers').config);
});

test('an HTTP entry becomes the stdio entry, keeping only its own fields', () => {
  for (const http of [
    { type: 'http', url: 'http://127.0.0.1:3000/mcp', headers: { Authorization: 'Bearer t' } },
    { serverUrl: 'http://127.0.0.1:3000/mcp', env: { A: '1' } },
    { transport: 'sse', url: 'http://127.0.0.1:3000/sse', env: { A: '1' } },
  ]) {
    const config = { mcpServers: { 'mcp-isolate': http } };
    assert.equal(entryState(ourEntry(config, 'mcpServers'), ENTRY.command, ENTRY.args), 'outdated');
    const repaired = withEntry(config, 'mcpServers', ENTRY);
    assert.deepEqual(repaired, {
      mcpServers: { 'mcp-isolate': { ...('env' in http && { env: http.env }), ...ENTRY } },
    });
    assert.equal(
      entryState(ourEntry(repaired, 'mcpServers'), ENTRY.command, ENTRY.args),
      'connected',
    );
  }
});

test('a file that is not JSON is refused saying where, never quoting its text (a secret may be there)', () => {
  const text = '{\n  "mcpServers": { "gh": { "env": { "TOKEN": ghp_s3cret } } }\n}';
  const { problem } = parseConfig(text, 'f', 'mcpServers');
  assert.match(problem ?? '', /^f is not valid JSON/);
  assert.ok(!problem?.includes('ghp_'), problem);
});
