import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QUIT_ARG, secondInstanceAction } from './second-instance.ts';

test('a second launch with --quit quits the running app; any other shows its window', () => {
  assert.equal(secondInstanceAction(['/opt/MCP Isolate/mcp-isolate', QUIT_ARG]), 'quit');
  assert.equal(secondInstanceAction(['/opt/MCP Isolate/mcp-isolate']), 'show');
  assert.equal(secondInstanceAction(['MCP Isolate.exe', '--hidden']), 'show');
  // Only the whole switch: a file or session named like it is not a request.
  assert.equal(secondInstanceAction(['MCP Isolate.exe', '--quitter']), 'show');
});
