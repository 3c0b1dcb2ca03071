import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import {
  DEFAULT_SETTINGS,
  SETTINGS,
  type SettingKey,
} from '../../../contract/settings-registry.ts';
import { type Draft, fromDraft, toDraft, typedProblems } from './settings-form.ts';

test('the form holds every setting, numbers and lists as text, and saves them as they were', () => {
  const settings = {
    ...DEFAULT_SETTINGS,
    corsOrigins: ['http://localhost:5173', 'https://app.example'],
    netHeaders: [{ pattern: 'api.test', name: 'X-Key', value: MASKED_SECRET }],
  };
  const draft = toDraft(settings);
  assert.deepEqual(
    Object.keys(draft),
    SETTINGS.map(({ key }) => key),
  );
  assert.equal(draft.packageBundleBytes, '20 MiB');
  assert.equal(draft.packageFiles, '100000');
  assert.equal(draft.corsOrigins, 'http://localhost:5173\nhttps://app.example');
  assert.deepEqual(draft.netHeaders, [{ pattern: 'api.test', name: 'X-Key' }]);
  assert.deepEqual(draft.npmToken, { set: false, change: 'keep' });
  // Without a token the server has none to keep, and no npmToken is sent.
  const { token, npmToken, ...rest } = settings;
  assert.deepEqual(fromDraft(draft, {}), rest);
});

test('a number that is not one is sent as typed, for the server to say why', () => {
  const draft = { ...toDraft(DEFAULT_SETTINGS), timeoutMs: ' 500 ', port: 'eighty' };
  const saved = fromDraft(draft, { npmToken: 'npm_abc' });
  assert.equal(saved.timeoutMs, 500);
  assert.equal(saved.port, 'eighty' as unknown as number);
  assert.equal(saved.npmToken, 'npm_abc');
});

test('the bearer token is sent trimmed, and an empty field sends none', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  assert.equal(
    fromDraft({ ...draft, token: ' a-long-enough-token ' }, {}).token,
    'a-long-enough-token',
  );
  assert.equal('token' in fromDraft({ ...draft, token: '  ' }, {}), false);
});

test('host patterns, package names and the registry are checked as they are typed', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  const typed = (changes: Partial<Draft>, key: SettingKey) =>
    typedProblems(key, { ...draft, ...changes });
  assert.match(typed({ allowNet: 'a.test\nhttp://x/' }, 'allowNet')[0] ?? '', /^line 2: /);
  assert.match(
    typed({ allowPackages: 'Not A Name' }, 'allowPackages')[0] ?? '',
    /not a package name/,
  );
  assert.match(
    typed({ npmRegistry: 'ftp://x' }, 'npmRegistry')[0] ?? '',
    /not an http or https URL/,
  );
  assert.deepEqual(typed({ npmRegistry: 'https://registry.npmjs.org/' }, 'npmRegistry'), []);
});

test('each line of the allowed hosts, the allow-list and the origins that the server would refuse is named with why', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  assert.deepEqual(
    typedProblems('allowNet', { ...draft, allowNet: 'api.example.com\n*\n127.0.0.1:9000' }),
    [],
  );
  const hosts = typedProblems('allowNet', {
    ...draft,
    allowNet: 'api.example.com\nhttps://x.com/path\n\nfoo*bar',
  });
  assert.equal(hosts.length, 2);
  assert.match(hosts[0] ?? '', /^line 2: "https:\/\/x\.com\/path" is not a host pattern/);
  assert.match(hosts[1] ?? '', /^line 4: "foo\*bar" is not a host pattern/);
  assert.deepEqual(
    typedProblems('allowPackages', { ...draft, allowPackages: 'lodash\n@acme/*\n@types/node' }),
    [],
  );
  const packages = typedProblems('allowPackages', {
    ...draft,
    allowPackages: 'lodash\nLodash\n\n@acme, ok',
  });
  assert.equal(packages.length, 2);
  assert.match(packages[0] ?? '', /^line 2: "Lodash" is not a package name/);
  assert.match(packages[1] ?? '', /^line 4: "@acme" is not a package name/);
  assert.deepEqual(typedProblems('corsOrigins', { ...draft, corsOrigins: 'http://a.test\n*' }), [
    'line 2: a wildcard origin would let any web page use the server',
  ]);
});

test('sizes and durations are held in their units and saved as the numbers the server stores', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  assert.equal(draft.outputBytes, '1 MiB');
  assert.equal(draft.netTotalBytes, '32 MiB');
  assert.equal(draft.memoryMb, '128 MiB');
  assert.equal(draft.timeoutMs, '30 s');
  assert.equal(draft.idleTimeoutMs, '30 min');
  assert.equal(draft.port, '7717');
  const saved = fromDraft(
    { ...draft, outputBytes: '2 MiB', timeoutMs: '1.5 min', memoryMb: '1 GiB', codeBytes: '4096' },
    {},
  );
  assert.equal(saved.outputBytes, 2_097_152);
  assert.equal(saved.timeoutMs, 90_000);
  assert.equal(saved.memoryMb, 1024);
  assert.equal(saved.codeBytes, 4096);
});

test('every other field is checked as typed by the rules the server saves by, in its words', () => {
  const draft = toDraft(DEFAULT_SETTINGS);
  const typed = (changes: Partial<Draft>, key: SettingKey) =>
    typedProblems(key, { ...draft, ...changes });
  assert.deepEqual(typed({ host: 'bad host name!!' }, 'host'), [
    'host: must be a non-empty text without spaces, got "bad host name!!"',
  ]);
  assert.deepEqual(typed({ port: 'eighty' }, 'port'), [
    'port: must be a whole number from 0 to 65535, got "eighty"',
  ]);
  assert.deepEqual(typed({ token: 'short' }, 'token'), [
    'token: must be at least 16 characters, so it cannot be guessed',
  ]);
  assert.deepEqual(typed({ outputBytes: '512 B' }, 'outputBytes'), [
    'outputBytes: must be a whole number from 1 KiB to 256 MiB, got 512 B',
  ]);
  assert.deepEqual(typed({ timeoutMs: 'soon' }, 'timeoutMs'), [
    'timeoutMs: "soon" is not a duration: use a number and ms, s, min or h, such as 250 ms or 1.5 min',
  ]);
  for (const key of ['host', 'port', 'token', 'outputBytes', 'timeoutMs', 'netHeaders'] as const) {
    assert.deepEqual(typedProblems(key, draft), [], key);
  }
});
