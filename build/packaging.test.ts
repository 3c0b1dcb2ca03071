// The pinned electron-builder packs the staged app with electron-builder.yml, offline: Electron's
// own binary cannot be downloaded here, so a stand-in Electron (electronDist: an unpacked folder
// with an `electron` file that carries the fuse wire) takes its place, and the Linux `dir` target
// (linux-unpacked, what the AppImage and deb are made from) is built.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { extractFile, listPackage } from '@electron/asar';
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
  await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  return project;
}

test('packaging for Linux puts only the shell into app.asar, the runtime and the server beside it, and sets every fuse', {
  skip:
    process.platform === 'win32'
      ? 'a link to the project node_modules in a temporary folder is not safely removed on Windows; the release workflow packages there'
      : undefined,
}, async () => {
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
        'dir',
        '--x64',
        '--publish',
        'never',
        `-c.electronDist=${join(project, 'electron-dist')}`,
      ],
      { cwd: project },
    );
  } finally {
    // The link, never the project's node_modules behind it, goes before the folder is removed.
    await unlink(join(project, 'node_modules'));
  }
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
  assert.deepEqual((await listFiles(join(unpacked, 'resources'))).sort(), [
    'app.asar',
    ...icons.sort(),
    'runtime/bin/node',
    'server/bin/mcp-isolate.mjs',
  ]);

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
