// Builds the bundle of one entry from a package tree's tarballs: each unpacked into its place
// under a throwaway folder of this worker's build folder, then esbuild over them. Live imports and
// replays that lost a bundle both build here, so the same tree gives the same bytes. The folder
// is removed however the build ends; one a killed worker left is removed with the worker's build
// folder (worker-pool.ts) and at the engine's start.
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunLimits } from '../protocol.ts';
import { limitBroken } from '../run-errors.ts';
import { bundlePackage } from './bundle-package.ts';
import { type TreeTarball, unpackTree } from './unpack-tree.ts';

/**
 * The bundle of `request` (`name` or `name/subpath`) over `tree`, built in a new folder under
 * `buildDir`. A tree that unpacks past its budget or a bundle over packageBundleBytes ends the
 * run (limit errors); a package that does not unpack or bundle is a PackageError.
 */
export async function buildBundle(
  buildDir: string,
  tree: TreeTarball[],
  request: string,
  label: string,
  limits: Pick<RunLimits, 'packageTarballBytes' | 'packageBundleBytes' | 'packageFiles'>,
  signal: AbortSignal,
): Promise<Buffer> {
  await mkdir(buildDir, { recursive: true, mode: 0o700 });
  // Real: on macOS a folder may be behind a link, and esbuild names files by real path.
  const dir = await realpath(await mkdtemp(join(buildDir, 'bundle-')));
  try {
    await unpackTree(dir, tree, label, limits, signal);
    // esbuild cannot be stopped: the run stops waiting for it at its deadline or cancel.
    const bundle = await untilAborted(bundlePackage(dir, request), signal);
    if (bundle.byteLength > limits.packageBundleBytes) {
      throw limitBroken.bundleSize(limits, label, bundle.byteLength);
    }
    return bundle;
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** `work`, or the signal's reason once it aborts, whichever comes first. */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let stop: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    stop = () => reject(signal.reason);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  try {
    // Both settle into the race, so neither rejects unheard.
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
