import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Arch, Platform } from 'app-builder-lib';
import { getConfig } from 'app-builder-lib/out/util/config/config.js';
import { getArchSuffix } from 'builder-util';
import {
  configureBuildCommand,
  createYargs,
  normalizeOptions,
} from 'electron-builder/out/builder.js';
import { appExecutable } from './app-executable.ts';
import { builderArgs, builderEnv } from './package-app.ts';
import { RELEASE_TARGETS, targetName } from './targets.ts';

/** What electron-builder's own command line makes of `args` (electron-builder/out/cli/cli.js). */
function parsed(args: string[]) {
  const options = normalizeOptions(configureBuildCommand(createYargs()).parse(args) as never);
  const targets = [...(options.targets ?? new Map())].map(([platform, archs]) => [
    platform.name,
    [...archs].map(([arch, names]) => [Arch[arch], names]),
  ]);
  return { config: options.config, publish: options.publish, targets };
}

test('without a certificate the macOS build is signed ad hoc, with one it is signed by it; never published', () => {
  const arm64 = { platform: 'darwin', arch: 'arm64' } as const;
  assert.deepEqual(parsed(builderArgs(arm64, {})), {
    config: { extends: 'build/electron-builder.yml', mac: { identity: '-' } },
    publish: 'never',
    targets: [['mac', [['arm64', []]]]],
  });
  assert.deepEqual(parsed(builderArgs(arm64, { CSC_LINK: 'base64-p12' })), {
    config: 'build/electron-builder.yml',
    publish: 'never',
    targets: [['mac', [['arm64', []]]]],
  });
});

test('each target is built for its own platform and arch, nothing else', () => {
  const built = RELEASE_TARGETS.map((target) => [
    targetName(target),
    parsed(builderArgs(target, { CSC_LINK: 'x' })).targets,
  ]);
  assert.deepEqual(built, [
    ['darwin-arm64', [['mac', [['arm64', []]]]]],
    ['darwin-x64', [['mac', [['x64', []]]]]],
    ['win32-x64', [['windows', [['x64', []]]]]],
    ['linux-x64', [['linux', [['x64', []]]]]],
  ]);
});

test('--dir builds the unpacked app alone, for the same platform and arch, signed the same way', () => {
  const built = RELEASE_TARGETS.map((target) => [
    targetName(target),
    parsed(builderArgs(target, {}, true)),
  ]);
  const adHoc = { extends: 'build/electron-builder.yml', mac: { identity: '-' } };
  assert.deepEqual(built, [
    ['darwin-arm64', { config: adHoc, publish: 'never', targets: [['mac', [['arm64', ['dir']]]]] }],
    ['darwin-x64', { config: adHoc, publish: 'never', targets: [['mac', [['x64', ['dir']]]]] }],
    [
      'win32-x64',
      {
        config: 'build/electron-builder.yml',
        publish: 'never',
        targets: [['windows', [['x64', ['dir']]]]],
      },
    ],
    [
      'linux-x64',
      {
        config: 'build/electron-builder.yml',
        publish: 'never',
        targets: [['linux', [['x64', ['dir']]]]],
      },
    ],
  ]);
});

test('secrets a workflow passes as empty strings are not handed to electron-builder', () => {
  const windows = { platform: 'win32', arch: 'x64' } as const;
  assert.deepEqual(
    builderEnv({ CSC_LINK: '', APPLE_ID: '', PATH: '/bin', APPLE_TEAM_ID: 'T' }, windows),
    { PATH: '/bin', APPLE_TEAM_ID: 'T' },
  );
});

test('a macOS build signed ad hoc gets no notarization credentials; one signed by a certificate gets them', () => {
  const mac = { platform: 'darwin', arch: 'arm64' } as const;
  const credentials = {
    APPLE_ID: 'me@example.com',
    APPLE_APP_SPECIFIC_PASSWORD: 'p',
    APPLE_TEAM_ID: 'T',
    APPLE_API_KEY: '/k.p8',
    APPLE_API_KEY_ID: 'K',
    APPLE_API_ISSUER: 'I',
    PATH: '/bin',
  };
  assert.deepEqual(builderEnv({ ...credentials, CSC_LINK: '' }, mac), { PATH: '/bin' });
  assert.deepEqual(builderEnv({ ...credentials, CSC_LINK: 'p12' }, mac), {
    ...credentials,
    CSC_LINK: 'p12',
  });
});

test("the app's executable is where electron-builder's own naming puts it, for each target", async () => {
  const config = await getConfig(
    join(import.meta.dirname, '..'),
    'build/electron-builder.yml',
    null,
  );
  const product = config.productName as string;
  const unpacked = (platform: Platform, arch: Arch) =>
    `${platform.buildConfigurationKey}${getArchSuffix(arch)}${platform === Platform.MAC ? '' : '-unpacked'}`;
  const mac = (arch: Arch) =>
    join('dist', unpacked(Platform.MAC, arch), `${product}.app`, 'Contents', 'MacOS', product);
  assert.deepEqual(
    RELEASE_TARGETS.map((target) => appExecutable(target, 'dist')),
    [
      mac(Arch.arm64),
      mac(Arch.x64),
      join('dist', unpacked(Platform.WINDOWS, Arch.x64), `${product}.exe`),
      join('dist', unpacked(Platform.LINUX, Arch.x64), config.linux?.executableName as string),
    ],
  );
  assert.equal(
    appExecutable({ platform: 'darwin', arch: 'arm64' }, 'dist'),
    join('dist', 'mac-arm64', 'MCP Isolate.app', 'Contents', 'MacOS', 'MCP Isolate'),
  );
});
