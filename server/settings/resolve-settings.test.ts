import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PORT, DEFAULT_SETTINGS } from '../../contract/settings-registry.ts';
import {
  resolveSettings,
  type SettingSources,
  SettingsError,
  validateSettings,
} from './resolve-settings.ts';

const none = { flags: {}, env: {}, file: {} };

test('defaults: loopback, the documented port, no token, no CORS origins', () => {
  const settings = resolveSettings(none);
  assert.deepEqual(settings, DEFAULT_SETTINGS);
  assert.equal(settings.host, '127.0.0.1');
  assert.equal(settings.port, DEFAULT_PORT);
  assert.equal(settings.timeoutMs, 30_000);
});

test('a flag beats the environment, which beats the settings file', () => {
  const file = { port: 1111, timeoutMs: 5000, memoryMb: 64 };
  const env = { MCP_ISOLATE_PORT: '2222', MCP_ISOLATE_TIMEOUT_MS: '6000' };
  const settings = resolveSettings({ flags: { port: '3333' }, env, file });
  assert.equal(settings.port, 3333);
  assert.equal(settings.timeoutMs, 6000);
  assert.equal(settings.memoryMb, 64);
});

test('CORS origins: repeated flags, a comma-separated variable, or a list in the file', () => {
  const a = 'http://localhost:5173';
  const b = 'https://app.example';
  assert.deepEqual(resolveSettings({ ...none, flags: { 'cors-origin': [a, b] } }).corsOrigins, [
    a,
    b,
  ]);
  assert.deepEqual(
    resolveSettings({ ...none, env: { MCP_ISOLATE_CORS_ORIGINS: `${a}, ${b}` } }).corsOrigins,
    [a, b],
  );
  assert.deepEqual(resolveSettings({ ...none, file: { corsOrigins: [b] } }).corsOrigins, [b]);
});

test('invalid values are rejected, each with where it came from and why', () => {
  assert.throws(
    () =>
      resolveSettings({
        flags: { port: 'eighty', 'cors-origin': ['http://ok.example/path'] },
        env: { MCP_ISOLATE_MEMORY_MB: '1' },
        file: { timeoutMs: 'soon', colour: 'blue' },
      }),
    (error: unknown) => {
      assert.ok(error instanceof SettingsError);
      assert.deepEqual(error.problems, [
        '--port: must be a whole number from 0 to 65535, got "eighty"',
        '--cors-origin: "http://ok.example/path" is not an origin: use scheme://host[:port], such as http://localhost:5173',
        'settings file "timeoutMs": must be a whole number from 10 to 3600000, got "soon"',
        'MCP_ISOLATE_MEMORY_MB: must be a whole number from 8 to 16384, got 1',
        'settings file: unknown setting "colour"',
      ]);
      return true;
    },
  );
  assert.throws(() => resolveSettings({ ...none, flags: { 'cors-origin': ['*'] } }), /wildcard/);
  assert.throws(() => resolveSettings({ ...none, flags: { token: 'short' } }), /at least 16/);
});

test('sizes and durations may be given in their units by flags and variables, a bare number in the stored one', () => {
  const settings = resolveSettings({
    flags: { 'max-body': '8 MiB', 'timeout-ms': '1.5 min' },
    env: { MCP_ISOLATE_MEMORY_MB: '1 GiB', MCP_ISOLATE_OUTPUT_BYTES: '2048' },
    file: {},
  });
  assert.equal(settings.maxBodyBytes, 8 * 1024 * 1024);
  assert.equal(settings.timeoutMs, 90_000);
  assert.equal(settings.memoryMb, 1024);
  assert.equal(settings.outputBytes, 2048);
});

test('the window saves through checks that word sizes and durations as it shows them', () => {
  assert.deepEqual(validateSettings({ outputBytes: 512, idleTimeoutMs: 500 }).problems, [
    {
      key: 'outputBytes',
      message: 'outputBytes: must be a whole number from 1 KiB to 256 MiB, got 512 B',
    },
    {
      key: 'idleTimeoutMs',
      message: 'idleTimeoutMs: must be a whole number from 1 s to 168 h, got 500 ms',
    },
  ]);
  assert.deepEqual(validateSettings({ host: 'bad host name!!' }).problems, [
    {
      key: 'host',
      message: 'host: must be a non-empty text without spaces, got "bad host name!!"',
    },
  ]);
});

