// Builds the bundle of one entry from a package tree's tarballs: each unpacked into its place
// under a throwaway folder, then esbuild over them. Live imports and replays that lost a bundle
// both build here, so the same tree gives the same bytes.
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunLimits } from '../protocol.ts';
import { limitBroken, UNPACKED_FACTOR } from '../run-errors.ts';
import { bundlePackage } from './bundle-package.ts';
import { extractTarball, UnpackedTooLarge } from './extract-tarball.ts';
import { PackageError } from './package-error.ts';

/** A tarball and where it goes in the tree (`node_modules/name`, nested where versions conflict). */
export interface TreeTarball {
  path: string;
  label: string;
  bytes: Buffer;
}

/**
 * The bundle of `request` (`name` or `name/subpath`) over `tree`. A tarball that unpacks past
 * its budget or a bundle over packageBundleBytes ends the run (limit errors); a package that does
 * not bundle is a PackageError.
 */
export async function buildBundle(
  tree: TreeTarball[],
  request: string,
  label: string,
  limits: Pick<RunLimits, 'packageTarballBytes' | 'packageBundleBytes'>,
  signal: AbortSignal,
): Promise<Buffer> {
  // Real: on macOS the temporary folder is behind a link, and esbuild names files by real path.
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'mcp-isolate-bundle-')));
  try {
    for (const tarball of tree) {
      signal.throwIfAborted();
      try {
        await extractTarball(
          tarball.bytes,
          join(dir, tarball.path),
          limits.packageTarballBytes * UNPACKED_FACTOR,
        );
      } catch (error) {
        if (error instanceof UnpackedTooLarge) {
          throw limitBroken.tarballSize(limits, tarball.label, true);
        }
        throw new PackageError(
          `the tarball of ${tarball.label} could not be unpacked: ${(error as Error).message}`,
        );
      }
    }
    // esbuild cannot be stopped: the run stops waiting for it at its deadline or cancel.
    const bundle = await Promise.race([bundlePackage(dir, request), aborted(signal)]);
    if (bundle.byteLength > limits.packageBundleBytes) {
      throw limitBroken.bundleSize(limits, label, bundle.byteLength);
    }
    return bundle;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rejects with the signal's reason once it aborts. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
