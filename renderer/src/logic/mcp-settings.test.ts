import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { McpServers } from '../../../contract/mcp-servers.ts';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import { DEFAULT_SETTINGS } from '../../../contract/settings-registry.ts';
import {
  importableDetail,
  importLines,
  keptValuesLost,
  type McpServerRow,
  mcpRowsProblem,
  mcpServersHint,
  mcpServersText,
  newSecretRow,
  newServerRow,
  rowsFromText,
  type SecretRow,
  serverRows,
  serversOf,
  TYPED_SECRET,
  withImported,
} from './mcp-settings.ts';
import { fromDraft, toDraft, typedProblems } from './settings-form.ts';

const SHOWN: McpServers = {
  github: {
    command: 'npx',
    args: ['-y', 'server-github', 'two words'],
    env: { GITHUB_TOKEN: MASKED_SECRET },
    cwd: '/srv',
    allowTools: ['get_*', '!delete_*'],
  },
  docs: { url: 'https://docs.test/events', type: 'sse', disabled: true },
};

const withoutIds = (rows: McpServerRow[]) =>
  rows.map(
    ({ id: _id, savedLaunch: _launch, savedArgs: _a, savedAllowTools: _p, secrets, ...row }) => ({
      ...row,
      secrets: secrets.map(({ id: _secret, ...secret }) => secret),
    }),
  );

test('each server is a row: its name, stdio or HTTP, command and args a line each or URL, its secrets with kept ones valueless, its tool patterns and whether disabled', () => {
  assert.deepEqual(withoutIds(serverRows(SHOWN)), [
    {
      name: 'github',
      transport: 'stdio',
      command: 'npx',
      args: '-y\nserver-github\ntwo words',
      url: '',
      secrets: [{ key: 'GITHUB_TOKEN' }],
      allowTools: 'get_*\n!delete_*',
      disabled: false,
      cwd: '/srv',
    },
    {
      name: 'docs',
      transport: 'http',
      command: '',
      args: '',
      url: 'https://docs.test/events',
      secrets: [],
      allowTools: '',
      disabled: true,
      httpType: 'sse',
    },
  ]);
});

test('the rows save the servers as they came, each kept secret as the mask the server puts its value back for', () => {
  assert.deepEqual(serversOf(serverRows(SHOWN)), SHOWN);
  const draft = toDraft({ ...DEFAULT_SETTINGS, mcpServers: SHOWN });
  assert.deepEqual(fromDraft(draft, {}).mcpServers, SHOWN);
  assert.deepEqual(fromDraft(toDraft(DEFAULT_SETTINGS), {}).mcpServers, {});
});

test('an argument holding a line break, an empty last argument and a pattern holding a comma are saved as they came, through the form and the JSON dialog, and the kept secret beside them stays kept, until the field is edited', () => {
  const saved: McpServers = {
    script: {
      command: 'node',
      args: ['-e', 'const a = 1;\nconsole.log(a)'],
      env: { TOKEN: MASKED_SECRET },
      cwd: '/srv',
    },
    empty: { command: 'tool', args: ['--name', ''], disabled: true },
    comma: { url: 'https://comma.test/mcp', type: 'streamable-http', allowTools: ['!drop,table'] },
  };
  const rows = serverRows(saved);
  assert.deepEqual(serversOf(rows), saved);
  assert.equal(keptValuesLost(rows[0] as McpServerRow), false);
  const fromJson = rowsFromText(mcpServersText(rows));
  assert.ok(Array.isArray(fromJson));
  assert.deepEqual(serversOf(fromJson), saved);
  // Edited, the text is taken a value a line, and patterns are never split at commas.
  const [script, empty, comma] = rows as [McpServerRow, McpServerRow, McpServerRow];
  const edited = serversOf([
    { ...script, args: '-e\nconsole.log(2)' },
    { ...empty, args: '--name\n\n--x\n' },
    { ...comma, allowTools: '!drop,table\n get_* ' },
  ]);
  assert.deepEqual(edited.script, { ...saved.script, args: ['-e', 'console.log(2)'] });
  assert.deepEqual(edited.empty, { ...saved.empty, args: ['--name', '', '--x'] });
  assert.deepEqual(edited.comma?.allowTools, ['!drop,table', 'get_*']);
  assert.equal(keptValuesLost({ ...script, args: '-e\nconsole.log(2)' }), true);
});

