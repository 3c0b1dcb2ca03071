// What a run received from the network, as its journal entry records it: replay serves exactly
// this to the guest and never asks the network again. Bodies are kept in the blob store
// (blob-store.ts) by their hash, so the heap id covers them.

/** A request as the guest made it: never the host's secret headers. */
export interface RecordedRequest {
  method: string;
  url: string;
  /** As the guest's Headers listed them: lower-case names, sorted. */
  headers: [string, string][];
  /** Hash of the body in the blob store; absent for a request without one. */
  body?: string;
  redirect: 'follow' | 'manual' | 'error';
}

/** The response the guest received: the last hop's, after the redirects the host followed. */
export interface RecordedResponse {
  url: string;
  status: number;
  statusText: string;
  headers: [string, string][];
  /** Each redirect followed on the way, in order. */
  redirects: { url: string; status: number }[];
  /** Hash of the body in the blob store. */
  body: string;
  bytes: number;
}

/** One fetch of a run: its request and the response or the network error it got. */
export interface NetExchange {
  request: RecordedRequest;
  response?: RecordedResponse;
  /** Why the fetch failed: a network error, or `refused` by the allowNet policy. */
  error?: { message: string; refused?: boolean };
  /** Wall-clock time the host spent on it (informative, not hashed). */
  ms: number;
}

/**
 * A run's fetches in the order the guest received them. The guest gets the answers to every
 * request it made between two host steps at once, in the order it made them: one batch each.
 */
export type NetBatches = NetExchange[][];

/** The fields of the batches that the heap id covers (everything but the times). */
export const hashedNet = (net: NetBatches) =>
  net.map((batch) => batch.map(({ ms: _ms, ...exchange }) => exchange));
