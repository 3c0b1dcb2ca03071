import type { ConnectionInfo } from '../../../contract/connections.ts';
import { plural } from './format.ts';

/** Closed connections the window keeps, as the server does. */
export const CLOSED_SHOWN = 200;

/** Who is on the other end, as the client said at initialize. */
export const clientName = (connection: ConnectionInfo) =>
  connection.client ? `${connection.client.name} ${connection.client.version}` : 'not initialized';

/** What each state means, for a tooltip. */
export const STATE_MEANING: Record<ConnectionInfo['state'], string> = {
  streaming: 'A stream to the client is open: it is there.',
  idle: 'No stream is open: the client may have gone; it is closed after the idle timeout.',
  closed: 'The connection ended.',
};

/** The open list with `connection` added or updated in place. */
export function withOpen(open: ConnectionInfo[], connection: ConnectionInfo): ConnectionInfo[] {
  const index = open.findIndex((c) => c.id === connection.id);
  if (index === -1) return [...open, connection];
  return open.map((c, i) => (i === index ? connection : c));
}

/** The history with `connection` (just closed) first, at most CLOSED_SHOWN. */
export function withClosed(closed: ConnectionInfo[], connection: ConnectionInfo): ConnectionInfo[] {
  return [connection, ...closed.filter((c) => c.id !== connection.id)].slice(0, CLOSED_SHOWN);
}

/** What stopping the server asks when clients are connected. */
export const stopQuestion = (connected: number) =>
  `${plural(connected, 'client')} ${connected === 1 ? 'is' : 'are'} connected and will be disconnected. Stop the server?`;
