// The fetch effect's host side. Live, a step's requests are performed side by side under the
// run's policy (perform-request.ts) and recorded, bodies by hash, for the journal entry; in
// replay, the recorded answers are read back from the blob store and handed to the guest as
// data, never fetched again.

import type { NetBatches, NetExchange, RecordedResponse } from '../../store/net-record.ts';
import type { EffectHost, EffectRun, Performed, Performer } from '../effects/performer.ts';
import { limitBroken, RunError } from '../run-errors.ts';
import { type GuestRequest, performRequest, refusalOf } from './perform-request.ts';

/** The host's answer to one request, as the guest's fetch receives it. */
export interface GuestExchange {
  /** The request it answers: a replay's request must equal it. */
  request: GuestRequest;
  /** As recorded, but whether it was redirected, and the body itself (base64), not its hash. */
  response: (Omit<RecordedResponse, 'redirects' | 'bytes'> & { redirected: boolean }) | null;
  error: { message: string } | null;
}

const REDIRECT_MODES: unknown[] = [
  'follow',
  'manual',
  'error',
] satisfies GuestRequest['redirect'][];

/** The requests of a step, as the guest runtime sent them, checked. */
export function parseRequests(parsed: unknown): GuestRequest[] {
  const isPair = (pair: unknown) =>
    Array.isArray(pair) &&
    pair.length === 2 &&
    typeof pair[0] === 'string' &&
    typeof pair[1] === 'string';
  const valid =
    Array.isArray(parsed) &&
    parsed.every(
      (request: Partial<GuestRequest>) =>
        typeof request?.method === 'string' &&
        typeof request.url === 'string' &&
        Array.isArray(request.headers) &&
        request.headers.every(isPair) &&
        (request.body === null || typeof request.body === 'string') &&
        REDIRECT_MODES.includes(request.redirect),
    );
  if (!valid) throw new RunError('thrown', 'the run sent the host a malformed request');
  return parsed as GuestRequest[];
}

/** The request as the entry records it: as the guest made it (no secret), its body by hash. */
function recordedRequest(request: GuestRequest, run: EffectRun): NetExchange['request'] {
  const body = request.body === null ? undefined : Buffer.from(request.body, 'base64');
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(body && { body: run.keep(body) }),
    redirect: request.redirect,
  };
}

/** A request that got no response (a network error, or refused): the guest's fetch rejects. */
const failedExchange = (
  request: GuestRequest,
  error: { message: string; refused?: boolean },
  run: EffectRun,
): Performed<'fetch'> => ({
  record: { request: recordedRequest(request, run), error },
  answer: { request, response: null, error: { message: error.message } } satisfies GuestExchange,
  summary: { error: error.message, ...(error.refused && { refused: true }) },
});

/** The first hop's URL, when the request can be sent at all (else performing it says why not). */
function sendableUrl(request: GuestRequest): URL | undefined {
  try {
    const url = new URL(request.url);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export const fetchEffect: EffectHost<'fetch'> = {
  live: (context): Performer<'fetch', GuestRequest> => ({
    together: true,
    parse: parseRequests,
    summaryOf: ({ method, url }) => ({ method, url }),
    // The first hop; performRequest checks each redirect's against the same rule.
    refusal: (request) => {
      const url = sendableUrl(request);
      return url && refusalOf(url, context.request.net);
    },
    refused: (request, why, run) => failedExchange(request, { message: why, refused: true }, run),
    async perform(request, run) {
      const body = request.body === null ? undefined : Buffer.from(request.body, 'base64');
      const performed = await performRequest(request, body, {
        policy: context.request.net,
        limits: context.request.limits,
        fetch: context.fetch,
        signal: run.signal,
        received: run.received,
      });
      if ('error' in performed) return failedExchange(request, performed.error, run);
      const { body: bytes, redirects, ...response } = performed.response;
      return {
        record: {
          request: recordedRequest(request, run),
          response: { ...response, redirects, body: run.keep(bytes), bytes: bytes.byteLength },
        },
        answer: {
          request,
          response: {
            ...response,
            redirected: redirects.length > 0,
            body: bytes.toString('base64'),
          },
          error: null,
        } satisfies GuestExchange,
        summary: {
          status: response.status,
          bytes: bytes.byteLength,
          ...(redirects.length > 0 && { redirects: redirects.length }),
        },
      };
    },
    count: { of: (limits) => limits.netRequests, broken: limitBroken.netRequests },
    bytes: { of: (limits) => limits.netTotalBytes, broken: limitBroken.netTotal },
    timedOut: () => limitBroken.timeout(context.request.limits),
  }),
  /**
   * Bodies read by hash (`readBlob` checks each one). A missing or damaged body is an error,
   * never a new request.
   */
  replay: (net: NetBatches, { readBlob }) => {
    const base64 = async (hash: string) => (await readBlob(hash)).toString('base64');
    return Promise.all(
      net.map((batch) =>
        Promise.all(
          batch.map(async ({ request, response, error }): Promise<GuestExchange> => {
            const { body, ...rest } = request;
            const guestRequest = { ...rest, body: body === undefined ? null : await base64(body) };
            if (!response) {
              return {
                request: guestRequest,
                response: null,
                error: { message: error?.message ?? '' },
              };
            }
            const { redirects, bytes: _bytes, body: bodyHash, ...fields } = response;
            return {
              request: guestRequest,
              response: {
                ...fields,
                redirected: redirects.length > 0,
                body: await base64(bodyHash),
              },
              error: null,
            };
          }),
        ),
      ),
    );
  },
};
