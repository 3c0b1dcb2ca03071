import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type McpServerConfig,
  mcpServersProblem,
  RESERVED_SERVER_NAMES,
  toolAllowed,
  transportOf,
} from './mcp-servers.ts';

const SECRET = 'ghp_s3cr3t-T0KEN-value';

/** The problem with one server named `name`, as the setting holds it. */
const problemOf = (config: unknown, name = 'github', ownPort?: number, own?: string[]) =>
  mcpServersProblem({ [name]: config }, ownPort, own);

test('a stdio server and an HTTP server in the shape clients use pass the check', () => {
  const servers = {
    github: {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_TOKEN: SECRET },
      allowTools: ['get_*', '!get_secret'],
    },
    linear: { url: 'https://mcp.linear.app/mcp', headers: { Authorization: `Bearer ${SECRET}` } },
    local: { type: 'sse', url: 'http://127.0.0.1:9000/events', disabled: true },
    'my-server': { type: 'stdio', command: '/usr/bin/env', cwd: '/tmp' },
  };
  assert.equal(mcpServersProblem(servers), undefined);
  assert.equal(mcpServersProblem({}), undefined);
});

test('the transport is stdio for a command, and sse by type or by a path ending in /sse', () => {
  const cases: [McpServerConfig, string][] = [
    [{ command: 'x' }, 'stdio'],
    [{ url: 'https://a.test/mcp' }, 'streamable-http'],
    [{ url: 'https://a.test/sse' }, 'sse'],
    [{ url: 'https://a.test/v1/sse/?x=1' }, 'sse'],
    [{ url: 'https://a.test/ssex' }, 'streamable-http'],
    [{ url: 'https://a.test/mcp', type: 'sse' }, 'sse'],
    [{ url: 'https://a.test/sse', type: 'http' }, 'streamable-http'],
    [{ url: 'https://a.test/sse', type: 'streamable-http' }, 'streamable-http'],
  ];
  for (const [config, transport] of cases) {
    assert.equal(transportOf(config), transport, JSON.stringify(config));
  }
});

test('allowTools allows what a pattern matches, and exclusions refuse even what a pattern allows', () => {
  assert.equal(toolAllowed(undefined, 'anything'), true);
  assert.equal(toolAllowed([], 'anything'), true);
  assert.equal(toolAllowed(['get_issue'], 'get_issue'), true);
  assert.equal(toolAllowed(['get_issue'], 'get_issues'), false);
  assert.equal(toolAllowed(['get_*'], 'get_issue'), true);
  assert.equal(toolAllowed(['get_*'], 'get_'), true);
  assert.equal(toolAllowed(['get_*'], 'create_issue'), false);
  assert.equal(toolAllowed(['*_issue'], 'create_issue'), true);
  assert.equal(toolAllowed(['a*b*c'], 'a-b-c'), true);
  assert.equal(toolAllowed(['a*b*c'], 'abc'), true);
  assert.equal(toolAllowed(['a*b*c'], 'ac'), false);
  assert.equal(toolAllowed(['ab*ba'], 'aba'), false, 'the fixed ends do not overlap');
  assert.equal(toolAllowed(['*'], 'x'), true);
  assert.equal(toolAllowed(['get_*', '!get_secret'], 'get_secret'), false);
  assert.equal(toolAllowed(['get_*', '!get_secret'], 'get_issue'), true);
  assert.equal(toolAllowed(['Get_Issue'], 'get_issue'), false, 'tool names are case-sensitive');
});

test('a list of only exclusions allows every tool it does not exclude', () => {
  assert.equal(toolAllowed(['!delete_repo'], 'delete_repo'), false);
  assert.equal(toolAllowed(['!delete_repo'], 'get_issue'), true);
  assert.equal(toolAllowed(['!delete_*', '!push'], 'delete_branch'), false);
  assert.equal(toolAllowed(['!delete_*', '!push'], 'push'), false);
  assert.equal(toolAllowed(['!delete_*', '!push'], 'pull'), true);
});

test('a long hostile pattern is matched without backtracking', () => {
  const started = performance.now();
  const pattern = `${'*a'.repeat(5000)}*b`;
  assert.equal(toolAllowed([pattern], 'a'.repeat(100_000)), false);
  assert.ok(performance.now() - started < 1000);
});

