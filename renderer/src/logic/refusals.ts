import type { Refusal } from '../../../contract/refusals.ts';

/** Why a client could not connect and what to do, in plain words, from what the server logged. */
export function refusalAdvice(refusal: Refusal): string {
  const { status } = refusal;
  switch (refusal.cause) {
    case 'origin':
      return `${status}: Origin ${refusal.origin} is not allowed: add it to the allowed browser origins in Settings if you trust that page`;
    case 'host':
      return `${status}: the request named another host than this server's (a guard against DNS rebinding): connect to 127.0.0.1 or localhost`;
    case 'no-token':
      return `${status}: the client sent no bearer token: add the header Authorization: Bearer TOKEN (the token in Settings) to its configuration`;
    case 'wrong-token':
      return `${status}: the client's bearer token is wrong: copy the token from Settings into its configuration`;
    case 'unknown-session':
      return `${status}: the client's MCP session is unknown (it ended, the server restarted or stopped, or it was idle too long): reconnect the client`;
    case 'body-too-large':
      return `${status}: the request body was over the limit: raise Largest request body in Settings, or send less`;
    case 'stopped':
      return `${status}: the server is stopped: start it with Start server above`;
    case 'full':
      return `${status}: the server has as many connections as it allows: close unused clients or raise Most connections in Settings`;
    case 'transport-off':
      return `${status}: ${refusal.path?.startsWith('/mcp') ? 'Streamable HTTP' : 'SSE'} is turned off: turn it on under Transports in Settings`;
    case 'no-route':
      return `${status}: nothing is served at ${refusal.method} ${refusal.path}: MCP clients connect to /mcp (Streamable HTTP) or /sse (SSE)`;
    case 'bad-http':
      return `${status}: the request was not valid HTTP (${refusal.reason})`;
    case 'unsupported-version':
      return `${status}: the client asked for an MCP version this server does not speak (${refusal.reason}): update the client, or let it fall back to 2025-11-25`;
    case 'bad-mcp-request':
      return `${status}: the client's MCP 2026-07-28 request broke the protocol's rules (${refusal.reason}): its client may be out of date`;
  }
}

/** Refusals with the same advice, counted: a client retrying makes one line, not hundreds. */
export interface RefusalGroup {
  advice: string;
  count: number;
  /** The newest refusal of the group. */
  latest: Refusal;
}

/** The refusals grouped by their advice, the group refused most recently first. */
export function groupRefusals(refusals: readonly Refusal[]): RefusalGroup[] {
  const groups = new Map<string, RefusalGroup>();
  for (const refusal of refusals) {
    const advice = refusalAdvice(refusal);
    const group = groups.get(advice);
    if (group) {
      group.count++;
      group.latest = refusal;
    } else groups.set(advice, { advice, count: 1, latest: refusal });
  }
  return [...groups.values()].sort((a, b) => b.latest.seq - a.latest.seq);
}

/** The newest refusals the panel keeps. */
const KEPT = 200;

/** Refusals from the list and the event stream together, once each, oldest first. */
export function mergeRefusals(
  current: readonly Refusal[],
  incoming: readonly Refusal[],
): Refusal[] {
  const bySeq = new Map<number, Refusal>();
  for (const refusal of [...current, ...incoming]) bySeq.set(refusal.seq, refusal);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-KEPT);
}