test('off loopback a token is required', () => {
  assert.throws(
    () => resolveSettings({ ...none, flags: { host: '0.0.0.0' } }),
    /token: required when listening on 0.0.0.0/,
  );
  const ok = validateSettings({ host: '0.0.0.0', token: 'a-long-enough-token' });
  assert.equal(ok.settings?.host, '0.0.0.0');
  assert.equal(validateSettings({ host: 'localhost' }).problems.length, 0);
});

test('allowNet: repeated flags, a comma-separated variable, or a list in the file; off by default', () => {
  assert.deepEqual(resolveSettings(none).allowNet, []);
  assert.deepEqual(
    resolveSettings({ ...none, flags: { 'allow-net': ['api.example.com', '*.test:8080'] } })
      .allowNet,
    ['api.example.com', '*.test:8080'],
  );
  assert.deepEqual(
    resolveSettings({ ...none, env: { MCP_ISOLATE_ALLOW_NET: 'a.example, [::1]:99' } }).allowNet,
    ['a.example', '[::1]:99'],
  );
  assert.deepEqual(resolveSettings({ ...none, file: { allowNet: ['*'] } }).allowNet, ['*']);
  assert.throws(
    () => resolveSettings({ ...none, flags: { 'allow-net': ['https://a.example/path'] } }),
    /--allow-net: "https:\/\/a\.example\/path" is not a host pattern: use host, host:port, \*\.domain or \*/,
  );
});

test('netHeaders: PATTERN=Name: value from flags or one per line in the variable; a bad one never quotes its value', () => {
  const header = { pattern: 'api.example.com', name: 'Authorization', value: 'Bearer a:b=c' };
  assert.deepEqual(
    resolveSettings({
      ...none,
      flags: { 'net-header': ['api.example.com=Authorization: Bearer a:b=c'] },
    }).netHeaders,
    [header],
  );
  assert.deepEqual(
    resolveSettings({
      ...none,
      env: {
        MCP_ISOLATE_NET_HEADERS: 'api.example.com=Authorization: Bearer a:b=c\n*.x.test=X-Key: k',
      },
    }).netHeaders,
    [header, { pattern: '*.x.test', name: 'X-Key', value: 'k' }],
  );
  assert.deepEqual(resolveSettings({ ...none, file: { netHeaders: [header] } }).netHeaders, [
    header,
  ]);
  const problem = (() => {
    try {
      resolveSettings({
        ...none,
        flags: { 'net-header': ['api.example.com=Bad Name: hidden-value'] },
      });
    } catch (error) {
      return (error as SettingsError).problems.join('\n');
    }
  })();
  assert.match(problem ?? '', /--net-header: "Bad Name" is not a header name/);
  assert.ok(!problem?.includes('hidden-value'));
  assert.throws(
    () => resolveSettings({ ...none, flags: { 'net-header': ['no-equals-sign'] } }),
    /a secret header is PATTERN=Name: value/,
  );
});

test('a secret header no request can carry is refused where it is set, naming the setting and the header, never the value', () => {
  const sources = [
    { ...none, flags: { 'net-header': ['api.test=X-Api-Key: k€y-s3cret'] } },
    { ...none, env: { MCP_ISOLATE_NET_HEADERS: 'api.test=X-Api-Key: k€y-s3cret' } },
    {
      ...none,
      file: { netHeaders: [{ pattern: 'api.test', name: 'X-Api-Key', value: 'k€y-s3cret' }] },
    },
  ];
  for (const [i, where] of [
    '--net-header',
    'MCP_ISOLATE_NET_HEADERS',
    'settings file "netHeaders"',
  ].entries()) {
    assert.throws(
      () => resolveSettings(sources[i] as SettingSources),
      (error: Error) =>
        error.message.includes(
          `${where}: the value of header X-Api-Key for api.test is not a valid header value`,
        ) &&
        !error.message.includes('s3cret') &&
        !error.message.includes('€'),
    );
  }
});

