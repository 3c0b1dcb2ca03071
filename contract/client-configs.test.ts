import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientConfigs, shellQuote } from './client-configs.ts';
import type { Status } from './desktop-api.ts';
import { noActivity } from './run-activity.ts';

const status: Status = {
  running: true,
  version: '0.1.0',
  dataDir: '/data',
  endpoints: {
    streamableHttp: 'http://127.0.0.1:7717/mcp',
    sse: 'http://127.0.0.1:7717/sse',
    stdioCommand: ['/opt/node', '/opt/app/bin/mcp-isolate.mjs', '--stdio', '--data-dir', '/data'],
  },
  counts: { connections: 0, sessions: 0, messages: 0 },
  runStats: { attempts: 0, timeouts: 0, memoryErrors: 0, cancelled: 0 },
  runActivity: noActivity(0),
  memoryLimitBytes: 128 * 1024 * 1024,
};

/** An entry text as the object it makes once merged into the servers of a file. */
const merged = (text = '') => JSON.parse(`{${text}}`);

test('each client gets a configuration from the current endpoints', () => {
  const configs = Object.fromEntries(clientConfigs(status).map((c) => [c.client, c.text]));
  assert.deepEqual(merged(configs['Claude Desktop']), {
    'mcp-isolate': {
      command: '/opt/node',
      args: ['/opt/app/bin/mcp-isolate.mjs', '--stdio', '--data-dir', '/data'],
    },
  });
  assert.equal(
    configs['Claude Code'],
    'claude mcp add --transport http mcp-isolate http://127.0.0.1:7717/mcp',
  );
  assert.equal(merged(configs.Cursor)['mcp-isolate'].url, status.endpoints.streamableHttp);
  assert.equal(merged(configs['VS Code'])['mcp-isolate'].type, 'http');
  assert.match(configs['MCP Inspector'] ?? '', /inspector --cli http:\/\/127.0.0.1:7717\/mcp/);
});

test('with a token, HTTP clients send it', () => {
  const configs = Object.fromEntries(
    clientConfigs(status, 'secret-token-1234567').map((c) => [c.client, c.text]),
  );
  assert.match(
    configs['Claude Code'] ?? '',
    /--header "Authorization: Bearer secret-token-1234567"/,
  );
  assert.equal(
    merged(configs.Cursor)['mcp-isolate'].headers.Authorization,
    'Bearer secret-token-1234567',
  );
});

test('a file’s configuration is an entry to merge under its key, never a whole file', () => {
  for (const config of clientConfigs(status).filter((c) => c.under)) {
    assert.match(config.text, /^"mcp-isolate": \{\n/, config.client);
    assert.doesNotMatch(config.text, /mcpServers|"servers"/, config.client);
  }
  assert.deepEqual(
    clientConfigs(status).map((c) => [c.client, c.under]),
    [
      ['Claude Desktop', 'mcpServers'],
      ['Claude Code', undefined],
      ['Cursor', 'mcpServers'],
      ['VS Code', 'servers'],
      ['MCP Inspector', undefined],
    ],
  );
});

test('without HTTP (stdio only), Claude Code runs the stdio command', () => {
  const stdioOnly = { ...status, endpoints: { stdioCommand: status.endpoints.stdioCommand } };
  const configs = clientConfigs(stdioOnly);
  assert.deepEqual(
    configs.map((c) => c.client),
    ['Claude Desktop', 'Claude Code'],
  );
  assert.match(configs[1]?.text ?? '', /^claude mcp add mcp-isolate -- \/opt\/node /);
});

test('a stdio command with a space or a quote in it is quoted for the shell', () => {
  assert.equal(shellQuote('/opt/app/bin/mcp-isolate.mjs'), '/opt/app/bin/mcp-isolate.mjs');
  assert.equal(shellQuote('/home/me/.config/MCP Isolate'), "'/home/me/.config/MCP Isolate'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  const stdioOnly = clientConfigs({
    ...status,
    endpoints: { stdioCommand: ['/opt/node', '--stdio', '--data-dir', '/home/me/MCP Isolate'] },
  });
  assert.equal(
    stdioOnly.find((config) => config.client === 'Claude Code')?.text,
    "claude mcp add mcp-isolate -- /opt/node --stdio --data-dir '/home/me/MCP Isolate'",
  );
});
