// Builds the bundle of one entry from a package tree's tarballs: each unpacked into its place
// under a throwaway folder, then esbuild over them. Live imports and replays that lost a bundle
// both build here, so the same tree gives the same bytes.
import { mkdtemp, rm } from 'node:fs/promises';
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
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-isolate-bundle-'));
  try {
    for (const tarball of tree) {
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
    const bundle = await bundlePackage(dir, request);
    if (bundle.byteLength > limits.packageBundleBytes) {
      throw limitBroken.bundleSize(limits, label, bundle.byteLength);
    }
    return bundle;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