test('a server added in the form saves its typed secret, and a secret row left blank is dropped', () => {
  const added: McpServerRow = {
    ...newServerRow(),
    name: ' notes ',
    command: ' /usr/bin/notes ',
    args: '--port\n\n',
    secrets: [{ ...newSecretRow(), key: 'NOTES_KEY', value: 'typed' }, newSecretRow()],
  };
  assert.deepEqual(serversOf([added]), {
    notes: { command: '/usr/bin/notes', args: ['--port'], env: { NOTES_KEY: 'typed' } },
  });
  const http: McpServerRow = {
    ...added,
    transport: 'http',
    url: 'https://kb.test/mcp',
    allowTools: 'search\n get_*',
  };
  assert.deepEqual(serversOf([http]), {
    notes: {
      url: 'https://kb.test/mcp',
      headers: { NOTES_KEY: 'typed' },
      allowTools: ['search', 'get_*'],
    },
  });
});

test("what is wrong as typed is the server's check in its words, a kept mask standing for its value, never quoting a secret; two servers of one name or one key twice are flagged", () => {
  const rows = serverRows(SHOWN);
  assert.equal(mcpRowsProblem(rows), undefined);
  const github = rows[0] as McpServerRow;
  const secret = 'ghp_typed-s3cret';
  const reserved = [{ ...github, name: 'then' }];
  assert.equal(
    mcpRowsProblem(reserved),
    'the server name "then" is reserved (code could not reach it as mcp.then): choose another',
  );
  const header = {
    ...github,
    transport: 'http' as const,
    url: 'https://x.test',
    secrets: [{ ...newSecretRow(), key: 'A', value: `${secret}\n` }],
  };
  const problem = mcpRowsProblem([header]);
  assert.equal(problem, 'github.headers A must be one line of text');
  assert.equal(
    mcpRowsProblem([{ ...github, command: ' ' }]),
    'github.command must be a non-empty text',
  );
  assert.equal(
    mcpRowsProblem([{ ...newServerRow(), command: 'x' }]),
    'a server name must not be empty',
  );
  assert.equal(
    mcpRowsProblem([github, { ...newServerRow(), name: 'github', command: 'x' }]),
    'two servers are named "github": rename one',
  );
  const twice = {
    ...github,
    secrets: [...github.secrets, { ...newSecretRow(), key: 'GITHUB_TOKEN', value: secret }],
  };
  assert.equal(mcpRowsProblem([twice]), 'github.env names "GITHUB_TOKEN" twice: remove one');
  const draft = { ...toDraft(DEFAULT_SETTINGS), mcpServers: reserved };
  assert.deepEqual(typedProblems('mcpServers', draft), [
    'mcpServers: the server name "then" is reserved (code could not reach it as mcp.then): choose another',
  ]);
});

test('the hint says which servers code may call and that a masked value is the kept one', () => {
  assert.equal(mcpServersHint([]), 'Code cannot call other MCP servers.');
  assert.equal(
    mcpServersHint(serverRows(SHOWN)),
    `Code may call github (stdio). A value shown as ${MASKED_SECRET} is the saved one, kept only while its server's name, command, args, cwd and other values, or URL and other headers, stay the same: change one and type them all again.`,
  );
  assert.equal(
    mcpServersHint(
      serverRows({ a: { url: 'https://a.test/mcp' }, b: { url: 'https://b.test/sse' } }),
    ),
    'Code may call a (Streamable HTTP), b (SSE).',
  );
  assert.equal(mcpServersHint(serverRows({ call: { command: 'x' } })), undefined);
});

test("JSON pasted from a client's config, or as the setting, becomes rows; JSON that is not, or a server the check refuses, is refused without quoting a secret", () => {
  assert.equal(mcpServersText([]), '');
  const text = mcpServersText(serverRows(SHOWN));
  assert.ok(text.startsWith('{\n  "github": {\n    "command": "npx",'));
  assert.ok(text.includes(`"GITHUB_TOKEN": "${MASKED_SECRET}"`));
  const again = rowsFromText(text);
  assert.ok(Array.isArray(again));
  assert.deepEqual(serversOf(again), SHOWN);
  const pasted = rowsFromText(
    '{"mcpServers": {"kb": {"url": "https://kb.test/mcp", "headers": {"Authorization": "Bearer s3cret"}}}}',
  );
  assert.ok(Array.isArray(pasted));
  assert.deepEqual(withoutIds(pasted)[0]?.secrets, [
    { key: 'Authorization', value: 'Bearer s3cret' },
  ]);
  assert.deepEqual(rowsFromText('  '), []);
  const broken = rowsFromText('{"gh": {"command": "npx", "env": {"T": "s3cret"}');
  assert.ok(!Array.isArray(broken));
  assert.match(broken.problem, /^is not valid JSON/);
  assert.ok(!broken.problem.includes('s3cret'));
  assert.deepEqual(rowsFromText('{"gh": {"command": "npx", "url": "https://x.test"}}'), {
    problem: 'gh has both a command and a url: keep one',
  });
});

