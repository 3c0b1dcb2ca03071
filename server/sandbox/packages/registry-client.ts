// The npm registry protocol, as far as installing needs it: a package's packument (its versions
// and their manifests) and a version's tarball, checked against the registry's integrity. The
// token goes to the registry's own host only, as npm sends it.
import ssri from 'ssri';
import type { RunLimits } from '../protocol.ts';
import { limitBroken } from '../run-errors.ts';
import { PackageError } from './package-error.ts';

/** A version's manifest as the registry lists it (the fields installing reads). */
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
  'dist-tags'?: Record<string, string>;
  versions: Record<string, PackumentVersion>;
}

/** Where packages come from, for one run. */
export interface RegistryAccess {
  /** Ends in `/`. */
  registry: string;
  token?: string;
  /** The run's deadline and its cancel. */
  signal: AbortSignal;
  limits: Pick<RunLimits, 'packageTarballBytes'>;
}

/** `@scope/name` is one path segment to the registry. */
const packumentUrl = (registry: string, name: string) =>
  `${registry}${name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : name}`;

function headers(access: RegistryAccess, url: string, accept: string): Record<string, string> {
  const sameHost = new URL(url).host === new URL(access.registry).host;
  return {
    accept,
    ...(access.token !== undefined && sameHost && { authorization: `Bearer ${access.token}` }),
  };
}

async function get(access: RegistryAccess, url: string, accept: string): Promise<Response> {
  try {
    return await fetch(url, {
      headers: headers(access, url, accept),
      signal: access.signal,
      redirect: 'follow',
    });
  } catch (error) {
    if (access.signal.aborted) throw access.signal.reason;
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new PackageError(`could not reach the npm registry at ${access.registry}: ${cause}`);
  }
}

/** Every version of `name`; a package the registry does not have is a PackageError. */
export async function fetchPackument(access: RegistryAccess, name: string): Promise<Packument> {
  const url = packumentUrl(access.registry, name);
  // The abbreviated packument npm itself asks for: a fraction of the full one's size.
  const response = await get(
    access,
    url,
    'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8',
  );
  if (response.status === 404) {
    await response.body?.cancel();
    throw new PackageError(
      `the package '${name}' is not in the npm registry at ${access.registry}`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new PackageError(
      `the npm registry at ${access.registry} refused '${name}' (${response.status}): ${access.token === undefined ? 'it may need npmToken' : 'check npmToken'}`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new PackageError(
      `the npm registry at ${access.registry} answered ${response.status} for '${name}'`,
    );
  }
  let packument: Packument;
  try {
    packument = (await response.json()) as Packument;
  } catch {
    if (access.signal.aborted) throw access.signal.reason;
    throw new PackageError(`the npm registry sent '${name}' as something other than JSON`);
  }
  if (
    typeof packument !== 'object' ||
    packument === null ||
    typeof packument.versions !== 'object'
  ) {
    throw new PackageError(`the npm registry's answer for '${name}' lists no versions`);
  }
  return packument;
}

/** The integrity npm checks a version's tarball against: `dist.integrity`, else its sha1. */
export function integrityOf(manifest: PackumentVersion): string {
  const { integrity, shasum } = manifest.dist ?? {};
  if (integrity) return integrity;
  if (shasum && /^[0-9a-f]{40}$/i.test(shasum))
    return `sha1-${Buffer.from(shasum, 'hex').toString('base64')}`;
  throw new PackageError(
    `${manifest.name}@${manifest.version} has no integrity in the registry: refused`,
  );
}

/**
 * The tarball of a version, its bytes checked against `integrity` (the registry's, or the one a
 * lockfile pinned): bytes that do not match are refused. One over packageTarballBytes ends the run.
 */
export async function fetchTarball(
  access: RegistryAccess,
  manifest: PackumentVersion,
  integrity: string,
): Promise<Buffer> {
  const label = `${manifest.name}@${manifest.version}`;
  const url = manifest.dist?.tarball;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    throw new PackageError(`${label} has no tarball address in the registry`);
  }
  const response = await get(access, url, 'application/octet-stream');
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new PackageError(`the tarball of ${label} could not be downloaded (${response.status})`);
  }
  const limit = access.limits.packageTarballBytes;
  const tooLarge = () => limitBroken.tarballSize(access.limits, label);
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > limit) throw tooLarge();
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    if (access.signal.aborted) throw access.signal.reason;
    throw error;
  }
  const bytes = Buffer.concat(chunks);
  if (!ssri.checkData(bytes, integrity)) {
    throw new PackageError(
      `the tarball of ${label} does not match its integrity ${integrity}: refused`,
    );
  }
  return bytes;
}