test('packages: on by default from the public registry; flags, variables and the file set the registry, token and allow-list', () => {
  const defaults = resolveSettings(none);
  assert.equal(defaults.packages, true);
  assert.equal(defaults.npmRegistry, 'https://registry.npmjs.org/');
  assert.equal(defaults.npmToken, undefined);
  assert.deepEqual(defaults.allowPackages, []);
  const set = resolveSettings({
    ...none,
    flags: { packages: 'false', 'allow-package': ['lodash', '@scope/*'] },
    env: { MCP_ISOLATE_NPM_REGISTRY: 'http://127.0.0.1:4873/', MCP_ISOLATE_NPM_TOKEN: 'npm_abc' },
  });
  assert.equal(set.packages, false);
  assert.equal(set.npmRegistry, 'http://127.0.0.1:4873/');
  assert.equal(set.npmToken, 'npm_abc');
  assert.deepEqual(set.allowPackages, ['lodash', '@scope/*']);
  assert.deepEqual(
    resolveSettings({ ...none, env: { MCP_ISOLATE_ALLOW_PACKAGES: 'a, @b/c' } }).allowPackages,
    ['a', '@b/c'],
  );
  assert.throws(
    () => resolveSettings({ ...none, flags: { 'npm-registry': 'ftp://x' } }),
    /--npm-registry: "ftp:\/\/x" is not an http or https URL/,
  );
  assert.throws(
    () => resolveSettings({ ...none, flags: { 'allow-package': ['Not A Name'] } }),
    /--allow-package: "Not A Name" is not a package name or a scope/,
  );
  // A bad token is refused without quoting it: one no header can carry too.
  for (const npmToken of ['has spaces secret', 'sec\0ret', 'sec€ret', '']) {
    assert.throws(
      () => resolveSettings({ ...none, file: { npmToken } }),
      (error: Error) =>
        /npmToken": a token is printable ASCII characters, without spaces/.test(error.message) &&
        !error.message.includes('sec'),
      JSON.stringify(npmToken),
    );
  }
});

/** The problems resolveSettings throws for `sources`, joined. */
function problemsOf(sources: SettingSources): string {
  try {
    resolveSettings(sources);
  } catch (error) {
    return (error as SettingsError).problems.join('\n');
  }
  assert.fail('the settings were taken');
}

const MCP_SECRET = 'ghp_mcp-s3cret-value';
const GITHUB = {
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-github'],
  env: { GITHUB_TOKEN: MCP_SECRET },
  allowTools: ['get_*', '!delete_*'],
};

test('mcpServers: the same JSON from the flag, the variable or the settings file, and none by default', () => {
  assert.deepEqual(resolveSettings(none).mcpServers, {});
  const servers = { github: GITHUB, docs: { url: 'https://docs.test/mcp', disabled: true } };
  const json = JSON.stringify(servers);
  assert.deepEqual(
    resolveSettings({ ...none, flags: { 'mcp-servers': json } }).mcpServers,
    servers,
  );
  assert.deepEqual(
    resolveSettings({ ...none, env: { MCP_ISOLATE_MCP_SERVERS: json } }).mcpServers,
    servers,
  );
  assert.deepEqual(resolveSettings({ ...none, file: { mcpServers: servers } }).mcpServers, servers);
  // The flag beats the variable, which beats the file; an empty variable is not set.
  const other = { other: { command: 'node' } };
  assert.deepEqual(
    resolveSettings({
      flags: { 'mcp-servers': JSON.stringify(other) },
      env: { MCP_ISOLATE_MCP_SERVERS: json },
      file: { mcpServers: servers },
    }).mcpServers,
    other,
  );
  assert.deepEqual(
    resolveSettings({ ...none, env: { MCP_ISOLATE_MCP_SERVERS: '' }, file: { mcpServers: other } })
      .mcpServers,
    other,
  );
});

test('mcpServers text that is not JSON is refused naming the setting and where it breaks, never quoting the text', () => {
  const broken = `{"github": {"command": "npx", "env": {"GITHUB_TOKEN": "${MCP_SECRET}" "X": "y"}}}`;
  const fromFlag = problemsOf({ ...none, flags: { 'mcp-servers': broken } });
  assert.match(fromFlag, /^--mcp-servers: is not valid JSON \(line 1, column \d+\)$/);
  const fromEnv = problemsOf({ ...none, env: { MCP_ISOLATE_MCP_SERVERS: `{\n  ${broken}` } });
  assert.match(fromEnv, /^MCP_ISOLATE_MCP_SERVERS: is not valid JSON/);
  for (const text of [`${MCP_SECRET}`, `{"a": ${MCP_SECRET}}`, `["${MCP_SECRET}"`]) {
    const problem = problemsOf({ ...none, env: { MCP_ISOLATE_MCP_SERVERS: text } });
    assert.match(problem, /^MCP_ISOLATE_MCP_SERVERS: (is not valid JSON|must be an object)/);
    assert.ok(!problem.includes('s3cret'), problem);
    assert.ok(!problem.includes('ghp'), problem);
  }
});

