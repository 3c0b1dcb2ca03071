import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { tempDir } from '../../server/test-support/temp-dir.ts';
import { assemble } from './assemble.ts';

const sha512 = (text: string) => createHash('sha512').update(text).digest('base64');

/** A runner's artifact folder: its files, and a feed naming `feed` of them as electron-builder does. */
async function artifact(root: string, folder: string, files: string[], feed?: [string, string[]]) {
  await mkdir(join(root, folder), { recursive: true });
  for (const name of files) await writeFile(join(root, folder, name), `bytes of ${name}`);
  if (feed) {
    const [name, listed] = feed;
    const entries = listed.map((url) => ({
      url,
      sha512: sha512(`bytes of ${url}`),
      size: `bytes of ${url}`.length,
    }));
    const first = entries[0];
    await writeFile(
      join(root, folder, name),
      stringify({ version: '0.1.0', files: entries, path: first?.url, sha512: first?.sha512 }),
    );
  }
}

async function fourRunners() {
  const root = await tempDir();
  const artifacts = join(root, 'artifacts');
  const mac = (arch: string) => [
    `mcp-isolate-0.1.0-mac-${arch}.zip`,
    `mcp-isolate-0.1.0-mac-${arch}.dmg`,
  ];
  const blockmaps = (names: string[]) => names.map((name) => `${name}.blockmap`);
  await artifact(
    artifacts,
    'mcp-isolate-darwin-arm64',
    [...mac('arm64'), ...blockmaps(mac('arm64'))],
    ['latest-mac.yml', mac('arm64')],
  );
  await artifact(
    artifacts,
    'mcp-isolate-darwin-x64',
    [...mac('x64'), ...blockmaps(mac('x64'))],
    ['latest-mac.yml', mac('x64')],
  );
  const exe = 'mcp-isolate-0.1.0-win-x64-setup.exe';
  await artifact(
    artifacts,
    'mcp-isolate-win32-x64',
    [exe, `${exe}.blockmap`],
    ['latest.yml', [exe]],
  );
  const linux = ['mcp-isolate_0.1.0_amd64.deb', 'mcp-isolate-0.1.0.x86_64.rpm'];
  await artifact(artifacts, 'mcp-isolate-linux-x64', linux, ['latest-linux.yml', linux]);
  return { artifacts, release: join(root, 'release'), mac, exe, linux };
}

test('every file of the four runners lands in the release once, with one latest-mac.yml', async () => {
  const { artifacts, release, mac, exe, linux } = await fourRunners();
  const names = await assemble(artifacts, release);
  const expected = [
    ...mac('arm64'),
    ...mac('arm64').map((n) => `${n}.blockmap`),
    ...mac('x64'),
    ...mac('x64').map((n) => `${n}.blockmap`),
    exe,
    `${exe}.blockmap`,
    ...linux,
    'latest-mac.yml',
    'latest.yml',
    'latest-linux.yml',
  ].sort();
  assert.deepEqual(names, expected);
  assert.deepEqual((await readdir(release)).sort(), expected);
});

test("the merged latest-mac.yml lists both arches' zips and dmgs, each matching its file in the release", async () => {
  const { artifacts, release, mac } = await fourRunners();
  await assemble(artifacts, release);
  const feed = parse(await readFile(join(release, 'latest-mac.yml'), 'utf8'));
  assert.equal(feed.version, '0.1.0');
  const files = feed.files as { url: string; sha512: string; size: number }[];
  assert.deepEqual(
    files.map((file) => file.url),
    [...mac('arm64'), ...mac('x64')],
  );
  for (const file of files) {
    const bytes = await readFile(join(release, file.url), 'utf8');
    assert.equal(file.sha512, sha512(bytes));
    assert.equal(file.size, bytes.length);
  }
});

test('two runners writing a file of the same name, or feeds of two versions, stop the release', async () => {
  const clash = await fourRunners();
  await artifact(clash.artifacts, 'mcp-isolate-win32-x64', ['mcp-isolate_0.1.0_amd64.deb']);
  await assert.rejects(
    assemble(clash.artifacts, clash.release),
    /mcp-isolate_0\.1\.0_amd64\.deb is in both mcp-isolate-linux-x64 and mcp-isolate-win32-x64/,
  );
  const versions = await fourRunners();
  const x64Feed = join(versions.artifacts, 'mcp-isolate-darwin-x64', 'latest-mac.yml');
  await writeFile(x64Feed, (await readFile(x64Feed, 'utf8')).replace('0.1.0', '0.2.0'));
  await assert.rejects(
    assemble(versions.artifacts, versions.release),
    /feeds of versions 0\.1\.0 and 0\.2\.0 cannot be merged/,
  );
});
