import type { LoggedMessage } from '../../../contract/logged-message.ts';
import type { ContentColumn } from './content-columns.ts';
import { formatDuration, formatTime } from './format.ts';
import type { MessageIndex } from './message-index.ts';
import { MESSAGE_STATUSES } from './message-summary.ts';
import { MESSAGE_ERA } from './protocol-era.ts';

/** "→ request", "← response": a message's kind and which way it went. */
export const kindText = (message: Pick<LoggedMessage, 'direction' | 'kind'>) =>
  `${message.direction === 'in' ? '→' : '←'} ${message.kind}`;

/** A message's era as its row shows it: "2025", "2026", or nothing when the log did not say. */
export const eraBadge = (era: LoggedMessage['era']) => (era ? MESSAGE_ERA[era].badge : '');

/**
 * Whom a connection's messages are with: "upstream NAME" for one of the user's other MCP servers
 * (this server is its client), else the client by name, else the connection's id.
 */
export const clientText = ({
  client,
  connection,
  upstream,
}: Pick<LoggedMessage, 'client' | 'connection' | 'upstream'>) =>
  upstream !== undefined ? upstreamBadge(upstream) : (client?.name ?? connection);

/** The badge an upstream server's messages carry. */
export const upstreamBadge = (name: string) => `upstream ${name}`;

/**
 * Which way a message went, in words: between a client and this server, or between this server
 * and an upstream one (whose messages are `out` when this server sends them).
 */
export function directionText({
  direction,
  upstream,
}: Pick<LoggedMessage, 'direction' | 'upstream'>): string {
  if (upstream === undefined) return direction === 'in' ? 'client → server' : 'server → client';
  return direction === 'in' ? `${upstream} → this server` : `this server → ${upstream}`;
}

const KINDS = (['in', 'out'] as const).flatMap((direction) =>
  (['request', 'response', 'notification'] as const).map((kind) => kindText({ direction, kind })),
);

// The widest latency in each unit up to a minute; a longer one is rare enough to be cut.
const LATENCIES = [0.999, 9.9, 999, 59_900].map(formatDuration);

/**
 * The message table's columns and what each may hold: the values seen in the log (sessions,
 * clients, the oldest and newest time), else every value the column can show. The call takes the
 * room left, and the session and client give way before any other column when room runs short.
 */
export function messageColumns(
  shown: readonly LoggedMessage[],
  index: MessageIndex,
): ContentColumn[] {
  const ends = [shown[0], shown.at(-1)].filter((message) => message !== undefined);
  return [
    { heading: 'Time', texts: ends.map((message) => formatTime(message.time)) },
    { heading: 'Kind', texts: KINDS },
    { heading: 'Call', texts: [], flexible: { min: 80, wants: 200 } },
    { heading: 'Session', texts: index.sessions(), yields: true },
    { heading: 'Status', texts: MESSAGE_STATUSES },
    { heading: 'Latency', texts: LATENCIES },
    { heading: 'Era', texts: Object.values(MESSAGE_ERA).map((era) => era.badge) },
    {
      heading: 'Client',
      texts: index
        .connections()
        .map((seen) =>
          clientText({ client: seen.client, connection: seen.id, upstream: seen.upstream }),
        ),
      yields: true,
    },
  ];
}
