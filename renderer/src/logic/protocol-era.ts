import type { ConnectionInfo, ProtocolEra } from '../../../contract/connections.ts';
import { clientName, STATE_MEANING } from './connection-lists.ts';

/** The revision each era names when a connection did not say which one it speaks. */
const ERA_REVISION: Record<ProtocolEra, string> = { legacy: '2025-11-25', modern: '2026-07-28' };

/** An era as the window tells it: a short label, and what it means for a tooltip. */
export interface EraText {
  label: string;
  meaning?: string;
}

/**
 * A modern client over Streamable HTTP has no connection: its entry is the client as its requests
 * show it (by name, version and address), with no session and no stream of its own.
 */
export const isClientSeen = (connection: Pick<ConnectionInfo, 'era' | 'transport'>) =>
  connection.era === 'modern' && connection.transport === 'streamable-http';

/**
 * How an entry speaks, in human words: "MCP 2025-11-25 session" for a 2025 connection,
 * "MCP 2026-07-28 · no connection (requests)" for a 2026 client over HTTP. An entry whose era is
 * not known yet names its revision, or nothing.
 */
export function eraText(connection: ConnectionInfo): EraText | undefined {
  const { era, protocolVersion } = connection;
  if (!era) return protocolVersion ? { label: `MCP ${protocolVersion}` } : undefined;
  const revision = `MCP ${protocolVersion ?? ERA_REVISION[era]}`;
  if (era === 'legacy') {
    return {
      label: `${revision} session`,
      meaning:
        'A 2025 client: it began with initialize and keeps its session; runs that name no session go to the session it made.',
    };
  }
  if (isClientSeen(connection)) {
    return {
      label: `${revision} · no connection (requests)`,
      meaning:
        'A 2026 client over HTTP has no connection or session: each request stands alone and carries its client. This is the client as its requests show it; it is forgotten after the idle timeout.',
    };
  }
  return {
    label: `${revision} · no session`,
    meaning:
      'A 2026 client: its process is the connection, but it has no session; a run that names none starts a new session, whose name the model passes back.',
  };
}

/** What each state means for an entry, for a tooltip: a client seen has no stream to be open. */
export function stateMeaning(connection: ConnectionInfo): string {
  if (!isClientSeen(connection)) return STATE_MEANING[connection.state];
  return connection.state === 'streaming'
    ? 'One of its requests is being answered.'
    : connection.state === 'idle'
      ? 'None of its requests is being answered; it is forgotten after the idle timeout without one.'
      : STATE_MEANING.closed;
}

/** The Disconnect button of an entry: its text, accessible name and what it does. */
export interface EndAction {
  text: string;
  label: string;
  meaning: string;
}

/**
 * Disconnecting a 2025 connection closes it; a 2026 client over HTTP has nothing to close, so
 * the window forgets it, ending its requests in flight, and its next request makes a new entry.
 */
export function endAction(connection: ConnectionInfo): EndAction {
  const name = clientName(connection);
  if (isClientSeen(connection)) {
    return {
      text: 'Forget',
      label: `Forget ${name}: end its requests in flight`,
      meaning:
        'Ends its requests in flight (each gets an error) and forgets the client; its next request makes a new entry.',
    };
  }
  return {
    text: 'Disconnect',
    label: `Disconnect ${name} (${connection.transport})`,
    meaning: 'Ends the connection: its requests in flight get an error.',
  };
}

/** A logged message's era as a compact badge and in words; a message without one shows none. */
export const MESSAGE_ERA: Record<ProtocolEra, { badge: string; words: string }> = {
  legacy: { badge: '2025', words: 'MCP 2025-11-25 era (initialize, then a session)' },
  modern: { badge: '2026', words: 'MCP 2026-07-28 era (each request stands alone)' },
};
