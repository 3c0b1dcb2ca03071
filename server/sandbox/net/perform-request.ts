// One request of a guest's fetch, made by the host under the run's policy: every hop of a
// redirect is checked against allowNet, secret headers are added per hop for the hosts they are
// for (never shown to the guest, nor in any error it reads), a body longer than the limit ends
// the run, and the connection never goes to the server itself (outbound-fetch.ts).
import { netPatternMatches } from '../../../contract/net-policy.ts';
import { howToSet } from '../../../contract/settings-registry.ts';
import type { NetPolicy, RunLimits } from '../protocol.ts';
import { limitBroken, RunError } from '../run-errors.ts';
import { type OutboundFetch, ownServerRefusal } from './outbound-fetch.ts';
import { readCapped } from './read-capped.ts';
import { withoutSecrets } from './without-secrets.ts';

/** A request as the guest's fetch sends it to the host (a fetch effect's request). */
export interface GuestRequest {
  method: string;
  url: string;
  headers: [string, string][];
  /** The body's bytes in base64. */
  body: string | null;
  redirect: 'follow' | 'manual' | 'error';
}

/** What the guest's fetch gets: the last hop's response, or the error it rejects with. */
export type Performed =
  | {
      response: {
        url: string;
        status: number;
        statusText: string;
        headers: [string, string][];
        redirects: { url: string; status: number }[];
        body: Buffer;
      };
    }
  | { error: { message: string; refused?: boolean } };

/** As browsers and Node follow them. */
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** What a request loses when a redirect turns it into a GET without a body (the fetch spec). */
const BODY_HEADERS = new Set([
  'content-encoding',
  'content-language',
  'content-location',
  'content-type',
  'content-length',
]);

const failed = (message: string): Performed => ({ error: { message: `fetch failed: ${message}` } });

/** Why `url` may not be fetched, naming the host and the setting; undefined when it may. */
export function refusalOf(url: URL, { allowNet }: Pick<NetPolicy, 'allowNet'>): string | undefined {
  if (allowNet.some((pattern) => netPatternMatches(pattern, url))) return undefined;
  const how = howToSet('allowNet', url.host);
  return allowNet.length === 0
    ? `fetch to ${url.host} refused: network access is off (allow the host with ${how})`
    : `fetch to ${url.host} refused: ${url.host} is not in allowNet (${allowNet.join(', ')}); allow it with ${how}`;
}

/** What performing a run's requests needs besides the request. */
export interface RequestContext {
  policy: NetPolicy;
  limits: Pick<RunLimits, 'netResponseBytes'>;
  fetch: OutboundFetch;
  /** The run's deadline and its cancel. */
  signal: AbortSignal;
  /** Counts `bytes` more of a body from `url` against the run: throws past its limit. */
  received: (bytes: number, url: string) => void;
}

/**
 * Performs `request` (its body already decoded) and follows its redirects itself. Aborting the
 * signal (the run's deadline or its cancel) throws; a body over netResponseBytes, or the run's
 * bodies over netTotalBytes, throws the limit's run error; everything else the network does is
 * the guest's to see.
 */
export async function performRequest(
  request: GuestRequest,
  body: Buffer | undefined,
  context: RequestContext,
): Promise<Performed> {
  const { policy, signal } = context;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return failed(`${request.url} is not a valid URL`);
  }
  let method = request.method;
  let sent = body;
  let headers = request.headers;
  const redirects: { url: string; status: number }[] = [];
  for (;;) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return failed(`${url.protocol} URLs are not supported: the sandbox fetches http and https`);
    }
    const refusal = refusalOf(url, policy);
    if (refusal) return { error: { message: refusal, refused: true } };
    let outgoing: Headers;
    try {
      outgoing = new Headers(headers);
    } catch (error) {
      return failed(describe(error));
    }
    const secrets = policy.netHeaders.filter((secret) => netPatternMatches(secret.pattern, url));
    for (const secret of secrets) {
      try {
        outgoing.set(secret.name, secret.value);
      } catch {
        // The settings refuse such a value; the error would describe its characters.
        return failed(
          `the secret header ${secret.name} for ${secret.pattern} is not a valid header value: fix it in the netHeaders setting`,
        );
      }
    }
    let response: Response;
    try {
      response = await context.fetch(url, {
        method,
        headers: outgoing,
        ...(sent && { body: sent }),
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const own = ownServerRefusal(error);
      if (own) {
        return {
          error: {
            message: `fetch to ${url.host} refused: ${own.message}, which code it runs may not call`,
            refused: true,
          },
        };
      }
      return failed(
        withoutSecrets(
          describe(error),
          secrets.map(({ value }) => value),
        ),
      );
    }
    const location = response.headers.get('location');
    if (
      REDIRECT_STATUSES.has(response.status) &&
      location !== null &&
      request.redirect !== 'manual'
    ) {
      await response.body?.cancel();
      if (request.redirect === 'error') {
        return failed(`${url.href} redirected, and the request's redirect mode is "error"`);
      }
      if (redirects.length >= MAX_REDIRECTS) return failed('redirect count exceeded');
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return failed(`${url.href} redirected to an invalid URL`);
      }
      redirects.push({ url: url.href, status: response.status });
      const toGet =
        (response.status === 303 && method !== 'GET' && method !== 'HEAD') ||
        ((response.status === 301 || response.status === 302) && method === 'POST');
      if (toGet) {
        method = 'GET';
        sent = undefined;
        headers = headers.filter(([name]) => !BODY_HEADERS.has(name));
      }
      // The guest's own credentials do not follow it to another origin (the fetch spec).
      if (next.origin !== url.origin)
        headers = headers.filter(([name]) => name !== 'authorization');
      url = next;
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(response, url, context);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof RunError) throw error;
      return failed(
        withoutSecrets(
          describe(error),
          secrets.map(({ value }) => value),
        ),
      );
    }
    return {
      response: {
        url: url.href,
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers],
        redirects,
        body: bytes,
      },
    };
  }
}

/** The body, up to netResponseBytes, each chunk counted against the run as it arrives. */
const readBody = (
  response: Response,
  url: URL,
  { limits, received }: Pick<RequestContext, 'limits' | 'received'>,
): Promise<Buffer> =>
  readCapped(
    response,
    limits.netResponseBytes,
    () => limitBroken.responseSize(limits, url.href),
    (bytes) => received(bytes, url.href),
  );

/** A network error's own words (Node's fetch says "fetch failed" and puts the cause beside it). */
function describe(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const message = cause instanceof Error ? cause.message : (error as Error)?.message;
  return message || String(error);
}
