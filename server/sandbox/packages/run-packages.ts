// A run's imports, resolved (import-effect.ts is the import effect around this). Live, a version
// pinned in the session's journal (up to the run's parent) loads its stored bundle; a new one is
// resolved from the registry as npm would, its tarballs downloaded and checked against their
// integrity, bundled, stored by hash, and recorded for the journal entry (so later runs find it
// pinned). In replay a bundle the store lost is built again from its pinned tarballs (downloaded
// again by version, accepted only with the pinned integrity), and must come out the same.
import semver from 'semver';
import {
  type PackageSpecifier,
  packageAllowed,
  parsePackageSpecifier,
} from '../../../contract/package-policy.ts';
import { howToSet } from '../../../contract/settings-registry.ts';
import { blobHash, putBlob, readBlob } from '../../store/blob-store.ts';
import type { DataLayout } from '../../store/data-dir.ts';
import { type LockedPackage, lockWith, type PackageLock } from '../../store/package-lock.ts';
import type { LoadedPackage, PackageImport, PinnedTarball } from '../../store/package-record.ts';
import { pinsAt } from '../../store/session-pins.ts';
import type { OutboundFetch } from '../net/outbound-fetch.ts';
import type { PackagePolicy, RunLimits } from '../protocol.ts';
import { limitBroken, UNPACKED_FACTOR } from '../run-errors.ts';
import { buildBundle } from './build-bundle.ts';
import { PackageError } from './package-error.ts';
import { manifestOf, type Packument } from './packument.ts';
import {
  fetchPackument,
  fetchTarball,
  integrityOf,
  type RegistryAccess,
} from './registry-client.ts';
import { pickVersion, resolveTree } from './resolve-tree.ts';

type PackageLimits = Pick<
  RunLimits,
  'timeoutMs' | 'packageTarballBytes' | 'packageBundleBytes' | 'packageFiles'
>;

/** What resolving and loading packages needs, live or in replay. */
export interface PackageContext {
  layout: Pick<DataLayout, 'blob' | 'journal'>;
  policy: PackagePolicy;
  limits: PackageLimits;
  /** Where this worker builds bundles (a throwaway folder each). */
  buildDir: string;
  /** Every registry request goes through it (never to the server itself). */
  fetch: OutboundFetch;
}

export const labelOf = ({
  name,
  version,
  subpath,
}: Pick<LoadedPackage, 'name' | 'version' | 'subpath'>) =>
  `${name}@${version}${subpath ? `/${subpath}` : ''}`;

/**
 * Why the policy refuses an import of `specifier` (or why it names no package), naming the
 * setting that would allow it; undefined when it may be imported.
 */
export function importRefusal(specifier: string, policy: PackagePolicy): string | undefined {
  const parsed = parsePackageSpecifier(specifier);
  if (typeof parsed === 'string') return parsed;
  if (!policy.enabled) {
    return `cannot import '${specifier}': packages are off (the packages setting is false; turn it on with ${howToSet('packages', 'true')})`;
  }
  if (!packageAllowed(parsed.name, policy.allow)) {
    return `cannot import '${specifier}': ${parsed.name} is not in allowPackages (${policy.allow.join(', ')}); allow it with ${howToSet('allowPackages', parsed.name)}`;
  }
  return undefined;
}

/** Loads a run's imports: over the pins of its parent's journal chain, and its own. */
export class PackageLoader {
  private readonly context: PackageContext;
  private readonly session: string;
  private readonly parent: string;
  /** The parent's pins and this run's new ones, read at the first import that needs them. */
  private lock: PackageLock | undefined;

  constructor(context: PackageContext, session: string, parent: string) {
    this.context = context;
    this.session = session;
    this.parent = parent;
  }

  /** Pins what `imported` loaded for the run's later imports. */
  async pin(imported: PackageImport): Promise<void> {
    this.lock = lockWith(await this.pins(), [[imported]]);
  }

