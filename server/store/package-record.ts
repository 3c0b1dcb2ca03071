// What a run's imports loaded, as its journal entry records it: replay loads exactly these
// bundles (by hash, from the blob store) and never resolves again. Each record carries what it
// takes to build its bundle again if the store lost it: every tarball of its tree, pinned by
// version and integrity.

/** A package's tarball, pinned: the version the registry gave, and how to check its bytes. */
export interface PinnedTarball {
  name: string;
  version: string;
  /** The registry's `dist.integrity` (`dist.shasum` as sha1 for old packages). */
  integrity: string;
  /** The tarball's hash in the blob store. */
  tarball: string;
  bytes: number;
}

/** A dependency bundled with a package, and where npm's layout put it. */
export interface PinnedDependency extends PinnedTarball {
  /** `node_modules/a`, or `node_modules/a/node_modules/b` where versions conflict. */
  path: string;
}

/** A bundle an import loaded: the package, its entry, and its tree. */
export interface LoadedPackage extends PinnedTarball {
  /** `fp` of `lodash/fp`; absent for the main entry. */
  subpath?: string;
  /** The bundle's hash in the blob store: the script the guest evaluated. */
  bundle: string;
  bundleBytes: number;
  dependencies: PinnedDependency[];
}

/** One import the host answered: the bundle it loaded, or why it failed. */
export interface PackageImport {
  specifier: string;
  package?: LoadedPackage;
  error?: string;
  /** Wall-clock time the host spent on it (informative, not hashed). */
  ms: number;
}

/** A run's imports in the order the guest received them: one batch per step that asked. */
export type PackageBatches = PackageImport[][];

/** The fields of the batches that the heap id covers (everything but the times). */
export const hashedPackages = (packages: PackageBatches) =>
  packages.map((batch) => batch.map(({ ms: _ms, ...loaded }) => loaded));
