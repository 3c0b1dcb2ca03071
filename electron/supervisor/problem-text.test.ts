import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitProblem, spawnProblem } from './problem-text.ts';

const errno = (code: string) => Object.assign(new Error(`spawn x ${code}`), { code });

test('a runtime that cannot start is named with its path and the cause in words', () => {
  assert.equal(
    spawnProblem('/opt/app/node', errno('ENOENT')),
    "cannot start the server's runtime /opt/app/node: it does not exist (ENOENT)",
  );
  assert.equal(
    spawnProblem('/opt/app/node', errno('EACCES')),
    "cannot start the server's runtime /opt/app/node: it is not executable (permission denied) (EACCES)",
  );
  assert.equal(
    spawnProblem('/opt/app/node', errno('E2BIG')),
    "cannot start the server's runtime /opt/app/node: spawn x E2BIG (E2BIG)",
  );
});

test("an exit is explained by the server's own last error, else by the error Node printed", () => {
  assert.equal(
    exitProblem(['starting', 'mcp-isolate: --port: must be a whole number', '  got "x"'], 2, null),
    '--port: must be a whole number got "x"; the server exited (code 2)',
  );
  const uncaught = [
    'node:internal/modules/esm/resolve:275',
    '    throw new ERR_MODULE_NOT_FOUND(',
    '          ^',
    '',
    "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/opt/app/bin/mcp-isolate.mjs'",
    '    at finalizeResolution (node:internal/modules/esm/resolve:275:11)',
    '',
    'Node.js v24.11.0',
  ];
  assert.equal(
    exitProblem(uncaught, 1, null),
    "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/opt/app/bin/mcp-isolate.mjs'; the server exited (code 1)",
  );
  assert.equal(
    exitProblem(['MCP Isolate listening on x'], null, 'SIGKILL'),
    'the server exited (SIGKILL)',
  );
});