test('a value typed in the form and not saved yet shows in the JSON as a placeholder, never itself, and Apply puts it back; the placeholder under a server or key where nothing was typed is refused', () => {
  const typed: McpServerRow = {
    ...newServerRow(),
    name: 'srv',
    command: 'npx',
    secrets: [{ ...newSecretRow(), key: 'TOKEN', value: 'typed-s3cret' }],
  };
  const text = mcpServersText([typed]);
  assert.ok(!text.includes('typed-s3cret'));
  assert.ok(text.includes(`"TOKEN": "${TYPED_SECRET}"`));
  const applied = rowsFromText(text, [typed]);
  assert.ok(Array.isArray(applied));
  assert.deepEqual(serversOf(applied), { srv: { command: 'npx', env: { TOKEN: 'typed-s3cret' } } });
  const renamed = rowsFromText(text.replace('"TOKEN"', '"OTHER"'), [typed]);
  assert.ok(!Array.isArray(renamed));
  assert.match(renamed.problem, /^srv "OTHER" says .*: type the value$/);
  assert.ok(!Array.isArray(rowsFromText(text)));
});

test('servers an import saved join the rows, masked, beside what was typed and not saved yet', () => {
  const typed = { ...newServerRow(), name: 'typed', command: 'x' };
  const rows = [...serverRows(SHOWN), typed];
  const saved: McpServers = {
    ...SHOWN,
    'github-2': { command: 'npx', env: { GITHUB_TOKEN: MASKED_SECRET } },
  };
  const joined = withImported(rows, saved, ['github-2', 'gone']);
  assert.deepEqual(
    joined.map(({ name }) => name),
    ['github', 'docs', 'typed', 'github-2'],
  );
  assert.deepEqual(withoutIds(joined)[3]?.secrets, [{ key: 'GITHUB_TOKEN' }]);
});

test("an import says what it imported under which name, then the server's notices and problems; an importable server says how it runs and names its secrets only", () => {
  assert.deepEqual(
    importLines({
      imported: [
        { from: 'github', as: 'github-2' },
        { from: 'kb', as: 'kb' },
      ],
      notices: ['kb is imported disabled'],
      problems: [{ message: 'mcpServers: too many' }],
    }),
    [
      'Imported github as github-2.',
      'Imported kb.',
      'kb is imported disabled',
      'mcpServers: too many',
    ],
  );
  assert.equal(
    importableDetail({ transport: 'stdio', target: 'npx -y gh', secretKeys: ['A', 'B'] }),
    'stdio: npx -y gh · env A, B (secret: copied by the server, never shown)',
  );
  assert.equal(
    importableDetail({ transport: 'sse', target: 'https://kb.test/sse', secretKeys: [] }),
    'SSE: https://kb.test/sse',
  );
});

test("a server's kept values must be typed again once it is renamed, given another command, args, folder or URL, or another key or value beside them, as the server would refuse them", () => {
  const [github, docs] = serverRows({
    ...SHOWN,
    docs: { url: 'https://docs.test/mcp?tenant=a', headers: { Authorization: MASKED_SECRET } },
  }) as [McpServerRow, McpServerRow];
  const token = github.secrets[0] as SecretRow;
  assert.equal(keptValuesLost(github), false);
  assert.equal(keptValuesLost({ ...github, allowTools: '*', disabled: true }), false);
  assert.equal(keptValuesLost({ ...github, name: 'gh' }), true);
  assert.equal(keptValuesLost({ ...github, command: 'sh' }), true);
  assert.equal(keptValuesLost({ ...github, args: '-y' }), true);
  assert.equal(keptValuesLost({ ...github, cwd: '/tmp' }), true);
  assert.equal(keptValuesLost({ ...github, transport: 'http', url: 'https://x.test' }), true);
  assert.equal(keptValuesLost({ ...github, secrets: [{ ...token, key: 'OTHER' }] }), true);
  const added = { ...newSecretRow(), key: 'NODE_OPTIONS', value: '--require evil.cjs' };
  assert.equal(keptValuesLost({ ...github, secrets: [token, added] }), true);
  // A row added and left blank sends nothing; every value typed again keeps nothing to lose.
  assert.equal(keptValuesLost({ ...github, secrets: [token, newSecretRow()] }), false);
  assert.equal(
    keptValuesLost({ ...github, name: 'gh', secrets: [{ ...token, value: 'new' }] }),
    false,
  );
  const header = docs.secrets[0] as SecretRow;
  assert.equal(keptValuesLost({ ...docs, secrets: [{ ...header, key: 'authorization' }] }), false);
  assert.equal(keptValuesLost({ ...docs, url: 'https://docs.test/mcp?tenant=b' }), true);
});
