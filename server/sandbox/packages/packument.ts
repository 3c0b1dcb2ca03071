// What a registry says about a package, checked where it enters: a registry is untrusted, and
// its names and versions become folder names in a build tree. Every version it lists must name
// the package asked for, be the valid semver version it is listed under, and depend only on valid
// package names; one that does not is kept as refused, so resolution picks what npm would pick
// and then refuses it with the reason, rather than quietly taking another version.
import semver from 'semver';
import { isPackageName } from '../../../contract/package-policy.ts';
import { PackageError } from './package-error.ts';

/** A version's manifest as the registry lists it (the fields installing reads), checked. */
export interface PackumentVersion {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  deprecated?: string;
  dist: { tarball: string; integrity?: string; shasum?: string };
}

export interface Packument {
  name: string;
  'dist-tags': Record<string, string>;
  /** The versions that passed the checks, by version. */
  versions: Record<string, PackumentVersion>;
  /** The versions listed that did not, by version: why each is refused. */
  refused: Record<string, string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The registry's answer for `name`, checked: a PackageError when it is not a packument of that
 * package at all; its versions each checked (see checkVersion).
 */
export function checkPackument(name: string, raw: unknown): Packument {
  const refuse = (why: string) =>
    new PackageError(`the npm registry's answer for '${name}' is refused: ${why}`);
  if (!isRecord(raw) || !isRecord(raw.versions)) throw refuse('it lists no versions');
  if (raw.name !== undefined && raw.name !== name) {
    throw refuse(`it describes ${JSON.stringify(raw.name)}`);
  }
  const packument: Packument = { name, 'dist-tags': {}, versions: {}, refused: {} };
  for (const [tag, version] of Object.entries(isRecord(raw['dist-tags']) ? raw['dist-tags'] : {})) {
    if (typeof version === 'string') packument['dist-tags'][tag] = version;
  }
  // Its size is bounded where it is read (registry-client.ts), so is the number of versions.
  for (const [version, manifest] of Object.entries(raw.versions)) {
    // npm ignores what is not a version at all; it is never picked.
    if (semver.valid(version) !== version) continue;
    const checked = checkVersion(name, version, manifest);
    if (typeof checked === 'string') packument.refused[version] = checked;
    else packument.versions[version] = checked;
  }
  return packument;
}

/** `manifest` as installing reads it, or why it is refused. */
function checkVersion(name: string, version: string, manifest: unknown): PackumentVersion | string {
  if (!isRecord(manifest)) return 'its manifest is not an object';
  if (manifest.name !== name) {
    return `its manifest names ${JSON.stringify(manifest.name)}, not '${name}'`;
  }
  if (manifest.version !== version) {
    return `its manifest says version ${JSON.stringify(manifest.version)}`;
  }
  const dist = manifest.dist;
  if (!isRecord(dist) || typeof dist.tarball !== 'string') return 'it has no tarball address';
  const checked: PackumentVersion = {
    name,
    version,
    dist: {
      tarball: dist.tarball,
      ...(typeof dist.integrity === 'string' && { integrity: dist.integrity }),
      ...(typeof dist.shasum === 'string' && { shasum: dist.shasum }),
    },
  };
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
    const value = manifest[field];
    // Old manifests may list none as an empty array.
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (!isRecord(value)) return `its ${field} is not an object`;
    for (const [dependency, range] of Object.entries(value)) {
      if (!isPackageName(dependency, true)) {
        return `its ${field} name ${JSON.stringify(dependency)}, which is not a package name`;
      }
      if (typeof range !== 'string') return `its ${field} give '${dependency}' no version range`;
    }
    checked[field] = value as Record<string, string>;
  }
  if (isRecord(manifest.peerDependenciesMeta)) {
    checked.peerDependenciesMeta = Object.fromEntries(
      Object.entries(manifest.peerDependenciesMeta).map(([peer, meta]) => [
        peer,
        { optional: isRecord(meta) && meta.optional === true },
      ]),
    );
  }
  if (typeof manifest.deprecated === 'string') checked.deprecated = manifest.deprecated;
  return checked;
}

/** The manifest of `version`: a PackageError naming it when the registry's is refused or absent. */
export function manifestOf(packument: Packument, version: string): PackumentVersion | undefined {
  const refused = packument.refused[version];
  if (refused !== undefined) {
    throw new PackageError(
      `the npm registry's ${packument.name}@${version} is refused: ${refused}`,
    );
  }
  return packument.versions[version];
}

/** Every version listed, refused ones included: resolution picks among them as npm would. */
export const listedVersions = (packument: Packument): string[] => [
  ...Object.keys(packument.versions),
  ...Object.keys(packument.refused),
];
