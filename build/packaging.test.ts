// The pinned electron-builder packs the staged app with electron-builder.yml, offline: Electron's
// own binary cannot be downloaded here, so a stand-in Electron (electronDist: an unpacked folder
// with an `electron` file that carries the fuse wire) takes its place, and fpm, which it would
// download to make the deb and the rpm, is a stand-in too (CUSTOM_FPM_PATH) that writes a package
// file recording what it was handed. Everything else is electron-builder's own: linux-unpacked,
// the package names, the update feed latest-linux.yml and the after-remove script's templating.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
import { parse } from 'yaml';
import { tempDir } from '../server/test-support/temp-dir.ts';
import { appExecutable } from './app-executable.ts';
import { stageAppShell } from './staging/app-shell.ts';
import { listFiles } from './staging/files.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'; // @electron/fuses' marker of the fuse wire
const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

/** An `electron` executable whose fuse wire (format V1) is set opposite to what the release wants. */
function standInElectron(): Buffer {
  const wire = '10110001'; // '1' enabled, '0' disabled, in FUSES order
  return Buffer.concat([
    Buffer.from(`stand-in for Electron ${SENTINEL}`),
    Buffer.from([1, wire.length]),
    Buffer.from(wire),
  ]);
}

function fuseWire(binary: Buffer): Record<string, boolean> {
  const at = binary.indexOf(SENTINEL) + SENTINEL.length;
  const length = binary[at + 1] as number;
  const states = binary.subarray(at + 2, at + 2 + length).toString();
  return Object.fromEntries(FUSES.map((name, i) => [name, states[i] === '1']));
}

/**
 * A project as the release workflow has it after staging, in a temporary folder: the project's
 * package.json (with the server's dependencies) and node_modules, and the staged parts.
 */
async function stagedProject(): Promise<string> {
  const project = await tempDir();
  await cp(join(ROOT, 'package.json'), join(project, 'package.json'));
  await cp(join(ROOT, 'package-lock.json'), join(project, 'package-lock.json'));
  await stageAppShell(ROOT, join(project, 'build', 'staged', 'app'));
  const target = join(project, 'build', 'staged', 'linux-x64');
  await mkdir(join(target, 'runtime', 'bin'), { recursive: true });
  await writeFile(join(target, 'runtime', 'bin', 'node'), 'stand-in runtime');
  await mkdir(join(target, 'server', 'bin'), { recursive: true });
  await writeFile(join(target, 'server', 'bin', 'mcp-isolate.mjs'), 'stand-in server');
  await cp(
    join(ROOT, 'build', 'skip-app-dependencies.cjs'),
    join(project, 'build', 'skip-app-dependencies.cjs'),
  );
  await cp(join(ROOT, 'build', 'icons'), join(project, 'build', 'icons'), { recursive: true });
  await cp(join(ROOT, 'electron', 'icons'), join(project, 'electron', 'icons'), {
    recursive: true,
  });
  const electron = join(project, 'electron-dist');
  await mkdir(join(electron, 'locales'), { recursive: true });
  await writeFile(join(electron, 'locales', 'en-US.pak'), '');
  await writeFile(join(electron, 'electron'), standInElectron(), { mode: 0o755 });
  await cp(join(ROOT, 'build', 'linux'), join(project, 'build', 'linux'), { recursive: true });
  await writeFile(join(project, 'fpm'), STAND_IN_FPM, { mode: 0o755 });
  await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  return project;
}

/**
 * fpm as electron-builder runs it (`-t deb|rpm ... --after-remove FILE ... --package OUT
 * APPDIR/=/opt/PRODUCT ...`): the package it writes holds its type, the package-type resource it
 * found in the app folder, and the after-remove script it was given.
 */
const STAND_IN_FPM = `#!/bin/sh
set -e
for arg in "$@"; do
  case "$previous" in
    -t) type="$arg" ;;
    --package) out="$arg" ;;
    --after-remove) after_remove="$arg" ;;
  esac
  case "$arg" in
    */=/opt/*) app="\${arg%/=/opt/*}" ;;
  esac
  previous="$arg"
done
{
  echo "type: $type"
  echo "package-type: $(cat "$app/resources/package-type")"
  echo "after-remove:"
  cat "$after_remove"
} > "$out"
`;

const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('base64');

