// One request of a guest's fetch, made by the host under the run's policy: every hop of a
// redirect is checked against allowNet, secret headers are added per hop for the hosts they are
// for (never shown to the guest), and a body longer than the limit ends the run.
import { netPatternMatches } from '../../../contract/net-policy.ts';
import type { GuestRequest } from '../guest-calls.ts';
import type { NetPolicy, RunLimits } from '../protocol.ts';
import { limitBroken, RunError } from '../run-errors.ts';

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

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0|\[::\])$/;

/** Why `url` may not be fetched, naming the host and the setting; undefined when it may. */
export function refusalOf(url: URL, { allowNet, ownPort }: NetPolicy): string | undefined {
  if (ownPort !== undefined && Number(url.port) === ownPort && LOOPBACK.test(url.hostname)) {
    return `fetch to ${url.host} refused: that is this MCP Isolate server, which code it runs may not call`;
  }
  if (allowNet.some((pattern) => netPatternMatches(pattern, url))) return undefined;
  const how = `--allow-net ${url.host}, MCP_ISOLATE_ALLOW_NET or allowNet in settings.json`;
  return allowNet.length === 0
    ? `fetch to ${url.host} refused: network access is off (allow the host with ${how})`
    : `fetch to ${url.host} refused: ${url.host} is not in allowNet (${allowNet.join(', ')}); allow it with ${how}`;
}

/**
 * Performs `request` (its body already decoded) and follows its redirects itself. Aborting
 * `signal` (the run's deadline or its cancel) throws; a body over netResponseBytes throws the
 * limit's run error; everything else the network does is the guest's to see.
 */
export async function performRequest(
  request: GuestRequest,
  body: Buffer | undefined,
  policy: NetPolicy,
  limits: Pick<RunLimits, 'netResponseBytes'>,
  signal: AbortSignal,
): Promise<Performed> {
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
    let response: Response;
    try {
      const outgoing = new Headers(headers);
      for (const secret of policy.netHeaders) {
        if (netPatternMatches(secret.pattern, url)) outgoing.set(secret.name, secret.value);
      }
      response = await fetch(url, {
        method,
        headers: outgoing,
        ...(sent && { body: sent }),
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      return failed(describe(error));
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
      bytes = await readBody(response, limits, url);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof RunError) throw error;
      return failed(describe(error));
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

/** The body, up to netResponseBytes: one byte more ends the run with the limit's error. */
async function readBody(
  response: Response,
  limits: Pick<RunLimits, 'netResponseBytes'>,
  url: URL,
): Promise<Buffer> {
  const tooLarge = () => limitBroken.responseSize(limits, url.href);
  if (Number(response.headers.get('content-length')) > limits.netResponseBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    // Leaving the loop cancels the stream.
    if (total > limits.netResponseBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** A network error's own words (Node's fetch says "fetch failed" and puts the cause beside it). */
function describe(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const message = cause instanceof Error ? cause.message : (error as Error)?.message;
  return message || String(error);
}
