import { randomBytes } from 'node:crypto';

export type TransportKind = 'streamable-http' | 'sse' | 'stdio';

export interface ClientInfo {
  name: string;
  version: string;
}

export interface ConnectionInfo {
  id: string;
  transport: TransportKind;
  client?: ClientInfo;
  protocolVersion?: string;
  connectedAt: string;
  lastActivityAt: string;
  messages: number;
  /** The session runs without a session name go to, once the first such run made it. */
  session?: string;
}

export interface Connection extends ConnectionInfo {
  close: () => Promise<void>;
}

export class TooManyConnectionsError extends Error {
  override name = 'TooManyConnections';
}

export type ConnectionEvent =
  | { type: 'connection-opened'; connection: ConnectionInfo }
  | { type: 'connection-updated'; connection: ConnectionInfo }
  | { type: 'connection-closed'; id: string };

export interface RegistryOptions {
  maxConnections: number;
  idleTimeoutMs: number;
}

/** The live MCP connections of every transport: a cap, activity, and a sweep of idle ones. */
export class ConnectionRegistry {
  private readonly connections = new Map<string, Connection>();
  private readonly listeners = new Set<(event: ConnectionEvent) => void>();
  private readonly sweeper: NodeJS.Timeout;
  private options: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.options = options;
    this.sweeper = setInterval(() => this.sweep(), Math.min(options.idleTimeoutMs, 60_000) / 2);
    this.sweeper.unref();
  }

  /** New cap and idle timeout; connections already open stay. */
  configure(options: RegistryOptions): void {
    this.options = options;
  }

  /** Registers a connection, or throws TooManyConnectionsError when the cap is reached. */
  open(transport: TransportKind, close: () => Promise<void>): Connection {
    if (this.connections.size >= this.options.maxConnections) {
      throw new TooManyConnectionsError(
        `the server has reached its limit of ${this.options.maxConnections} connections (maxConnections)`,
      );
    }
    const now = new Date().toISOString();
    const connection: Connection = {
      id: `${transport}-${randomBytes(4).toString('hex')}`,
      transport,
      connectedAt: now,
      lastActivityAt: now,
      messages: 0,
      close,
    };
    this.connections.set(connection.id, connection);
    this.emit({ type: 'connection-opened', connection: info(connection) });
    return connection;
  }

  /** A message went through the connection; `initialize` tells who the client is. */
  touch(connection: Connection, initialize?: { client?: ClientInfo; protocolVersion?: string }) {
    connection.messages++;
    connection.lastActivityAt = new Date().toISOString();
    if (initialize?.client) connection.client = initialize.client;
    if (initialize?.protocolVersion) connection.protocolVersion = initialize.protocolVersion;
    this.emit({ type: 'connection-updated', connection: info(connection) });
  }

  remove(id: string): void {
    if (this.connections.delete(id)) this.emit({ type: 'connection-closed', id });
  }

  get(id: string): Connection | undefined {
    return this.connections.get(id);
  }

  list(): ConnectionInfo[] {
    return [...this.connections.values()].map(info);
  }

  subscribe(listener: (event: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes connections that have been quiet for longer than the idle timeout. */
  sweep(now = Date.now()): void {
    for (const connection of this.connections.values()) {
      if (connection.transport === 'stdio') continue;
      if (now - Date.parse(connection.lastActivityAt) > this.options.idleTimeoutMs) {
        void connection.close().finally(() => this.remove(connection.id));
      }
    }
  }

  /** Closes every connection; new ones may still open. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.connections.values()].map((c) => c.close()));
    for (const id of [...this.connections.keys()]) this.remove(id);
  }

  /** Closes every connection and stops sweeping, for shutdown. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.closeAll();
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function info({ close: _close, ...rest }: Connection): ConnectionInfo {
  return { ...rest };
}
