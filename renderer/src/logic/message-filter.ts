import type { ConnectionInfo } from '../../../contract/connections.ts';
import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { formatTime } from './format.ts';
import { upstreamBadge } from './message-columns.ts';
import type { SeenConnection } from './message-index.ts';

export interface MessageFilter {
  connection: string;
  direction: '' | 'in' | 'out';
  method: string;
  errorsOnly: boolean;
  text: string;
}

export const NO_FILTER: MessageFilter = {
  connection: '',
  direction: '',
  method: '',
  errorsOnly: false,
  text: '',
};

/** The messages a filter lets through, in order; text search looks inside the bodies too. */
export function filterMessages(messages: LoggedMessage[], filter: MessageFilter): LoggedMessage[] {
  const passes = matcher(filter);
  return passes ? messages.filter(passes) : messages;
}

/**
 * The selection once the filter is `filter`: a message the filter hides is no longer selected, so
 * the detail never shows a message the list does not.
 */
export function selectionUnder(
  selected: LoggedMessage | undefined,
  filter: MessageFilter,
): LoggedMessage | undefined {
  const passes = matcher(filter);
  return selected && (!passes || passes(selected)) ? selected : undefined;
}

/** Whether a message passes the filter, or undefined when the filter lets everything through. */
function matcher(filter: MessageFilter): ((message: LoggedMessage) => boolean) | undefined {
  const method = filter.method.trim().toLowerCase();
  const text = filter.text.trim().toLowerCase();
  if (!filter.connection && !filter.direction && !method && !filter.errorsOnly && !text) {
    return undefined;
  }
  return (message) =>
    (!filter.connection || message.connection === filter.connection) &&
    (!filter.direction || message.direction === filter.direction) &&
    (!method || (message.method ?? '').toLowerCase().includes(method)) &&
    (!filter.errorsOnly || message.isError === true) &&
    (!text || searchText(message).includes(text));
}

const searchCache = new WeakMap<LoggedMessage, string>();

function searchText(message: LoggedMessage): string {
  let text = searchCache.get(message);
  if (text === undefined) {
    text =
      `${message.method ?? ''} ${String(message.id ?? '')} ${JSON.stringify(message.body)}`.toLowerCase();
    searchCache.set(message, text);
  }
  return text;
}

/** A connection the filter offers: the open ones first, then those closed, newest first. */
export interface ConnectionChoice {
  id: string;
  label: string;
}

/**
 * What the connection filter offers: the clients' connections (the open ones, then the closed
 * ones that still have messages in the log, named by client, transport (and era when modern) and
 * start time), and apart, the user's other MCP servers whose traffic the log holds, each by the
 * badge its messages carry. Picking one filters to its connection, `upstream:NAME`.
 */
export function connectionChoices(
  open: readonly ConnectionInfo[],
  seen: readonly SeenConnection[],
  now = new Date(),
): { clients: ConnectionChoice[]; upstreams: ConnectionChoice[] } {
  const upstreams = seen
    .flatMap(({ id, upstream, transport }) =>
      upstream === undefined ? [] : [{ id, label: `${upstreamBadge(upstream)} (${transport})` }],
    )
    .sort((a, b) => a.label.localeCompare(b.label));
  return { clients: clientChoices(open, seen, now), upstreams };
}

function clientChoices(
  open: readonly ConnectionInfo[],
  seen: readonly SeenConnection[],
  now: Date,
): ConnectionChoice[] {
  const openIds = new Set(open.map((connection) => connection.id));
  const closed = seen
    .filter((connection) => !openIds.has(connection.id) && connection.upstream === undefined)
    .reverse();
  return [
    ...open.map((c) => ({ id: c.id, label: `${c.client?.name ?? c.id} (${kindOf(c)})` })),
    ...closed.map((c) => ({
      id: c.id,
      label: `${c.client?.name ?? c.id} (${kindOf(c)}, ${formatTime(c.firstAt, now)}, closed)`,
    })),
  ];
}

/**
 * A connection's transport, and "2026" for a modern one: a 2026 client over HTTP is a client seen,
 * not a connection, and its id says nothing. A 2025 one reads as connections always have.
 */
const kindOf = ({ transport, era }: Pick<ConnectionInfo, 'transport' | 'era'>) =>
  era === 'modern' ? `${transport}, 2026` : transport;

/** The messages as JSON lines, for export. */
export function toJsonLines(messages: LoggedMessage[]): string {
  return messages.map((message) => `${JSON.stringify(message)}\n`).join('');
}
