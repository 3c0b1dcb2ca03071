// The packaging configuration, read and checked by the pinned electron-builder's own code, offline.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Arch, Platform } from 'app-builder-lib';
import { getElectronVersion } from 'app-builder-lib/out/electron/electronVersion.js';
import { computeArchToTargetNamesMap } from 'app-builder-lib/out/targets/targetFactory.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RELEASE = 'build/electron-builder.yml';

const load = (file: string) => getConfig(ROOT, file, null);

test("electron-builder's own validator accepts the configuration", async () => {
  await validateConfiguration(await load(RELEASE), new DebugLogger(false));
});

test('each platform builds only the arch the command line asks for', async () => {
  const config = await load(RELEASE);
  const cases = [
    [Platform.MAC, config.mac, Arch.arm64],
    [Platform.MAC, config.mac, Arch.x64],
    [Platform.WINDOWS, config.win, Arch.x64],
    [Platform.LINUX, config.linux, Arch.x64],
  ] as const;
  for (const [platform, options, arch] of cases) {
    // What `electron-builder --mac --arm64` hands over: the arch, no target names.
    const fromCli = new Map([[arch, [] as string[]]]);
    const packager = { platformSpecificBuildOptions: options, defaultTarget: [] };
    const archs = [...computeArchToTargetNamesMap(fromCli, packager as never, platform).keys()];
    assert.deepEqual(
      archs.map((it) => Arch[it]),
      [Arch[arch]],
      `${platform.name} ${Arch[arch]}`,
    );
  }
});

test('the Electron fuses: no run-as-node, NODE_OPTIONS or inspect arguments; encrypted cookies; app.asar only, integrity-checked; file:// without extra privileges', async () => {
  const config = await load(RELEASE);
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
});

test('app.asar is made from the staged shell alone, and electron-builder is told to collect no node_modules for it', async () => {
  const config = await load(RELEASE);
  assert.equal(config.directories?.app, 'build/staged/app');
  assert.equal(config.asar, true);
  // The hook only runs while npmRebuild is on (Packager.installAppDependencies).
  assert.notEqual(config.npmRebuild, false);
  const hook = createRequire(import.meta.url)(`${ROOT}${config.beforeBuild as string}`);
  assert.equal(await hook.beforeBuild(), false);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder's macros, expanded by it
  const staged = 'build/staged/${platform}-${arch}';
  assert.deepEqual(config.extraResources, [
    { from: 'electron/icons', to: 'icons' },
    { from: `${staged}/runtime`, to: 'runtime' },
    { from: `${staged}/server`, to: 'server' },
  ]);
  assert.equal(config.linux?.executableName, 'mcp-isolate');
});

test('electron-builder still finds the Electron version in the project, though the app folder has none', async () => {
  const config = await load(RELEASE);
  const { devDependencies } = createRequire(import.meta.url)(`${ROOT}package.json`);
  assert.equal(config.electronVersion, undefined);
  assert.equal(await getElectronVersion(ROOT, config), devDependencies.electron);
});

test('the repository is named once, in the GitHub publish configuration, and package.json points at it', async () => {
  const config = await load(RELEASE);
  assert.deepEqual(config.publish, {
    provider: 'github',
    owner: 'mcp-isolate',
    repo: 'mcp-isolate',
  });
  const { homepage, author } = createRequire(import.meta.url)(`${ROOT}package.json`);
  assert.equal(homepage, 'https://github.com/mcp-isolate/mcp-isolate');
  // The deb and rpm need a maintainer with an e-mail; it is the project's author.
  assert.match(author, /^.+ <[^@\s]+@[^@\s]+>$/);
  assert.equal(config.linux?.maintainer, author);
});

test('macOS builds the dmg and the zip Squirrel.Mac updates from, Windows the NSIS installer, Linux a deb and an rpm and no AppImage', async () => {
  const config = await load(RELEASE);
  assert.deepEqual(config.mac?.target, ['dmg', 'zip']);
  assert.deepEqual(config.win?.target, ['nsis']);
  assert.deepEqual(config.linux?.target, ['deb', 'rpm']);
});

test('the macOS and Windows artifacts are named without spaces, each with its platform and arch, as the update feeds name them', async () => {
  const config = await load(RELEASE);
  for (const pattern of [config.mac?.artifactName, config.nsis?.artifactName]) {
    assert.ok(pattern && !pattern.includes(' '), `${pattern}`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder's macro
    assert.ok(pattern.includes('${arch}'), pattern);
  }
});

test('the Windows uninstaller deletes the Run value of the login item, except when an update uninstalls the old version', async () => {
  const config = await load(RELEASE);
  assert.equal(config.nsis?.include, 'build/installer.nsh');
  const script = await readFile(join(ROOT, 'build', 'installer.nsh'), 'utf8');
  const macro = /!macro customUnInstall\n([\s\S]*?)!macroend/.exec(script)?.[1] ?? '';
  assert.match(
    macro,
    // Electron names the value after the AppUserModelID, "electron.app." and the product name.
    /\$\{ifNot\} \$\{isUpdated\}\n\s*DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "electron\.app\.\$\{PRODUCT_NAME\}"\n\s*\$\{endIf\}/,
  );
});

test('the deb and the rpm run the same after-remove script', async () => {
  const config = await load(RELEASE);
  assert.equal(config.deb?.afterRemove, 'build/linux/after-remove.sh');
  assert.equal(config.rpm?.afterRemove, 'build/linux/after-remove.sh');
});
