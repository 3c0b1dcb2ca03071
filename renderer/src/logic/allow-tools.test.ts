import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import { allowToolsWith, serversWithTool } from './allow-tools.ts';

test('disabling a tool of a server with no allowTools excludes it by name', () => {
  assert.deepEqual(allowToolsWith(undefined, 'count', false), { allowTools: ['!count'] });
  assert.deepEqual(allowToolsWith(['!echo'], 'count', false), { allowTools: ['!echo', '!count'] });
});

test('enabling a tool removes its exclusion, leaving no list when it was the only one', () => {
  assert.deepEqual(allowToolsWith(['!count'], 'count', true), {});
  assert.deepEqual(allowToolsWith(['!echo', '!count'], 'count', true), { allowTools: ['!echo'] });
});

test('enabling a tool a list of plain patterns leaves out adds its name', () => {
  assert.deepEqual(allowToolsWith(['get-*'], 'count', true), { allowTools: ['get-*', 'count'] });
  assert.deepEqual(allowToolsWith(['get-*', '!count'], 'count', true), {
    allowTools: ['get-*', 'count'],
  });
});

test('a tool already as the switch says leaves the list as it is', () => {
  assert.deepEqual(allowToolsWith(['get-*'], 'get-sum', true), { allowTools: ['get-*'] });
  assert.deepEqual(allowToolsWith(['!x'], 'x', false), { allowTools: ['!x'] });
});

test('a tool a wider exclusion refuses cannot be enabled here, and the pattern is named', () => {
  const change = allowToolsWith(['!get-*'], 'get-sum', true);
  assert.ok('problem' in change);
  assert.match(change.problem, /^!get-\* in allowTools excludes it/);
});

test('a tool whose name holds * or starts with ! cannot be switched here, since written into allowTools it would allow or refuse other tools too', () => {
  for (const [list, tool, allowed] of [
    [['read_file'], '*', true],
    [['list'], 'read*', true],
    [undefined, '*', false],
    [['get_*'], 'get_*x', false],
    [['read_file'], '!x', true],
  ] as const) {
    const change = allowToolsWith(list, tool, allowed);
    assert.ok('problem' in change, `${tool} ${allowed}`);
    assert.match(change.problem, /edit allowTools in Settings$/);
  }
});

test("a server's tool switch keeps every other field, masked secrets included", () => {
  const servers = {
    counting: { command: 'node', args: ['c.js'], env: { KEY: MASKED_SECRET }, allowTools: ['!x'] },
    web: { url: 'https://example.com/mcp', headers: { authorization: MASKED_SECRET } },
  };
  assert.deepEqual(serversWithTool(servers, 'counting', 'x', true), {
    servers: {
      counting: { command: 'node', args: ['c.js'], env: { KEY: MASKED_SECRET } },
      web: servers.web,
    },
  });
  assert.deepEqual(serversWithTool(servers, 'web', 'fetch', false), {
    servers: { ...servers, web: { ...servers.web, allowTools: ['!fetch'] } },
  });
  assert.ok('problem' in serversWithTool(servers, 'gone', 'x', false));
});