/** The staged project, built once for both tests: `electron-builder --linux deb rpm --x64`. */
let built: Promise<string> | undefined;
function builtProject(): Promise<string> {
  built ??= (async () => {
    const project = await stagedProject();
    try {
      await run(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'electron-builder', 'cli.js'),
          '--config',
          join(ROOT, 'build', 'electron-builder.yml'),
          '--projectDir',
          project,
          '--linux',
          'deb',
          'rpm',
          '--x64',
          '--publish',
          'never',
          `-c.electronDist=${join(project, 'electron-dist')}`,
        ],
        { cwd: project, env: { ...process.env, CUSTOM_FPM_PATH: join(project, 'fpm') } },
      );
    } finally {
      // The link, never the project's node_modules behind it, goes before the folder is removed.
      await unlink(join(project, 'node_modules'));
    }
    return project;
  })();
  return built;
}

test('packaging for Linux puts only the shell into app.asar, the runtime and the server beside it, and sets every fuse', {
  skip:
    process.platform === 'win32'
      ? 'a link to the project node_modules in a temporary folder is not safely removed on Windows; the release workflow packages there'
      : undefined,
}, async () => {
  const project = await builtProject();
  const unpacked = join(project, 'build', 'dist', 'linux-unpacked');

  const asar = join(unpacked, 'resources', 'app.asar');
  const inAsar = listPackage(asar, { isPack: false }).map((path) => path.replaceAll('\\', '/'));
  const shell = (await listFiles(join(project, 'build', 'staged', 'app'))).map(
    (path) => `/${path}`,
  );
  assert.deepEqual(
    inAsar.filter((path) => path.includes('.')),
    shell,
    'app.asar holds the staged shell, file for file',
  );
  assert.ok(!inAsar.some((path) => path.includes('node_modules')));
  const manifest = JSON.parse(extractFile(asar, 'package.json').toString());
  assert.equal(manifest.dependencies, undefined);

  const icons = (await listFiles(join(ROOT, 'electron', 'icons'))).map((name) => `icons/${name}`);
  // Beside them electron-builder's own: the deb's AppArmor profile, and where electron-updater
  // looks for updates (app-update.yml) and how the app was installed (package-type).
  assert.deepEqual((await listFiles(join(unpacked, 'resources'))).sort(), [
    'app-update.yml',
    'app.asar',
    'apparmor-profile',
    ...icons.sort(),
    'package-type',
    'runtime/bin/node',
    'server/bin/mcp-isolate.mjs',
  ]);
  assert.deepEqual(parse(await readFile(join(unpacked, 'resources', 'app-update.yml'), 'utf8')), {
    owner: 'mcp-isolate',
    repo: 'mcp-isolate',
    provider: 'github',
    updaterCacheDirName: 'mcp-isolate-updater',
  });

  const executable = appExecutable(
    { platform: 'linux', arch: 'x64' },
    join(project, 'build', 'dist'),
  );
  assert.ok((await stat(executable)).isFile());
  assert.deepEqual(fuseWire(await readFile(executable)), {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  });
});

test('the Linux build writes a deb and an rpm, each knowing its type, and latest-linux.yml names both with their sizes and hashes', {
  skip:
    process.platform === 'win32'
      ? 'a link to the project node_modules in a temporary folder is not safely removed on Windows; the release workflow packages there'
      : undefined,
}, async () => {
  const dist = join(await builtProject(), 'build', 'dist');
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const deb = `mcp-isolate_${version}_amd64.deb`;
  const rpm = `mcp-isolate-${version}.x86_64.rpm`;
  // electron-builder's own notes (builder-debug.yml) are not for the release.
  const files = (await readdir(dist)).filter(
    (name) => !name.startsWith('linux-unpacked') && !name.startsWith('builder-'),
  );
  assert.deepEqual(files.sort(), ['latest-linux.yml', deb, rpm].sort());

  const feed = parse(await readFile(join(dist, 'latest-linux.yml'), 'utf8'));
  assert.equal(feed.version, version);
  const listed = feed.files.map((file: { url: string }) => file.url).sort();
  assert.deepEqual(listed, [deb, rpm].sort());
  for (const file of feed.files as { url: string; sha512: string; size: number }[]) {
    const bytes = await readFile(join(dist, file.url));
    assert.equal(file.sha512, sha512(bytes), file.url);
    assert.equal(file.size, bytes.length, file.url);
  }
  // electron-updater's DebUpdater and RpmUpdater pick their package by what package-type says.
  for (const [name, type] of [
    [deb, 'deb'],
    [rpm, 'rpm'],
  ] as const) {
    const made = await readFile(join(dist, name), 'utf8');
    assert.match(made, new RegExp(`^type: ${type}\npackage-type: ${type}\n`), name);
    assert.match(
      made,
      /update-alternatives --remove 'mcp-isolate' '\/opt\/MCP Isolate\/mcp-isolate'/,
    );
    assert.match(made, /rm -f "\$home\/\.config\/autostart\/mcp-isolate\.desktop"/);
  }
});
