import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { McpServers } from '../../../contract/mcp-servers.ts';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import { NotJson } from '../../../contract/setting-usage.ts';
import { DEFAULT_SETTINGS } from '../../../contract/settings-registry.ts';
import { mcpServersFromText, mcpServersHint, mcpServersText } from './mcp-settings.ts';
import { fromDraft, toDraft, typedProblems } from './settings-form.ts';

const SHOWN: McpServers = {
  github: { command: 'npx', args: ['-y', 'server-github'], env: { GITHUB_TOKEN: MASKED_SECRET } },
  docs: { url: 'https://docs.test/sse', disabled: true },
};

test('the servers are shown as indented JSON with their masks, and none as an empty field', () => {
  assert.equal(mcpServersText({}), '');
  const text = mcpServersText(SHOWN);
  assert.ok(text.startsWith('{\n  "github": {\n    "command": "npx",'));
  assert.ok(text.includes(`"GITHUB_TOKEN": "${MASKED_SECRET}"`));
  assert.deepEqual(mcpServersFromText(text), SHOWN);
  assert.deepEqual(mcpServersFromText(' \n '), {});
});

test('the form saves the JSON as typed, masks and all, for the server to keep the saved secrets', () => {
  const draft = toDraft({ ...DEFAULT_SETTINGS, mcpServers: SHOWN });
  assert.equal(draft.mcpServers, mcpServersText(SHOWN));
  assert.deepEqual(fromDraft(draft, {}).mcpServers, SHOWN);
  assert.deepEqual(fromDraft({ ...draft, mcpServers: '' }, {}).mcpServers, {});
});

test('text that is not JSON, or a server the server would refuse, is flagged as typed without quoting a value', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  const typed = (mcpServers: string) => typedProblems('mcpServers', { ...draft, mcpServers });
  const secret = 'ghp_typed-s3cret';
  const unclosed = typed(`{"gh": {"command": "npx", "env": {"T": "${secret}"}`);
  assert.match(unclosed[0] ?? '', /^mcpServers: is not valid JSON/);
  assert.ok(!unclosed[0]?.includes('s3cret'));
  assert.deepEqual(typed('{\n  "gh": {"command": "npx",}\n}'), [
    'mcpServers: is not valid JSON (line 2, column 27)',
  ]);
  assert.deepEqual(typed(`{"then": {"url": "https://x.test", "headers": {"A": "${secret}"}}}`), [
    'mcpServers: the server name "then" is reserved (code could not reach it as mcp.then): choose another',
  ]);
  assert.deepEqual(typed(`{"gh": {"url": "https://x.test", "headers": {"A": "${secret}\\n"}}}`), [
    'mcpServers: gh.headers A must be one line of text',
  ]);
  // A mask stands for the saved value, though it is no header value itself.
  const masked = { h: { url: 'https://h.test', headers: { Authorization: MASKED_SECRET } } };
  assert.deepEqual(typed(JSON.stringify(masked)), []);
  assert.deepEqual(typed(''), []);
  assert.deepEqual(typed(mcpServersText(SHOWN)), []);
  assert.ok(mcpServersFromText('x'.repeat(2_000_000)) instanceof NotJson);
});

test('the hint says which servers code may call, and how to write them while none is valid', () => {
  assert.match(mcpServersHint(''), /^Code cannot call other MCP servers\. As in a client's config/);
  assert.match(mcpServersHint('{'), /^As in a client's config: \{"NAME": \{"command"/);
  assert.equal(
    mcpServersHint(mcpServersText(SHOWN)),
    `Code may call github (stdio). A value shown as ${MASKED_SECRET} keeps the saved one while its server's name and command, or URL's origin, stay the same.`,
  );
  assert.equal(
    mcpServersHint('{"a": {"url": "https://a.test/mcp"}, "b": {"url": "https://b.test/sse"}}'),
    'Code may call a (Streamable HTTP), b (SSE).',
  );
  assert.match(mcpServersHint('{"d": {"command": "x", "disabled": true}}'), /^Code cannot call/);
});
