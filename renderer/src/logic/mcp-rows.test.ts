import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mcpTable, toolCallRow, toolCallsHeading } from './mcp-rows.ts';

test('a tool call that answered shows its server, tool, arguments, what the code got and its time', () => {
  assert.deepEqual(
    toolCallRow({
      server: 'github',
      tool: 'search',
      arguments: '{"q":"isolate"}',
      result: '{"total":3}',
      bytes: 120,
      ms: 12.4,
    }),
    {
      server: 'github',
      tool: 'search',
      arguments: '{"q":"isolate"}',
      result: '{"total":3}',
      time: '12 ms',
      outcome: 'ok',
    },
  );
});

test('a listing shows as servers() with no arguments', () => {
  const row = toolCallRow({ server: '', result: '[]', bytes: 2, ms: 1 });
  assert.equal(row.tool, 'servers()');
  assert.equal(row.arguments, '');
  assert.equal(row.outcome, 'ok');
});

test('a refused, a failed and a tool-error call are marked so, the first two with why', () => {
  const refused = toolCallRow({
    server: 'github',
    tool: 'delete_repo',
    arguments: '{}',
    error: "tool 'delete_repo' of 'github' is not allowed by mcpServers.github.allowTools",
    refused: true,
    ms: 0.1,
  });
  assert.equal(refused.outcome, 'refused');
  assert.equal(refused.result, 'refused');
  assert.match(refused.reason ?? '', /allowTools/);
  const failed = toolCallRow({
    server: 'github',
    tool: 'search',
    arguments: '{}',
    error: 'MCP server "github" exited (code 1) during the call',
    ms: 3,
  });
  assert.equal(failed.outcome, 'failed');
  assert.equal(failed.result, 'failed');
  const toolError = toolCallRow({
    server: 'github',
    tool: 'search',
    arguments: '{}',
    result: 'rate limited',
    toolError: true,
    ms: 3,
  });
  assert.equal(toolError.outcome, 'tool-error');
  assert.equal(toolError.result, 'rate limited');
  assert.equal(toolError.reason, undefined);
});

test("the run's heading counts its tool calls and those refused, failed or answering an error", () => {
  assert.equal(toolCallsHeading([{ server: 'a', tool: 't', ms: 1 }]), '1 tool call');
  assert.equal(
    toolCallsHeading([
      { server: 'a', tool: 't', ms: 1 },
      { server: 'a', tool: 't', error: 'exited', ms: 1 },
      { server: 'a', tool: 't', error: 'no', refused: true, ms: 1 },
      { server: 'a', tool: 't', result: 'no', toolError: true, ms: 1 },
    ]),
    '4 tool calls · 1 refused · 1 failed · 1 answered an error',
  );
});

test('a tool call row has a cell for every column', () => {
  const row = mcpTable.row({ server: 'a', tool: 't', ms: 1 });
  assert.equal(row.cells.length, mcpTable.columns.length);
});
