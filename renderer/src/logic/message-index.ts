import type { LoggedMessage } from '../../../contract/logged-message.ts';
import { sessionOf } from './message-summary.ts';

/** A connection as the log saw it: what names it in the filter, even once it has closed. */
export interface SeenConnection {
  id: string;
  transport: LoggedMessage['transport'];
  client?: LoggedMessage['client'];
  era?: LoggedMessage['era'];
  /** For one of the user's other MCP servers (connection `upstream:NAME`): its name. */
  upstream?: string;
  /** The time of its first message in the log. */
  firstAt: string;
}

type Id = string | number;

interface Pairs {
  /** Requests that went this way, by id (the newest with each id). */
  requests: Map<Id, LoggedMessage>;
  /** Responses to the requests that went this way, by id. */
  responses: Map<Id, LoggedMessage>;
}

interface Entry {
  seen: SeenConnection;
  in: Pairs;
  out: Pairs;
}

const pairs = (): Pairs => ({ requests: new Map(), responses: new Map() });

/**
 * Requests paired with their responses, and the connections and sessions seen, over the log's messages. The
 * log grows at its end by the frame, up to 100,000 messages: an update indexes only what was
 * added since the last one, and indexes everything again only when the list changed otherwise.
 */
export class MessageIndex {
  private source: readonly LoggedMessage[] = [];
  private entries = new Map<string, Entry>();
  private sessionNames = new Set<string>();
  /** Messages indexed that the list has since dropped from its front. */
  private dropped = 0;

  /** Brings the index up to `messages` (ordered by seq, as the log keeps them). */
  update(messages: readonly LoggedMessage[]): void {
    if (messages === this.source) return;
    const previous = this.source;
    this.source = messages;
    const last = previous.at(-1);
    const at = last ? indexOfSeq(messages, last.seq) : -1;
    const grew =
      last !== undefined &&
      messages[at] === last &&
      (messages[0]?.seq ?? 0) >= (previous[0]?.seq ?? 0);
    if (grew) this.dropped += previous.length - (at + 1);
    if (!grew || this.dropped > messages.length) {
      this.entries = new Map();
      this.sessionNames = new Set();
      this.dropped = 0;
      this.add(messages, 0);
    } else {
      this.add(messages, at + 1);
    }
  }

  /** The response to a request, or the request a response answers. */
  counterpart(message: LoggedMessage): LoggedMessage | undefined {
    if (message.id === undefined || message.kind === 'notification') return undefined;
    const entry = this.entries.get(message.connection);
    if (!entry) return undefined;
    if (message.kind === 'request') {
      const response = entry[message.direction].responses.get(message.id);
      return response && response.seq > message.seq ? response : undefined;
    }
    const request = entry[message.direction === 'in' ? 'out' : 'in'].requests.get(message.id);
    return request && request.seq < message.seq ? request : undefined;
  }

  /** Every connection with messages in the list, the first seen first. */
  connections(): SeenConnection[] {
    return [...this.entries.values()].map((entry) => entry.seen);
  }

  /** Every session a message in the list names, or went to. */
  sessions(): ReadonlySet<string> {
    return this.sessionNames;
  }

  private add(messages: readonly LoggedMessage[], from: number): void {
    for (let i = from; i < messages.length; i++) {
      const message = messages[i] as LoggedMessage;
      let entry = this.entries.get(message.connection);
      if (!entry) {
        const seen: SeenConnection = {
          id: message.connection,
          transport: message.transport,
          firstAt: message.time,
          ...(message.upstream !== undefined && { upstream: message.upstream }),
        };
        entry = { seen, in: pairs(), out: pairs() };
        this.entries.set(message.connection, entry);
      }
      if (message.client) entry.seen.client = message.client;
      if (message.era) entry.seen.era = message.era;
      const session = sessionOf(message);
      if (session !== undefined) this.sessionNames.add(session);
      if (message.id === undefined) continue;
      if (message.kind === 'request') entry[message.direction].requests.set(message.id, message);
      else if (message.kind === 'response') {
        entry[message.direction === 'in' ? 'out' : 'in'].responses.set(message.id, message);
      }
    }
  }
}

/** Where the message numbered `seq` is in a list ordered by seq, or -1. */
function indexOfSeq(messages: readonly LoggedMessage[], seq: number): number {
  let low = 0;
  let high = messages.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = (messages[middle] as LoggedMessage).seq;
    if (found === seq) return middle;
    if (found < seq) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
