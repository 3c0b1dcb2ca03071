import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryState, formatConfig, parseConfig, withEntry, withoutEntry } from './config-json.ts';

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

test('the entry is connected only when its command and every argument match', () => {
  const config = { mcpServers: { 'mcp-isolate': ENTRY } };
  assert.equal(entryState(config, 'mcpServers', '/node', ['/bin.mjs', '--stdio']), 'connected');
  assert.equal(entryState(config, 'mcpServers', '/node', ['/bin.mjs']), 'outdated');
  assert.equal(entryState(config, 'mcpServers', '/other', ['/bin.mjs', '--stdio']), 'outdated');
  assert.equal(
    entryState({ mcpServers: { 'mcp-isolate': 'x' } }, 'mcpServers', '/node', []),
    'outdated',
  );
  assert.equal(entryState({}, 'mcpServers', '/node', []), 'not-connected');
});
