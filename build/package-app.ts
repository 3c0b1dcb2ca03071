// Packages the staged app (node build/stage-app.ts) for one release target with the project's own
// pinned electron-builder, never publishing (the release workflow's publish job does that):
//   node build/package-app.ts --platform darwin --arch arm64 [--dir]
// Besides the installers, build/dist keeps the unpacked app, which the Electron specs run; with
// --dir only the unpacked app is built (CI runs the specs against it on every push).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseTarget, type Target } from './targets.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI_PLATFORM = { darwin: 'mac', win32: 'win', linux: 'linux' } as const;

/**
 * electron-builder's command line for `target`, given the environment it will run in; `dir`: the
 * unpacked app alone, no installer.
 */
export function builderArgs(target: Target, env: NodeJS.ProcessEnv, dir = false): string[] {
  return [
    '--config',
    'build/electron-builder.yml',
    `--${CLI_PLATFORM[target.platform]}`,
    `--${target.arch}`,
    ...(dir ? ['--dir'] : []),
    '--publish',
    'never',
    // Without a certificate, sign ad hoc: an unsigned arm64 app will not open ("damaged").
    // Only then: "-" is also matched against the names of real identities (findIdentity in
    // app-builder-lib/out/codeSign/macCodeSign.js) before MacTargetHelper falls back to ad hoc.
    ...(target.platform === 'darwin' && !env.CSC_LINK ? ['-c.mac.identity=-'] : []),
  ];
}

/** What electron-builder reads to notarize (MacTargetHelper.getNotarizeOptions in app-builder-lib). */
const NOTARIZING = [
  'APPLE_ID',
  'APPLE_APP_SPECIFIC_PASSWORD',
  'APPLE_TEAM_ID',
  'APPLE_API_KEY',
  'APPLE_API_KEY_ID',
  'APPLE_API_ISSUER',
  'APPLE_KEYCHAIN',
  'APPLE_KEYCHAIN_PROFILE',
];

/**
 * The environment electron-builder runs in. Without empty variables: a workflow passes a secret
 * that does not exist as an empty string, and electron-builder takes an empty CSC_LINK for a
 * certificate to import (getCscLink in platformPackager.js keeps any non-null value). And a
 * macOS build signed ad hoc (no CSC_LINK) gets no notarization credentials: electron-builder
 * would send the app to Apple, which refuses one signed ad hoc (`-c.mac.notarize=false` cannot
 * say it: the command line makes it the string "false", and only the boolean skips).
 */
export function builderEnv(env: NodeJS.ProcessEnv, target: Target): NodeJS.ProcessEnv {
  const kept = Object.entries(env).filter(([, value]) => value !== '');
  const adHoc = target.platform === 'darwin' && !kept.some(([name]) => name === 'CSC_LINK');
  return Object.fromEntries(adHoc ? kept.filter(([name]) => !NOTARIZING.includes(name)) : kept);
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      platform: { type: 'string', default: process.platform },
      arch: { type: 'string', default: process.arch },
      dir: { type: 'boolean', default: false },
    },
  });
  const target = parseTarget(values.platform, values.arch);
  const cli = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
  const args = builderArgs(target, process.env, values.dir);
  const builder = spawn(process.execPath, [cli, ...args], {
    cwd: ROOT,
    env: builderEnv(process.env, target),
    stdio: 'inherit',
  });
  builder.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
