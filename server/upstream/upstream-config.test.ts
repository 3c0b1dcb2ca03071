import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { test } from 'node:test';
import {
  launchOf,
  sameLaunch,
  secretMask,
  upstreamEntries,
  upstreamPolicy,
} from './upstream-config.ts';

test('a stdio server runs in the home folder with only its own env; an HTTP one by its transport', () => {
  assert.deepEqual(launchOf({ command: 'npx', args: ['-y', 'x'], env: { A: 'b' } }), {
    transport: 'stdio',
    command: 'npx',
    args: ['-y', 'x'],
    env: { A: 'b' },
    cwd: homedir(),
  });
  assert.equal(launchOf({ url: 'http://h/sse' }).transport, 'sse');
  assert.equal(launchOf({ url: 'http://h/mcp', type: 'http' }).transport, 'streamable-http');
});

test('the policy holds names and patterns only, and entries say what code may call', () => {
  const servers = {
    gh: {
      url: 'https://h/mcp',
      headers: { Authorization: 'Bearer secret' },
      allowTools: ['get_*'],
    },
    fs: { command: 'fs', disabled: true },
  };
  assert.deepEqual(upstreamPolicy(servers), {
    servers: {
      gh: { allowTools: ['get_*'], disabled: false },
      fs: { allowTools: [], disabled: true },
    },
  });
  assert.ok(!JSON.stringify(upstreamPolicy(servers)).includes('secret'));
  assert.deepEqual(
    upstreamEntries(servers).map((e) => [e.name, e.disabled]),
    [
      ['gh', false],
      ['fs', true],
    ],
  );
});

test('a launch is the same only with the same secrets', () => {
  assert.ok(
    sameLaunch(
      launchOf({ command: 'x', env: { T: '1' } }),
      launchOf({ command: 'x', env: { T: '1' } }),
    ),
  );
  assert.ok(
    !sameLaunch(
      launchOf({ command: 'x', env: { T: '1' } }),
      launchOf({ command: 'x', env: { T: '2' } }),
    ),
  );
});

test('results mask secrets of 8 characters or more, logs of 4 or more, as written and as JSON escapes them', () => {
  const launch = launchOf({ command: 'x', env: { LONG: 'pa"ss\\word', SHORT: 'abcd', TINY: '1' } });
  const text = JSON.stringify({ a: 'pa"ss\\word', b: 'abcd', c: '1' });
  assert.equal(secretMask(launch, 'result')(text), '{"a":"••••••••","b":"abcd","c":"1"}');
  assert.equal(secretMask(launch, 'log')(text), '{"a":"••••••••","b":"••••••••","c":"1"}');
});

test('a secret holding a quote or a backslash is masked in JSON text inside JSON text, up to three strings deep', () => {
  const secret = 'pa"ss\\word-s3cret';
  const launch = launchOf({ command: 'x', env: { TOKEN: secret } });
  const tool = JSON.stringify({ token: secret });
  const result = JSON.stringify({ content: [{ type: 'text', text: tool }] });
  const logged = JSON.stringify({ body: result });
  const mask = secretMask(launch, 'result');
  assert.equal(JSON.parse(JSON.parse(mask(result)).content[0].text).token, '••••••••');
  assert.equal(
    JSON.parse(JSON.parse(JSON.parse(mask(logged)).body).content[0].text).token,
    '••••••••',
  );
});
