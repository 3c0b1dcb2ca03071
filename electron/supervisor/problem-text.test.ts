import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitProblem, shortProblem, spawnProblem } from './problem-text.ts';

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

test('a problem for the tray is one line of at most 80 characters, cut at a word', () => {
  assert.equal(shortProblem('short\n  and   plain '), 'short and plain');
  const long =
    "cannot start the server's runtime /Applications/MCP Isolate.app/Contents/Resources/runtime/bin/node: it does not exist (ENOENT)";
  const short = shortProblem(long);
  assert.ok(short.length <= 80, short);
  assert.ok(short.endsWith('…'));
  assert.ok(long.startsWith(short.slice(0, -1)), 'a prefix of the problem');
  assert.equal(
    shortProblem('a'.repeat(100), 10),
    `${'a'.repeat(9)}…`,
    'a word too long is cut inside',
  );
  assert.equal(shortProblem('one two three four', 12), 'one two…');
});
