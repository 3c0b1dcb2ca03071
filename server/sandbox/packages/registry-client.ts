// The npm registry protocol, as far as installing needs it: a package's packument (its versions
// and their manifests, checked as they enter: packument.ts) and a version's tarball, checked
// against the registry's integrity. The token goes to the registry's own origin only, as npm
// sends it; every connection goes through the run's outbound fetch, so no packument, tarball or
// redirect reaches the server itself.
import ssri from 'ssri';

import { type OutboundFetch, ownServerRefusal } from '../net/outbound-fetch.ts';
import { readCapped } from '../net/read-capped.ts';
import { withoutSecrets } from '../net/without-secrets.ts';
import type { RunLimits } from '../protocol.ts';
import { limitBroken, RunError } from '../run-errors.ts';
import { PackageError } from './package-error.ts';
import { checkPackument, type Packument, type PackumentVersion } from './packument.ts';

/** Where packages come from, for one run. */
export interface RegistryAccess {
  /** Ends in `/`. */
  registry: string;
  token?: string;
  fetch: OutboundFetch;
  /** The run's deadline and its cancel. */
  signal: AbortSignal;
  limits: Pick<RunLimits, 'packageTarballBytes'>;
  /** Counts `bytes` more of a download (`label`) against the import: throws past its limit. */
  received?: (bytes: number, label: string) => void;
}

/** `@scope/name` is one path segment to the registry. */
const packumentUrl = (registry: string, name: string) =>
  `${registry}${name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : name}`;

/**
 * The request's headers; the token only for the registry's own origin. A token no header can
 * carry (the settings refuse one) fails with a message that does not describe it.
 */
function headers(access: RegistryAccess, url: string, accept: string): Headers {
  const sameOrigin = new URL(url).origin === new URL(access.registry).origin;
  const headers = new Headers({ accept });
  if (access.token === undefined || !sameOrigin) return headers;
  try {
    headers.set('authorization', `Bearer ${access.token}`);
  } catch {
    throw new PackageError('npmToken is not a valid header value: fix it in the settings');
  }
  return headers;
}

/** `url` fetched: `what` says what it is in an error (`the npm registry at …`, `the tarball of …`). */
async function get(
  access: RegistryAccess,
  url: string,
  accept: string,
  what: string,
): Promise<Response> {
  const sent = headers(access, url, accept);
  try {
    return await access.fetch(url, { headers: sent, signal: access.signal, redirect: 'follow' });
  } catch (error) {
    if (access.signal.aborted) throw access.signal.reason;
    const own = ownServerRefusal(error);
    if (own) {
      throw new PackageError(`${what} is refused: ${own.message}, which code it runs may not call`);
    }
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new PackageError(`could not reach ${what}: ${withoutSecrets(cause, [access.token])}`);
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
    `the npm registry at ${access.registry}`,
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
  // A packument is no larger than a tarball may be (the largest real ones are a few MiB).
  const text = (
    await readBody(
      access,
      response,
      `the packument of ${name}`,
      () => limitBroken.tarballSize(access.limits, `the packument of ${name}`),
      access.received && ((count) => access.received?.(count, `the packument of ${name}`)),
    )
  ).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new PackageError(`the npm registry sent '${name}' as something other than JSON`);
  }
  return checkPackument(name, raw);
}

/**
 * A response's body, up to packageTarballBytes (`tooLarge` past it, which ends the run); each
 * chunk counted with `received` as it arrives. A connection that fails midway is a PackageError.
 */
async function readBody(
  access: RegistryAccess,
  response: Response,
  label: string,
  tooLarge: () => RunError,
  received?: (bytes: number) => void,
): Promise<Buffer> {
  try {
    return await readCapped(response, access.limits.packageTarballBytes, tooLarge, received);
  } catch (error) {
    if (access.signal.aborted) throw access.signal.reason;
    if (error instanceof RunError) throw error;
    throw new PackageError(
      `${label} could not be downloaded: ${withoutSecrets((error as Error).message, [access.token])}`,
    );
  }
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
  let url: URL;
  try {
    url = new URL(manifest.dist.tarball);
  } catch {
    throw new PackageError(`${label} has no valid tarball address in the registry`);
  }
  // Redirects are followed over http and https only (the fetch standard).
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PackageError(
      `the tarball of ${label} is at a ${url.protocol} URL: only http and https are fetched`,
    );
  }
  const response = await get(
    access,
    url.href,
    'application/octet-stream',
    `the tarball of ${label} at ${url.host}`,
  );
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new PackageError(`the tarball of ${label} could not be downloaded (${response.status})`);
  }
  const bytes = await readBody(
    access,
    response,
    `the tarball of ${label}`,
    () => limitBroken.tarballSize(access.limits, label),
    access.received && ((count) => access.received?.(count, label)),
  );
  if (!ssri.checkData(bytes, integrity)) {
    throw new PackageError(
      `the tarball of ${label} does not match its integrity ${integrity}: refused`,
    );
  }
  return bytes;
}