  /** A package the policy allows (importRefusal): its pinned version, else resolved and built. */
  async load(
    specifier: string,
    signal: AbortSignal,
  ): Promise<{ loaded: LoadedPackage; source: string; from: 'cache' | 'built' }> {
    const parsed = parsePackageSpecifier(specifier);
    if (typeof parsed === 'string') throw new PackageError(parsed);
    const access = registryAccess(this.context, signal);
    const pinned = pinnedVersion(await this.pins(), parsed);
    const entry = parsed.subpath ?? '.';
    const stored = pinned?.bundles[entry];
    if (pinned && stored) {
      const { bundles: _bundles, ...tarball } = pinned;
      const loaded: LoadedPackage = {
        ...tarball,
        ...(parsed.subpath && { subpath: parsed.subpath }),
        bundle: stored.hash,
        bundleBytes: stored.bytes,
      };
      return { loaded, source: await bundleSource(loaded, this.context, access), from: 'cache' };
    }
    const built = pinned
      ? await buildPinned(pinned, parsed.subpath, this.context, access)
      : await resolveAndBuild(parsed, this.context, access);
    return { ...built, from: 'built' };
  }

  /**
   * The pins of the run's parent, from the journal chain that leads to it (never the lockfile, a
   * copy anyone can edit), and this run's.
   */
  private async pins(): Promise<PackageLock> {
    this.lock ??= await pinsAt(this.context.layout, this.session, this.parent);
    return this.lock;
  }
}

const registryAccess = (context: PackageContext, signal: AbortSignal): RegistryAccess => ({
  registry: context.policy.registry,
  ...(context.policy.token !== undefined && { token: context.policy.token }),
  fetch: context.fetch,
  signal,
  limits: context.limits,
});

/** The highest pinned version of the package that the specifier's range accepts (any, bare). */
function pinnedVersion(lock: PackageLock, wanted: PackageSpecifier): LockedPackage | undefined {
  const range = wanted.range;
  const accepts = (version: string) =>
    range === undefined || (semver.validRange(range) !== null && semver.satisfies(version, range));
  return Object.values(lock.packages)
    .filter((locked) => locked.name === wanted.name && accepts(locked.version))
    .sort((a, b) => semver.rcompare(a.version, b.version))[0];
}

/** A new package: its version and tree from the registry, every tarball checked and stored. */
async function resolveAndBuild(
  wanted: PackageSpecifier,
  context: PackageContext,
  access: RegistryAccess,
): Promise<{ loaded: LoadedPackage; source: string }> {
  // What the import downloads (packuments side by side, then tarballs) together gets what its
  // tree may unpack to.
  let downloadLeft = context.limits.packageTarballBytes * UNPACKED_FACTOR;
  const counted: RegistryAccess = {
    ...access,
    received: (bytes, label) => {
      downloadLeft -= bytes;
      if (downloadLeft < 0) throw limitBroken.unpackedSize(context.limits, wanted.name, label);
    },
  };
  const packuments = new Map<string, Promise<Packument>>();
  const packument = (name: string) => {
    let known = packuments.get(name);
    if (!known) {
      known = fetchPackument(counted, name);
      packuments.set(name, known);
    }
    return known;
  };
  const root = pickVersion(await packument(wanted.name), wanted.range);
  if (!root) {
    const latest = (await packument(wanted.name))['dist-tags']?.latest;
    throw new PackageError(
      `no version of '${wanted.name}' matches "${wanted.range}"${latest ? ` (latest is ${latest})` : ''}`,
    );
  }
  const tree = await resolveTree(root, packument);
  const tarballs = await Promise.all(
    tree.map(async ({ path, manifest }) => {
      const integrity = integrityOf(manifest);
      const bytes = await fetchTarball(counted, manifest, integrity);
      const tarball = blobHash(bytes);
      await putBlob(context.layout, tarball, bytes);
      const pin: PinnedTarball = {
        name: manifest.name,
        version: manifest.version,
        integrity,
        tarball,
        bytes: bytes.byteLength,
      };
      return { path, pin, bytes };
    }),
  );
  const [first, ...rest] = tarballs;
  if (!first) throw new PackageError(`'${wanted.name}' resolved to nothing`);
  const dependencies = rest.map(({ path, pin }) => ({ ...pin, path }));
  const downloaded = new Map(tarballs.map(({ pin, bytes }) => [pin.tarball, bytes]));
  return build(
    { ...first.pin, dependencies },
    wanted.subpath,
    context,
    access.signal,
    async (pin) => {
      const bytes = downloaded.get(pin.tarball);
      if (!bytes) throw new Error(`${pin.name}@${pin.version} was not downloaded`);
      return bytes;
    },
  );
}

