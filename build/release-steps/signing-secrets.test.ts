import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { missingSigning, SIGNING_SECRETS } from './signing-secrets.ts';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('signing-secrets.ts', import.meta.url));
const only =
  (...secrets: string[]) =>
  (secret: string) =>
    secrets.includes(secret);

test('with no secret at all, the certificate, notarization and the Windows certificate are each named missing', () => {
  assert.deepEqual(missingSigning(only()), [
    'the macOS Developer ID certificate: missing CSC_LINK, CSC_KEY_PASSWORD',
    'notarization: missing APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID, or else APPLE_API_KEY_P8, APPLE_API_KEY_ID, APPLE_API_ISSUER',
    'the Windows code-signing certificate: missing WIN_CSC_LINK, WIN_CSC_KEY_PASSWORD',
  ]);
});

test('notarization is met by an Apple ID or by an App Store Connect API key, and only by a complete one', () => {
  const certificates = ['CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'];
  assert.deepEqual(
    missingSigning(
      only(...certificates, 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'),
    ),
    [],
  );
  assert.deepEqual(
    missingSigning(
      only(...certificates, 'APPLE_API_KEY_P8', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'),
    ),
    [],
  );
  assert.deepEqual(missingSigning(only(...certificates, 'APPLE_ID', 'APPLE_API_KEY_ID')), [
    'notarization: missing APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID, or else APPLE_API_KEY_P8, APPLE_API_ISSUER',
  ]);
});

test('a certificate without its password is missing its password', () => {
  assert.deepEqual(
    missingSigning(only(...SIGNING_SECRETS.filter((s) => s !== 'WIN_CSC_KEY_PASSWORD'))),
    ['the Windows code-signing certificate: missing WIN_CSC_KEY_PASSWORD'],
  );
});

test('the command fails naming what is missing, and passes when the workflow says every secret exists', async () => {
  const has = Object.fromEntries(SIGNING_SECRETS.map((s) => [`HAS_${s}`, 'true']));
  await run(process.execPath, [SCRIPT], { env: { ...process.env, ...has } });
  await assert.rejects(
    run(process.execPath, [SCRIPT], { env: { ...process.env, ...has, HAS_CSC_LINK: 'false' } }),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /Developer ID certificate: missing CSC_LINK\n/);
      return true;
    },
  );
});