test('every reserved name, __proto__, an empty, long or control-character name is refused', () => {
  for (const name of RESERVED_SERVER_NAMES) {
    assert.match(String(problemOf({ command: 'x' }, name)), /is reserved/, name);
  }
  assert.match(
    String(mcpServersProblem(JSON.parse('{"__proto__": {"command": "x"}}'))),
    /is reserved/,
  );
  assert.match(String(problemOf({ command: 'x' }, '')), /must not be empty/);
  assert.match(String(problemOf({ command: 'x' }, '  ')), /must not be empty/);
  const long = problemOf({ command: 'x' }, 'n'.repeat(101));
  assert.match(String(long), /longer than 100 characters/);
  assert.ok(String(long).length < 250, 'the message cuts the name');
  assert.equal(problemOf({ command: 'x' }, 'n'.repeat(100)), undefined);
  const control = String(problemOf({ command: 'x' }, 'a\nb\u001b[31m'));
  assert.match(control, /control characters/);
  assert.ok(!control.includes('\n') && !control.includes('\u001b'), 'the message escapes them');
  assert.equal(problemOf({ command: 'x' }, 'Ünïcode name'), undefined);
});

test('a server needs exactly one of command and url, and no field of the other kind', () => {
  assert.match(
    String(problemOf({ command: 'x', url: 'https://a.test' })),
    /both a command and a url/,
  );
  assert.match(String(problemOf({ args: ['x'] })), /needs a command .* or a url/);
  assert.match(String(problemOf({ command: 'x', headers: {} })), /has no field "headers"/);
  assert.match(String(problemOf({ url: 'https://a.test', env: {} })), /has no field "env"/);
  assert.match(String(problemOf({ command: 'x', timeout: 5 })), /has no field "timeout"/);
  assert.match(String(problemOf({ command: 'x', type: 'sse' })), /type must be "stdio"/);
  assert.match(String(problemOf({ url: 'https://a.test', type: 'stdio' })), /type must be "http"/);
});

test('wrong shapes are refused naming the server and the field', () => {
  const cases: [unknown, RegExp][] = [
    [null, /must be an object/],
    [['x'], /must be an object/],
    ['npx server', /must be an object with a command or a url/],
    [{ command: '' }, /^github\.command must be a non-empty text/],
    [{ command: 42 }, /command must be a non-empty text/],
    [{ command: 'x', args: 'one two' }, /args must be a list of texts/],
    [{ command: 'x', args: ['ok', 3] }, /args\[1\] must be a text/],
    [{ command: 'x', args: ['a\0b'] }, /args\[0\] must be a text without NUL/],
    [{ command: 'x', env: ['A=1'] }, /env must be an object of texts/],
    [{ command: 'x', env: { A: 1 } }, /env "A" must be a text/],
    [{ command: 'x', env: { 'A=B': 'v' } }, /variable name "A=B"/],
    [{ command: 'x', cwd: 'relative/dir' }, /cwd must be an absolute folder/],
    [{ command: 'x', disabled: 'yes' }, /disabled must be true or false/],
    [{ command: 'x', allowTools: 'get_*' }, /allowTools must be a list/],
    [{ command: 'x', allowTools: ['!'] }, /allowTools holds an empty pattern/],
    [{ command: 'x', allowTools: [''] }, /allowTools holds an empty pattern/],
    [{ url: 'ftp://a.test/mcp' }, /must be an http:\/\/ or https:\/\/ address/],
    [{ url: 'not a url' }, /url is not a URL/],
    [{ url: 'https://user:pw@a.test/mcp' }, /put credentials in headers/],
    [
      { url: 'https://a.test', headers: { 'Bad Name': 'v' } },
      /"Bad Name", which is not a header name/,
    ],
    [{ url: 'https://a.test', headers: { A: '' } }, /headers A must be one line/],
  ];
  for (const [config, expected] of cases) {
    assert.match(String(problemOf(config)), expected, JSON.stringify(config));
  }
  assert.equal(mcpServersProblem([]), 'must be an object of servers by name');
  assert.equal(mcpServersProblem('{}'), 'must be an object of servers by name');
  assert.match(String(problemOf({ command: 42 }, 'odd name')), /^\["odd name"\]\.command/);
});