test('huge mcpServers JSON is refused by its length before it is parsed, without quoting it', () => {
  const huge = JSON.stringify({ a: { command: 'x', env: { K: MCP_SECRET.repeat(100_000) } } });
  const problem = problemsOf({ ...none, flags: { 'mcp-servers': huge } });
  assert.equal(problem, '--mcp-servers: is longer than 1048576 characters of JSON');
  const many = JSON.stringify(
    Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`s${i}`, { command: 'x' }])),
  );
  assert.equal(
    problemsOf({ ...none, flags: { 'mcp-servers': many } }),
    '--mcp-servers: holds 500 servers, at most 100',
  );
});

test('an MCP server of the wrong shape is refused naming the setting, the server and the field, never an env or header value', () => {
  const cases: [unknown, string][] = [
    [[GITHUB], 'must be an object of servers by name'],
    [{ github: 'npx server-github' }, 'github must be an object with a command or a url'],
    [{ github: { ...GITHUB, url: 'https://x.test' } }, 'github has both a command and a url'],
    [{ github: { ...GITHUB, args: '-y' } }, 'github.args must be a list of texts'],
    [{ servers: GITHUB }, 'the server name "servers" is reserved'],
    [{ 'bad\u0007name': GITHUB }, 'the server name "bad\\u0007name" holds control characters'],
    [{ github: { ...GITHUB, command: 'npx\r\n' } }, 'github.command holds control characters'],
    [{ github: { ...GITHUB, env: { GITHUB_TOKEN: `${MCP_SECRET}\0` } } }, 'holds a NUL'],
    [
      { h: { url: 'https://h.test/mcp', headers: { Authorization: `Bearer ${MCP_SECRET}\n` } } },
      'h.headers Authorization must be one line of text',
    ],
  ];
  for (const [servers, expected] of cases) {
    for (const sources of [
      { ...none, file: { mcpServers: servers } },
      { ...none, env: { MCP_ISOLATE_MCP_SERVERS: JSON.stringify(servers) } },
    ]) {
      const problem = problemsOf(sources);
      assert.ok(problem.includes(expected), `${problem} lacks ${expected}`);
      assert.match(problem, /^(settings file "mcpServers"|MCP_ISOLATE_MCP_SERVERS): /);
      assert.ok(!problem.includes('s3cret'), problem);
    }
  }
});

test("an MCP server at this server's own port, or running its stdio launcher, is refused when the settings are checked", () => {
  const own = { mcpServers: { me: { url: `http://localhost:${DEFAULT_PORT}/mcp` } } };
  assert.deepEqual(validateSettings(own).problems, [
    {
      key: 'mcpServers',
      message:
        "mcpServers: me.url is MCP Isolate's own address, which would call itself: remove it",
    },
  ]);
  assert.throws(() => resolveSettings({ ...none, file: own }), /me\.url is MCP Isolate's own/);
  // With a port of 0 the port listened on is the one to refuse.
  const picked = { port: 0, mcpServers: { me: { url: 'http://127.0.0.1:4567/mcp' } } };
  assert.equal(validateSettings(picked).problems.length, 0);
  assert.match(validateSettings(picked, { port: 4567 }).problems[0]?.message ?? '', /own address/);
  const launcher = ['/data/bin/mcp-isolate', '--stdio', '--data-dir', '/data'];
  const self = { mcpServers: { me: { command: '/data/bin/mcp-isolate', args: ['--stdio'] } } };
  assert.match(
    validateSettings(self, { stdioCommand: launcher }).problems[0]?.message ?? '',
    /^mcpServers: me runs MCP Isolate itself/,
  );
  assert.equal(validateSettings(self).problems.length, 0);
});

test('the MCP limits come from flags and variables in their units and ranges', () => {
  const settings = resolveSettings({
    ...none,
    flags: { 'mcp-calls': '5', 'mcp-result-bytes': '2048' },
    env: { MCP_ISOLATE_MCP_TOTAL_BYTES: '65536' },
  });
  assert.equal(settings.mcpCalls, 5);
  assert.equal(settings.mcpResultBytes, 2048);
  assert.equal(settings.mcpTotalBytes, 65536);
  assert.match(
    problemsOf({ ...none, flags: { 'mcp-calls': '0' } }),
    /--mcp-calls: must be a whole number from 1 to 10000, got 0/,
  );
  assert.match(
    problemsOf({ ...none, file: { mcpResultBytes: 100 } }),
    /settings file "mcpResultBytes": must be a whole number from 1024/,
  );
});
