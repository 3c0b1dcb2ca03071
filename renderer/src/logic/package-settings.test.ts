import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASKED_SECRET } from '../../../contract/net-policy.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../contract/settings-registry.ts';
import { allowPackagePatterns, npmTokenToSend, tokenStaysBehind } from './package-settings.ts';
import { type Draft, fromDraft, toDraft } from './settings-form.ts';

// The Packages section's settings, as the form holds them and as it saves them.
const SECTION = ['packages', 'npmRegistry', 'allowPackages', 'npmToken'] as const;
type SectionDraft = Pick<Draft, (typeof SECTION)[number]>;

const packageDraft = (settings: Settings): SectionDraft => {
  const { packages, npmRegistry, allowPackages, npmToken } = toDraft(settings);
  return { packages, npmRegistry, allowPackages, npmToken };
};

const packageSettings = (draft: SectionDraft, npmToken: { npmToken?: string }) => {
  const saved = fromDraft({ ...toDraft(DEFAULT_SETTINGS), ...draft }, npmToken);
  return Object.fromEntries(
    SECTION.filter((key) => key in saved).map((key) => [key, saved[key]]),
  ) as Partial<Settings>;
};

test('the form holds the allow-list one pattern a line and knows a token is set only from its mask', () => {
  const draft = packageDraft({
    ...DEFAULT_SETTINGS,
    packages: false,
    npmRegistry: 'https://npm.example.com/',
    allowPackages: ['lodash', '@acme/*'],
    npmToken: MASKED_SECRET,
  });
  assert.deepEqual(draft, {
    packages: false,
    npmRegistry: 'https://npm.example.com/',
    allowPackages: 'lodash\n@acme/*',
    npmToken: { set: true, change: 'keep' },
  });
  assert.deepEqual(packageDraft(DEFAULT_SETTINGS).npmToken, { set: false, change: 'keep' });
});

test('the section is saved trimmed, the allow-list split on lines and commas', () => {
  const draft = {
    packages: true,
    npmRegistry: ' http://127.0.0.1:4873/ ',
    allowPackages: ' lodash \n\n@acme/*, zod\n',
    npmToken: { set: false, change: 'keep' as const },
  };
  assert.deepEqual(packageSettings(draft, {}), {
    packages: true,
    npmRegistry: 'http://127.0.0.1:4873/',
    allowPackages: ['lodash', '@acme/*', 'zod'],
  });
  assert.deepEqual(packageSettings(draft, { npmToken: 't0ken' }).npmToken, 't0ken');
  assert.deepEqual(allowPackagePatterns(''), []);
});

test('a saved token is kept by sending its mask back, and nothing is sent when there is none', () => {
  assert.deepEqual(npmTokenToSend({ set: true, change: 'keep' }, ''), { npmToken: MASKED_SECRET });
  assert.deepEqual(npmTokenToSend({ set: true, change: 'replace' }, '  '), {
    npmToken: MASKED_SECRET,
  });
  assert.deepEqual(npmTokenToSend({ set: false, change: 'keep' }, ''), {});
});

test('a typed token is sent trimmed, and removing one sends the empty text', () => {
  assert.deepEqual(npmTokenToSend({ set: true, change: 'replace' }, ' npm_abc '), {
    npmToken: 'npm_abc',
  });
  assert.deepEqual(npmTokenToSend({ set: false, change: 'keep' }, 'npm_abc'), {
    npmToken: 'npm_abc',
  });
  assert.deepEqual(npmTokenToSend({ set: true, change: 'remove' }, 'npm_abc'), { npmToken: '' });
});

test('the mask, or text with spaces or past ASCII, is refused as a token, with a reason that never quotes it', () => {
  assert.deepEqual(npmTokenToSend({ set: true, change: 'replace' }, MASKED_SECRET), {
    problem: 'type the token itself',
  });
  for (const typed of ['secret-1 secret-2', 'secret-€']) {
    const refused = npmTokenToSend({ set: false, change: 'keep' }, typed);
    assert.ok('problem' in refused);
    assert.equal(refused.problem, 'a token is printable ASCII characters, without spaces');
  }
});

test('the saved token stays behind when the registry moves to another origin, and only then', () => {
  const draft = packageDraft({
    ...DEFAULT_SETTINGS,
    npmRegistry: 'https://npm.example.com/',
    npmToken: MASKED_SECRET,
  });
  const saved = 'https://npm.example.com/';
  assert.equal(tokenStaysBehind(saved, draft), false);
  assert.equal(
    tokenStaysBehind(saved, { ...draft, npmRegistry: 'https://npm.example.com/x/' }),
    false,
  );
  assert.equal(tokenStaysBehind(saved, { ...draft, npmRegistry: 'https://other.example/' }), true);
  assert.equal(tokenStaysBehind(saved, { ...draft, npmRegistry: 'http://npm.example.com/' }), true);
  const replaced = {
    ...draft,
    npmRegistry: 'https://other.example/',
    npmToken: { set: true, change: 'replace' as const },
  };
  assert.equal(tokenStaysBehind(saved, replaced), false);
  const none = {
    ...draft,
    npmRegistry: 'https://other.example/',
    npmToken: { set: false, change: 'keep' as const },
  };
  assert.equal(tokenStaysBehind(saved, none), false);
});