/** A new entry (a subpath) of a pinned version, over the tree it was pinned with. */
function buildPinned(
  pinned: LockedPackage,
  subpath: string | undefined,
  context: PackageContext,
  access: RegistryAccess,
): Promise<{ loaded: LoadedPackage; source: string }> {
  const { bundles: _bundles, ...tarball } = pinned;
  return build(tarball, subpath, context, access.signal, (pin) =>
    storedTarball(pin, context, access),
  );
}

/** Bundles one entry of a tree and stores the bundle. */
async function build(
  pinned: Omit<LoadedPackage, 'bundle' | 'bundleBytes' | 'subpath'>,
  subpath: string | undefined,
  context: PackageContext,
  signal: AbortSignal,
  tarballOf: (pin: PinnedTarball) => Promise<Buffer>,
): Promise<{ loaded: LoadedPackage; source: string }> {
  const label = labelOf({ ...pinned, subpath });
  const bundle = await bundleTree(pinned, subpath, label, context, signal, tarballOf);
  const hash = blobHash(bundle);
  await putBlob(context.layout, hash, bundle);
  const loaded: LoadedPackage = {
    ...pinned,
    ...(subpath && { subpath }),
    bundle: hash,
    bundleBytes: bundle.byteLength,
  };
  return { loaded, source: bundle.toString('utf8') };
}

async function bundleTree(
  pinned: Omit<LoadedPackage, 'bundle' | 'bundleBytes' | 'subpath'>,
  subpath: string | undefined,
  label: string,
  context: PackageContext,
  signal: AbortSignal,
  tarballOf: (pin: PinnedTarball) => Promise<Buffer>,
): Promise<Buffer> {
  const members = [{ ...pinned, path: `node_modules/${pinned.name}` }, ...pinned.dependencies];
  const tree = await Promise.all(
    members.map(async (member) => ({
      path: member.path,
      label: `${member.name}@${member.version}`,
      bytes: await tarballOf(member),
    })),
  );
  return buildBundle(
    context.buildDir,
    tree,
    subpath ? `${pinned.name}/${subpath}` : pinned.name,
    label,
    context.limits,
    signal,
  );
}

/**
 * A pinned tarball from the store; one the store lost is downloaded again by its pinned version
 * and accepted only if it matches the pinned integrity (and so the recorded bytes).
 */
async function storedTarball(
  pin: PinnedTarball,
  context: PackageContext,
  access: RegistryAccess,
): Promise<Buffer> {
  const stored = await readBlob(context.layout, pin.tarball).catch(() => undefined);
  if (stored) return stored;
  const label = `${pin.name}@${pin.version}`;
  const manifest = manifestOf(await fetchPackument(access, pin.name), pin.version);
  if (!manifest) {
    throw new PackageError(
      `${label} was lost from the package cache and the registry no longer has it`,
    );
  }
  const bytes = await fetchTarball(access, manifest, pin.integrity);
  if (blobHash(bytes) !== pin.tarball) {
    throw new PackageError(`the tarball of ${label} downloaded again differs from the pinned one`);
  }
  await putBlob(context.layout, pin.tarball, bytes);
  return bytes;
}

/**
 * The source of a recorded bundle: from the store, or built again from its pinned tarballs when
 * the store lost it, and then only if it comes out byte for byte the same.
 */
async function bundleSource(
  loaded: LoadedPackage,
  context: PackageContext,
  access: RegistryAccess,
): Promise<string> {
  const stored = await readBlob(context.layout, loaded.bundle).catch(() => undefined);
  if (stored) return stored.toString('utf8');
  const { bundle, bundleBytes: _bytes, subpath, ...pinned } = loaded;
  const label = labelOf(loaded);
  const rebuilt = await bundleTree(pinned, subpath, label, context, access.signal, (pin) =>
    storedTarball(pin, context, access),
  );
  if (blobHash(rebuilt) !== bundle) {
    throw new PackageError(
      `the bundle of ${label} was lost from the package cache, and building it again from its pinned tarballs gave other bytes (another esbuild version?)`,
    );
  }
  await putBlob(context.layout, bundle, rebuilt);
  return rebuilt.toString('utf8');
}

/** Where replay gets a recorded bundle's source: the store, and what it lost built again. */
export const replaySource =
  (context: PackageContext, signal: AbortSignal) => (loaded: LoadedPackage) =>
    bundleSource(loaded, context, registryAccess(context, signal));