test('control characters in a command or URL are refused', () => {
  assert.match(String(problemOf({ command: 'npx\nrm -rf' })), /command holds control characters/);
  assert.match(String(problemOf({ url: 'https://a.test/\u0007' })), /url holds control characters/);
});

test('huge settings are refused quickly, by count and by length', () => {
  const many = Object.fromEntries(
    Array.from({ length: 101 }, (_, i) => [`s${i}`, { command: 'x' }]),
  );
  assert.match(String(mcpServersProblem(many)), /holds 101 servers, at most 100/);
  const started = performance.now();
  assert.match(
    String(problemOf({ command: 'x', args: Array(1_000_001).fill('a') })),
    /args holds more than 1000 items/,
  );
  assert.match(String(problemOf({ command: 'x'.repeat(10_000_000) })), /longer than 32768/);
  assert.match(
    String(problemOf({ command: 'x', env: { A: SECRET.repeat(10_000) } })),
    /env "A" is longer than 32768/,
  );
  assert.ok(performance.now() - started < 2000);
});

test('a URL at our own port on a loopback address is refused, another port or host is not', () => {
  for (const url of [
    'http://127.0.0.1:8765/mcp',
    'http://localhost:8765/mcp',
    'http://app.localhost:8765/mcp',
    'http://[::1]:8765/mcp',
    'http://0.0.0.0:8765/',
    'http://127.1.2.3:8765/',
    'http://[::ffff:127.0.0.1]:8765/mcp',
  ]) {
    assert.match(String(problemOf({ url }, 'me', 8765)), /MCP Isolate's own address/, url);
  }
  assert.equal(problemOf({ url: 'http://127.0.0.1:8766/mcp' }, 'me', 8765), undefined);
  assert.equal(problemOf({ url: 'http://example.test:8765/mcp' }, 'me', 8765), undefined);
  assert.equal(problemOf({ url: 'http://127.0.0.1:8765/mcp' }, 'me'), undefined);
  assert.match(String(problemOf({ url: 'http://localhost/mcp' }, 'me', 80)), /own address/);
});

test('our own stdio launcher as the command is refused, with any options after it', () => {
  const launcher = ['/home/u/.mcp-isolate/bin/mcp-isolate', '--stdio', '--data-dir', '/d'];
  const windows = ['C:\\MCP Isolate\\node.exe', 'C:\\MCP Isolate\\bin\\mcp-isolate.mjs', '--stdio'];
  const own = (config: unknown, command: string[]) => problemOf(config, 'me', undefined, command);
  assert.match(String(own({ command: launcher[0] }, launcher)), /runs MCP Isolate itself/);
  assert.match(String(own({ command: launcher[0], args: ['--stdio'] }, launcher)), /itself/);
  assert.match(
    String(own({ command: windows[0], args: [windows[1], '--stdio'] }, windows)),
    /itself/,
  );
  assert.equal(own({ command: windows[0], args: ['other.js'] }, windows), undefined);
  assert.equal(own({ command: '/usr/bin/node', args: ['server.js'] }, launcher), undefined);
});

test('no refusal quotes an env or header value', () => {
  const configs = [
    { command: 'x', env: { TOKEN: `${SECRET}\0` } },
    { command: 'x', env: { TOKEN: SECRET.repeat(2000) } },
    { url: 'https://a.test', headers: { Authorization: `Bearer ${SECRET}\r\nX: y` } },
    { url: 'https://a.test', headers: { Authorization: `Bearer ${SECRET}€` } },
    { url: 'https://a.test', headers: { Authorization: SECRET.repeat(2000) } },
    { url: 'https://a.test', headers: { Authorization: 7 } },
  ];
  for (const config of configs) {
    const problem = problemOf(config);
    assert.ok(problem, JSON.stringify(config).slice(0, 80));
    assert.ok(!problem.includes(SECRET), problem);
    assert.ok(!problem.includes('s3cr3t'), problem);
  }
});
