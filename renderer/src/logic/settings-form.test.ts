import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import { DEFAULT_SETTINGS, SETTINGS } from '../../../contract/settings-registry.ts';
import { fromDraft, TYPED_PROBLEMS, toDraft } from './settings-form.ts';

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
  assert.equal(draft.packageBundleBytes, '20971520');
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
  assert.match(TYPED_PROBLEMS.netPatterns?.('a.test\nhttp://x/')[0] ?? '', /^line 2: /);
  assert.match(TYPED_PROBLEMS.packagePatterns?.('Not A Name')[0] ?? '', /not a package name/);
  assert.match(TYPED_PROBLEMS.url?.('ftp://x')[0] ?? '', /not an http or https URL/);
  assert.deepEqual(TYPED_PROBLEMS.url?.('https://registry.npmjs.org/'), []);
});
