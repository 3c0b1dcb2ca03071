import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { declineMove, moveDeclined, offerMoveToApplications } from './move-to-applications.ts';

const outside = {
  platform: 'darwin',
  packaged: true,
  inApplications: false,
  declined: false,
  underSpecs: false,
} as const;

test('a packaged macOS app run from the dmg or a translocated folder offers to move itself', () => {
  assert.equal(offerMoveToApplications(outside), true);
});

test('no offer in Applications, after "Don\'t ask again", in development, under the release specs, or off macOS', () => {
  assert.equal(offerMoveToApplications({ ...outside, underSpecs: true }), false);
  assert.equal(offerMoveToApplications({ ...outside, inApplications: true }), false);
  assert.equal(offerMoveToApplications({ ...outside, declined: true }), false);
  assert.equal(offerMoveToApplications({ ...outside, packaged: false }), false);
  assert.equal(offerMoveToApplications({ ...outside, platform: 'win32' }), false);
  assert.equal(offerMoveToApplications({ ...outside, platform: 'linux' }), false);
});

test('"Don\'t ask again" is remembered in the data directory, and a damaged file asks again', async () => {
  const dataDir = await tempDir();
  assert.equal(await moveDeclined(dataDir), false);
  await declineMove(dataDir);
  assert.equal(await moveDeclined(dataDir), true);
  await writeFile(join(dataDir, 'app-preferences.json'), '{ not json');
  assert.equal(await moveDeclined(dataDir), false);
});
