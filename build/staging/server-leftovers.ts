// What the staged server does not need at run time, decided from a listing of its files: other
// platforms' isolated-vm prebuilds, the package's own tarball, and what only building it needs.
import { type Target, targetName } from '../targets.ts';

const IVM = 'node_modules/isolated-vm/';

/**
 * isolated-vm's loader (node-gyp-build) takes build/Release/*.node first, then
 * prebuilds/PLATFORM-ARCH; its sources, build scripts and examples are for compiling only.
 */
const BUILD_ONLY =
  /^(src|vendor|native-example|scripts)\/|^(binding\.gyp|include\.js|inspector-example\.js|Dockerfile\..*)$/;

function isolatedVmLeftover(target: Target, path: string): boolean {
  const prebuild = /^prebuilds\/([^/]+)\//.exec(path);
  if (prebuild) return prebuild[1] !== targetName(target);
  if (path.startsWith('build/')) return !/^build\/Release\/[^/]+\.node$/.test(path);
  return BUILD_ONLY.test(path);
}

/** The files (paths relative to the staged server, `/`-separated) to remove for `target`. */
export function serverLeftovers(target: Target, files: readonly string[]): string[] {
  return files.filter(
    (path) =>
      path.endsWith('.tgz') ||
      (path.startsWith(IVM) && isolatedVmLeftover(target, path.slice(IVM.length))),
  );
}

/**
 * Whether isolated-vm must be compiled for `target`: it ships prebuilds only for some platforms
 * (`prebuilds` lists its prebuilds folder; 7.0.1 has darwin-arm64, linux-arm64, linux-x64 and
 * win32-x64, so darwin-x64 is built from source, on a macOS x64 runner).
 */
export function needsSourceBuild(target: Target, prebuilds: readonly string[]): boolean {
  return !prebuilds.includes(targetName(target));
}
