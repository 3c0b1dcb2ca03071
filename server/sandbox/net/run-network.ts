// A run's network, both ways: live, the requests a step hands the host are performed under the
// policy and recorded (bodies by hash) for the journal entry; in replay, the recorded answers are
// read back from the blob store and handed to the guest as data, never fetched again.

import { blobHash } from '../../store/blob-store.ts';
import type { NetBatches, NetExchange } from '../../store/net-record.ts';
import { OverrunError } from '../call-isolate.ts';
import type { GuestExchange, GuestRequest } from '../guest-calls.ts';
import type { NetPolicy, RequestSummary, RunLimits } from '../protocol.ts';
import { limitBroken, RunError } from '../run-errors.ts';
import type { OutboundFetch } from './outbound-fetch.ts';
import { performRequest, type RequestContext } from './perform-request.ts';

const REDIRECT_MODES: unknown[] = [
  'follow',
  'manual',
  'error',
] satisfies GuestRequest['redirect'][];

/** The requests of a step's answer ("?" and JSON from the guest runtime), checked. */
export function parseRequests(json: string): GuestRequest[] {
  const isPair = (pair: unknown) =>
    Array.isArray(pair) &&
    pair.length === 2 &&
    typeof pair[0] === 'string' &&
    typeof pair[1] === 'string';
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
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

/** The live network of one run: performs its requests and records what they received. */
export class RunNetwork {
  /** What the guest received, one batch per step that asked: the journal entry's `net`. */
  readonly batches: NetBatches = [];
  /** The bodies the batches name, by hash. */
  readonly blobs = new Map<string, Buffer>();
  /** Every request, for the GUI, whether the run commits or not. */
  readonly requests: RequestSummary[] = [];
  private readonly policy: NetPolicy;
  private readonly limits: NetLimits;
  private readonly cancel: AbortSignal;
  private readonly fetch: OutboundFetch;
  /** Body bytes received so far, by every request of the run: bounded by netTotalBytes. */
  private received = 0;

  constructor(policy: NetPolicy, limits: NetLimits, cancel: AbortSignal, fetch: OutboundFetch) {
    this.policy = policy;
    this.limits = limits;
    this.cancel = cancel;
    this.fetch = fetch;
  }

  /**
   * Performs one step's requests side by side and answers them in the order they were made.
   * The run's deadline covers the wait: past it, this throws an OverrunError.
   */
  async perform(json: string, deadline: number): Promise<GuestExchange[]> {
    const requests = parseRequests(json);
    const made = this.requests.length + requests.length;
    if (made > this.limits.netRequests) throw limitBroken.netRequests(this.limits);
    const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(deadline - performance.now())));
    // The first request that ends the run (a broken limit) stops the others: their bodies are
    // not held any longer.
    const stop = new AbortController();
    const context: RequestContext = {
      policy: this.policy,
      limits: this.limits,
      fetch: this.fetch,
      signal: AbortSignal.any([this.cancel, timeout, stop.signal]),
      received: (bytes, url) => {
        this.received += bytes;
        if (this.received > this.limits.netTotalBytes) throw limitBroken.netTotal(this.limits, url);
      },
    };
    const settled = await Promise.allSettled(
      requests.map((request) =>
        this.exchange(request, context).catch((error: unknown) => {
          stop.abort(error);
          throw error;
        }),
      ),
    );
    if (timeout.aborted && !this.cancel.aborted) throw new OverrunError();
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const done = settled.map((result) => (result as PromiseFulfilledResult<Exchanged>).value);
    this.batches.push(done.map(({ recorded }) => recorded));
    return done.map(({ guest }) => guest);
  }

  private async exchange(request: GuestRequest, context: RequestContext): Promise<Exchanged> {
    const started = performance.now();
    const body = request.body === null ? undefined : Buffer.from(request.body, 'base64');
    const summary: RequestSummary = { method: request.method, url: request.url, ms: 0 };
    this.requests.push(summary);
    let performed: Awaited<ReturnType<typeof performRequest>>;
    try {
      performed = await performRequest(request, body, context);
    } catch (error) {
      summary.ms = performance.now() - started;
      summary.error = error instanceof RunError ? error.message : 'not finished: the run ended';
      throw error;
    }
    const ms = performance.now() - started;
    const recordedRequest: NetExchange['request'] = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(body && { body: this.keep(body) }),
      redirect: request.redirect,
    };
    if ('error' in performed) {
      Object.assign(
        summary,
        { ms, error: performed.error.message },
        performed.error.refused && { refused: true },
      );
      return {
        recorded: { request: recordedRequest, error: performed.error, ms },
        guest: { request, response: null, error: { message: performed.error.message } },
      };
    }
    const { body: bytes, redirects, ...response } = performed.response;
    Object.assign(summary, {
      ms,
      status: response.status,
      bytes: bytes.byteLength,
      ...(redirects.length > 0 && { redirects: redirects.length }),
    });
    return {
      recorded: {
        request: recordedRequest,
        response: { ...response, redirects, body: this.keep(bytes), bytes: bytes.byteLength },
        ms,
      },
      guest: {
        request,
        response: { ...response, redirected: redirects.length > 0, body: bytes.toString('base64') },
        error: null,
      },
    };
  }

  private keep(bytes: Buffer): string {
    const hash = blobHash(bytes);
    this.blobs.set(hash, bytes);
    return hash;
  }
}

type NetLimits = Pick<RunLimits, 'netRequests' | 'netResponseBytes' | 'netTotalBytes'>;

interface Exchanged {
  recorded: NetExchange;
  guest: GuestExchange;
}

/**
 * A committed entry's batches as the guest receives them in replay, bodies read by hash
 * (`readBlob` checks each one). A missing or damaged body is an error, never a new request.
 */
export async function recordedReplies(
  net: NetBatches,
  readBlob: (hash: string) => Promise<Buffer>,
): Promise<GuestExchange[][]> {
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
            response: { ...fields, redirected: redirects.length > 0, body: await base64(bodyHash) },
            error: null,
          };
        }),
      ),
    ),
  );
}
