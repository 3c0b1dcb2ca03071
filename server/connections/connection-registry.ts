import { randomBytes } from 'node:crypto';
import type {
  ClientInfo,
  ConnectionInfo,
  ConnectionState,
  ProtocolEra,
  TransportKind,
} from '../../contract/connections.ts';

export interface Connection extends ConnectionInfo {
  /** Ends the connection from the server's side, telling the client `reason`. */
  close: (reason: string) => Promise<void>;
}

/** What a connection learns of its client as it goes. */
export interface Identity {
  client?: ClientInfo;
  protocolVersion?: string;
  era?: ProtocolEra;
}

export class TooManyConnectionsError extends Error {
  override name = 'TooManyConnections';
}

export type ConnectionEvent =
  | { type: 'connection-opened'; connection: ConnectionInfo }
  | { type: 'connection-updated'; connection: ConnectionInfo }
  | { type: 'connection-closed'; connection: ConnectionInfo };

export interface RegistryOptions {
  maxConnections: number;
  idleTimeoutMs: number;
}

/** Closed connections kept for the GUI's history, newest first. */
export const CLOSED_KEPT = 200;

/** Why the server ended connections itself (the client hears it, the history shows it). */
export const CLOSE_REASONS = {
  disconnected: 'disconnected from the window',
  stopped: 'the server was stopped',
  shutDown: 'the server shut down',
  idle: (idleTimeoutMs: number) =>
    `no stream and no message for ${idleTimeoutMs / 1000} s (idleTimeoutMs)`,
} as const;

interface Live {
  connection: Connection;
  /** Streams open to the client now. */
  streams: number;
  /** When the last stream closed (or the connection opened): the idle time counts from here. */
  quietSince: number;
  /** Set when the server closes the connection: why. */
  closing?: string;
}

/**
 * The MCP connections of every transport: a cap, their state (streaming while a stream is open,
 * idle otherwise), the sweep of idle ones, and the history of closed ones.
 */
