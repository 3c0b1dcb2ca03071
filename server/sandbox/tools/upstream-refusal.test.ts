import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_MCP_NAME, upstreamRefusal } from './upstream-refusal.ts';

const policy = {
  servers: {
    github: { allowTools: ['search_*', '!search_secrets'], disabled: false },
    slack: { allowTools: [], disabled: true },
  },
};

test('a call of an allowed tool of an enabled server is not refused', () => {
  assert.equal(upstreamRefusal(policy, 'github', 'search_issues'), undefined);
});

test('each refusal names the setting that refuses it', () => {
  assert.equal(upstreamRefusal(policy, 'gitlab', 'x'), "mcpServers has no server 'gitlab'");
  assert.equal(
    upstreamRefusal(policy, 'slack', 'post'),
    "MCP server 'slack' is disabled in mcpServers",
  );
  assert.equal(
    upstreamRefusal(policy, 'github', 'search_secrets'),
    "tool 'search_secrets' of 'github' is not allowed by mcpServers.github.allowTools",
  );
  assert.equal(
    upstreamRefusal(policy, 'github', 'delete_repo'),
    "tool 'delete_repo' of 'github' is not allowed by mcpServers.github.allowTools",
  );
});

test("names an object inherits are no server's", () => {
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    assert.equal(upstreamRefusal(policy, name, 'x'), `mcpServers has no server '${name}'`);
  }
});

test('a server or tool name over the bound is refused as no server has it', () => {
  const long = 'n'.repeat(MAX_MCP_NAME + 1);
  const refusal = 'no MCP server or tool has a name over 256 characters';
  assert.equal(upstreamRefusal(policy, long, 'search_issues'), refusal);
  assert.equal(upstreamRefusal(policy, 'github', long), refusal);
  assert.equal(
    upstreamRefusal(policy, 'n'.repeat(MAX_MCP_NAME), 'x'),
    `mcpServers has no server '${'n'.repeat(MAX_MCP_NAME)}'`,
  );
});
