import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';

interface StoredEvent {
  id: string;
  stream: string;
  message: JSONRPCMessage;
}

/**
 * The latest events of one Streamable HTTP session, so a client whose stream broke can resume
 * it with Last-Event-ID. Bounded: the oldest events go first.
 */
export class RecentEventStore implements EventStore {
  private readonly events: StoredEvent[] = [];
  private next = 0;
  private readonly capacity: number;

  constructor(capacity = 1000) {
    this.capacity = capacity;
  }

  async storeEvent(stream: string, message: JSONRPCMessage): Promise<string> {
    const id = `${stream}_${++this.next}`;
    this.events.push({ id, stream, message });
    if (this.events.length > this.capacity) this.events.shift();
    return id;
  }

  async getStreamIdForEventId(id: string): Promise<string | undefined> {
    return this.events.find((event) => event.id === id)?.stream;
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (id: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const index = this.events.findIndex((event) => event.id === lastEventId);
    const last = this.events[index];
    if (!last) return '';
    for (const event of this.events.slice(index + 1)) {
      if (event.stream === last.stream) await send(event.id, event.message);
    }
    return last.stream;
  }
}