export class ConnectionRegistry {
  private readonly live = new Map<string, Live>();
  private readonly closedOnes: ConnectionInfo[] = [];
  private readonly listeners = new Set<(event: ConnectionEvent) => void>();
  private sweeper: NodeJS.Timeout | undefined;
  private options: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.options = options;
    this.startSweeping();
  }

  /** New cap and idle timeout; connections already open stay. */
  configure(options: RegistryOptions): void {
    const resweep = options.idleTimeoutMs !== this.options.idleTimeoutMs;
    this.options = options;
    if (resweep) this.startSweeping();
  }

  /**
   * Registers a connection, or throws TooManyConnectionsError when the cap is reached. `known`:
   * who the client is when it was already known (a stdio client served again after a restart).
   */
  open(
    transport: TransportKind,
    close: (reason: string) => Promise<void>,
    known: Pick<ConnectionInfo, 'client' | 'protocolVersion' | 'era'> = {},
  ): Connection {
    if (this.live.size >= this.options.maxConnections) {
      throw new TooManyConnectionsError(
        `the server has reached its limit of ${this.options.maxConnections} connections (maxConnections)`,
      );
    }
    const now = new Date().toISOString();
    const connection: Connection = {
      id: `${transport}-${randomBytes(4).toString('hex')}`,
      transport,
      ...known,
      connectedAt: now,
      lastActivityAt: now,
      messages: 0,
      state: 'idle',
      close,
    };
    this.live.set(connection.id, { connection, streams: 0, quietSince: Date.now() });
    this.emit({ type: 'connection-opened', connection: info(connection) });
    return connection;
  }

  /** A message went through the connection, telling who the client is (`told`) or not. */
  touch(connection: Connection, told?: Identity) {
    connection.messages++;
    connection.lastActivityAt = new Date().toISOString();
    this.identify(connection, told);
  }

  /**
   * Who the client is (from `initialize`, or a 2026 request's `_meta`) and which era it speaks
   * (as the SDK decided it).
   */
  identify(connection: Connection, told: Identity = {}) {
    if (told.client) connection.client = told.client;
    if (told.protocolVersion) connection.protocolVersion = told.protocolVersion;
    if (told.era) connection.era = told.era;
    this.emit({ type: 'connection-updated', connection: info(connection) });
  }

  /**
   * `session` is the connection's own from now on, where it has none yet: runs without a
   * session name go there (the tool dispatcher says which session a run made it).
   */
  adoptSession(connection: Connection, session: string): void {
    if (connection.session !== undefined) return;
    connection.session = session;
    // A run may end after its connection closed: a closed one is history, never announced again.
    if (this.live.has(connection.id)) {
      this.emit({ type: 'connection-updated', connection: info(connection) });
    }
  }

  /** The open connections whose own session was `from` have it under its new name, `to`. */
  sessionRenamed(from: string, to: string): void {
    for (const { connection } of this.live.values()) {
      if (connection.session !== from) continue;
      connection.session = to;
      this.emit({ type: 'connection-updated', connection: info(connection) });
    }
  }

  /** A stream to the client opened: the connection is streaming until its last one closes. */
  streamOpened(connection: Connection): void {
    const live = this.live.get(connection.id);
    if (!live) return;
    live.streams++;
    this.setState(live, 'streaming');
  }

  streamClosed(connection: Connection): void {
    const live = this.live.get(connection.id);
    if (!live || live.streams === 0) return;
    live.streams--;
    if (live.streams > 0) return;
    live.quietSince = Date.now();
    this.setState(live, 'idle');
  }

  /** The connection ended (its transport closed): it moves to the history with its reason. */
  remove(id: string, reason: string): void {
    const live = this.live.get(id);
    if (!live) return;
    this.live.delete(id);
    const closed: ConnectionInfo = {
      ...info(live.connection),
      state: 'closed',
      closedAt: new Date().toISOString(),
      closeReason: live.closing ?? reason,
    };
    this.closedOnes.unshift(closed);
    this.closedOnes.splice(CLOSED_KEPT);
    this.emit({ type: 'connection-closed', connection: closed });
  }

  get(id: string): Connection | undefined {
    return this.live.get(id)?.connection;
  }

  /** The open connections. */
  list(): ConnectionInfo[] {
    return [...this.live.values()].map((live) => info(live.connection));
  }

  /** The closed connections, newest first (the newest CLOSED_KEPT). */
  closed(): ConnectionInfo[] {
    return [...this.closedOnes];
  }

  subscribe(listener: (event: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends one connection from the server's side; false when it is not open (any more). */
  async disconnect(id: string, reason: string): Promise<boolean> {
    const live = this.live.get(id);
    if (!live) return false;
    await this.end(live, reason);
    return true;
  }

  /**
   * Closes connections that have had no stream open and no message for longer than the idle
   * timeout: a client that went away without saying so. A stream open proves the client is there.
   */
  sweep(now = Date.now()): void {
    const { idleTimeoutMs } = this.options;
    for (const live of this.live.values()) {
      if (live.streams > 0 || live.closing) continue;
      const quiet = Math.max(live.quietSince, Date.parse(live.connection.lastActivityAt));
      if (now - quiet > idleTimeoutMs) {
        this.end(live, CLOSE_REASONS.idle(idleTimeoutMs)).catch(() => undefined);
      }
    }
  }

  /** Closes every connection, saying why; new ones may still open. */
  async closeAll(reason: string): Promise<void> {
    await Promise.allSettled([...this.live.values()].map((live) => this.end(live, reason)));
  }

  /** Closes every connection and stops sweeping, for shutdown. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.closeAll(CLOSE_REASONS.shutDown);
  }

  private async end(live: Live, reason: string): Promise<void> {
    live.closing ??= reason;
    try {
      await live.connection.close(reason);
    } finally {
      // The transport says when it closed; one that never does still leaves the list.
      this.remove(live.connection.id, reason);
    }
  }

  private setState(live: Live, state: ConnectionState): void {
    if (live.connection.state === state) return;
    live.connection.state = state;
    this.emit({ type: 'connection-updated', connection: info(live.connection) });
  }

  private startSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = setInterval(
      () => this.sweep(),
      Math.min(this.options.idleTimeoutMs, 60_000) / 2,
    );
    this.sweeper.unref();
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function info({ close: _close, ...rest }: Connection): ConnectionInfo {
  return { ...rest };
}
