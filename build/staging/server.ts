// The server as the app carries it: its sources with the contract they implement, the built GUI
// (served in browser mode), its production dependencies, isolated-vm and esbuild's binary for the
// target only.
import { access, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { type Target, targetName } from '../targets.ts';
import { listFiles, removeFiles } from './files.ts';
import { npm } from './npm.ts';
import { needsSourceBuild, serverLeftovers } from './server-leftovers.ts';

const skipTests = (path: string) => !/\.test\.ts$|test-support/.test(path);

/**
 * The package holding esbuild's binary for `target` (an optional dependency of esbuild, which npm
 * installs only on a matching os and cpu): the server bundles packages with it.
 */
export const esbuildBinaryPackage = (target: Target) => `@esbuild/${targetName(target)}`;

/**
 * Copies the server from the project at `root` into `out` and installs its dependencies for
 * `target`: npm picks the optional dependencies (esbuild's binary) for its os and cpu, not the
 * machine's, so a cross-staged server carries the target's binary.
 */
export async function stageServer(root: string, out: string, target: Target): Promise<void> {
  await mkdir(out, { recursive: true });
  await cp(join(root, 'bin'), join(out, 'bin'), { recursive: true });
  for (const folder of ['contract', 'server']) {
    await cp(join(root, folder), join(out, folder), { recursive: true, filter: skipTests });
  }
  await cp(join(root, 'renderer', 'dist'), join(out, 'renderer', 'dist'), { recursive: true });
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  // The staged server runs on the staged runtime: it needs no `node` package of its own.
  await writeFile(
    join(out, 'package.json'),
    `${JSON.stringify({ ...manifest, devDependencies: {} }, null, 2)}\n`,
  );
  await cp(join(root, 'package-lock.json'), join(out, 'package-lock.json'));
  // No install scripts: isolated-vm's would compile for the Node running npm, not the staged one.
  await npm(
    [
      'install',
      '--omit=dev',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      `--os=${target.platform}`,
      `--cpu=${target.arch}`,
    ],
    { cwd: out },
  );
  const binary = join(out, 'node_modules', ...esbuildBinaryPackage(target).split('/'));
  await access(binary).catch(() => {
    throw new Error(
      `npm did not install ${esbuildBinaryPackage(target)} for ${targetName(target)}`,
    );
  });
}

/** Whether the staged server's isolated-vm has no prebuild for `target`. */
export async function isolatedVmNeedsBuild(server: string, target: Target): Promise<boolean> {
  const prebuilds = await readdir(join(server, 'node_modules', 'isolated-vm', 'prebuilds'));
  return needsSourceBuild(target, prebuilds);
}

/**
 * Compiles isolated-vm with node-gyp for the staged runtime: `node` on PATH is the staged one (npm
 * runs the install script, and node-gyp, with the first `node` on PATH), and node-gyp takes the
 * headers from the runtime's own package (`nodedir`: its include/node), so nothing is downloaded
 * and the addon matches the runtime's ABI exactly.
 */
export async function buildIsolatedVm(server: string, runtime: string, headers: string) {
  await npm(['rebuild', 'isolated-vm', '--ignore-scripts=false', '--foreground-scripts'], {
    cwd: server,
    env: {
      ...process.env,
      PATH: `${dirname(runtime)}${delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: headers,
    },
  });
}

/** Removes what `target` does not need at run time (see server-leftovers.ts). */
export async function pruneServer(server: string, target: Target): Promise<string[]> {
  const leftovers = serverLeftovers(target, await listFiles(server));
  await removeFiles(server, leftovers);
  return leftovers;
}
