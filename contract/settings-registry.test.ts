import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LIMITS } from './limits.ts';
import { DEFAULT_SETTINGS, howToSet, SETTINGS } from './settings-registry.ts';
import { settingsSchema } from './settings-schema.ts';

test('each setting keeps its flag and environment variable', () => {
  assert.deepEqual(Object.fromEntries(SETTINGS.map(({ key, flag, env }) => [key, [flag, env]])), {
    host: ['host', 'MCP_ISOLATE_HOST'],
    port: ['port', 'MCP_ISOLATE_PORT'],
    streamableHttp: ['streamable-http', 'MCP_ISOLATE_STREAMABLE_HTTP'],
    sse: ['sse', 'MCP_ISOLATE_SSE'],
    corsOrigins: ['cors-origin', 'MCP_ISOLATE_CORS_ORIGINS'],
    token: ['token', 'MCP_ISOLATE_TOKEN'],
    timeoutMs: ['timeout-ms', 'MCP_ISOLATE_TIMEOUT_MS'],
    memoryMb: ['memory-mb', 'MCP_ISOLATE_MEMORY_MB'],
    outputBytes: ['output-bytes', 'MCP_ISOLATE_OUTPUT_BYTES'],
    codeBytes: ['code-bytes', 'MCP_ISOLATE_CODE_BYTES'],
    maxBodyBytes: ['max-body', 'MCP_ISOLATE_MAX_BODY'],
    maxConnections: ['max-connections', 'MCP_ISOLATE_MAX_CONNECTIONS'],
    idleTimeoutMs: ['idle-timeout-ms', 'MCP_ISOLATE_IDLE_TIMEOUT_MS'],
    unnamedRetentionMs: ['unnamed-retention-ms', 'MCP_ISOLATE_UNNAMED_RETENTION_MS'],
    fileBytes: ['file-bytes', 'MCP_ISOLATE_FILE_BYTES'],
    sessionFileBytes: ['session-file-bytes', 'MCP_ISOLATE_SESSION_FILE_BYTES'],
    sessionFiles: ['session-files', 'MCP_ISOLATE_SESSION_FILES'],
    displayBytes: ['display-bytes', 'MCP_ISOLATE_DISPLAY_BYTES'],
    allowNet: ['allow-net', 'MCP_ISOLATE_ALLOW_NET'],
    netHeaders: ['net-header', 'MCP_ISOLATE_NET_HEADERS'],
    netRequests: ['net-requests', 'MCP_ISOLATE_NET_REQUESTS'],
    netResponseBytes: ['net-response-bytes', 'MCP_ISOLATE_NET_RESPONSE_BYTES'],
    netTotalBytes: ['net-total-bytes', 'MCP_ISOLATE_NET_TOTAL_BYTES'],
    packages: ['packages', 'MCP_ISOLATE_PACKAGES'],
    npmRegistry: ['npm-registry', 'MCP_ISOLATE_NPM_REGISTRY'],
    npmToken: ['npm-token', 'MCP_ISOLATE_NPM_TOKEN'],
    allowPackages: ['allow-package', 'MCP_ISOLATE_ALLOW_PACKAGES'],
    packageTarballBytes: ['package-tarball-bytes', 'MCP_ISOLATE_PACKAGE_TARBALL_BYTES'],
    packageBundleBytes: ['package-bundle-bytes', 'MCP_ISOLATE_PACKAGE_BUNDLE_BYTES'],
    packageFiles: ['package-files', 'MCP_ISOLATE_PACKAGE_FILES'],
    mcpServers: ['mcp-servers', 'MCP_ISOLATE_MCP_SERVERS'],
    mcpCalls: ['mcp-calls', 'MCP_ISOLATE_MCP_CALLS'],
    mcpResultBytes: ['mcp-result-bytes', 'MCP_ISOLATE_MCP_RESULT_BYTES'],
    mcpTotalBytes: ['mcp-total-bytes', 'MCP_ISOLATE_MCP_TOTAL_BYTES'],
    checkForUpdates: ['check-for-updates', 'MCP_ISOLATE_CHECK_FOR_UPDATES'],
  });
});

test('the defaults keep their values, and the limits are the run limits among them', () => {
  assert.deepEqual(DEFAULT_SETTINGS, {
    host: '127.0.0.1',
    port: 7717,
    streamableHttp: true,
    sse: true,
    corsOrigins: [],
    token: undefined,
    ...DEFAULT_LIMITS,
    maxBodyBytes: 4 * 1024 * 1024,
    maxConnections: 256,
    idleTimeoutMs: 30 * 60_000,
    unnamedRetentionMs: 7 * 24 * 3_600_000,
    allowNet: [],
    netHeaders: [],
    packages: true,
    npmRegistry: 'https://registry.npmjs.org/',
    npmToken: undefined,
    allowPackages: [],
    mcpServers: {},
    checkForUpdates: true,
  });
  assert.deepEqual(
    SETTINGS.filter((setting) => setting.kind === 'int' && setting.runLimit).map(({ key }) => key),
    Object.keys(DEFAULT_LIMITS),
  );
});

test("the admin API's schema takes every setting by its kind, and the defaults", () => {
  assert.deepEqual(settingsSchema.parse(DEFAULT_SETTINGS), DEFAULT_SETTINGS);
  assert.equal(settingsSchema.partial().safeParse({ port: '80' }).success, false);
  assert.equal(settingsSchema.partial().safeParse({ npmToken: undefined }).success, true);
});

test("the admin API's schema keeps an MCP server's unknown fields for the check to name, and drops a __proto__ server", () => {
  const servers = JSON.parse(
    '{"__proto__": {"command": "x"}, "a": {"command": "npx", "timeout": 5}, "b": {"url": "https://b.test", "headers": {"K": "v"}}}',
  );
  const parsed = settingsSchema.partial().parse({ mcpServers: servers }).mcpServers;
  assert.deepEqual(Object.keys(parsed ?? {}), ['a', 'b']);
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.deepEqual(parsed?.a, { command: 'npx', timeout: 5 });
  for (const bad of [{ a: 'npx' }, { a: { command: 'x', env: { K: 1 } } }, { a: { args: [] } }]) {
    assert.equal(settingsSchema.partial().safeParse({ mcpServers: bad }).success, false);
  }
});

test('a message says every way to set a setting, with its section of the window', () => {
  assert.equal(
    howToSet('allowNet', 'example.com'),
    "--allow-net example.com, MCP_ISOLATE_ALLOW_NET, allowNet in settings.json or the window's Settings (Network)",
  );
});
