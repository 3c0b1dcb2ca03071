import type { JSONRPCMessage, McpServer, Transport } from '@modelcontextprotocol/server';
import type { ConnectionInfo, ProtocolEra, TransportKind } from '../../contract/connections.ts';
import type { Connection, ConnectionRegistry } from '../connections/connection-registry.ts';
import { RPC_ERROR } from '../http/json-rpc-error.ts';
import { createMcpServer } from '../mcp/mcp-server.ts';
import type { ToolDispatcher } from '../mcp/tool-dispatcher.ts';
import type { MessageLog, MessageMeta } from '../messages/message-log.ts';
import { messageInfo } from './message-info.ts';

export interface McpContext {
  dispatcher: ToolDispatcher;
  connections: ConnectionRegistry;
  messages: MessageLog;
}

/** What serves MCP on a connection's transport; closing it ends the serving. */
export interface Serving {
  close(): Promise<void>;
}

/** Why a connection ended when its client ended it, by transport. */
const CLIENT_CLOSED: Record<TransportKind, string> = {
  'streamable-http': 'the client ended its session (DELETE)',
  sse: 'the client closed its stream',
  stdio: 'the client closed stdio',
};

/** The MCP server of `connection` in `era`: a 2025 connection owns the session it first made. */
export function connectionServer(
  context: McpContext,
  connection: Connection,
  era: ProtocolEra,
): McpServer {
  return createMcpServer(context.dispatcher, {
    connection,
    era,
    ...(era === 'legacy' && {
      adoptSession: (session: string) => context.connections.adoptSession(connection, session),
    }),
  });
}

/** A 2025 connection's serving: one MCP server on its transport. */
export async function serveLegacy(
  context: McpContext,
  connection: Connection,
  transport: Transport,
): Promise<Serving> {
  context.connections.identify(connection, { era: 'legacy' });
  const server = connectionServer(context, connection, 'legacy');
  await server.connect(transport);
  return server;
}

/**
 * Opens a connection on `transport`: registers it (throws TooManyConnectionsError at the cap),
 * serves it (`serve`: a 2025 server unless said otherwise), and taps every message in and out
 * into the log. `known`: who the client is, when a connection to it was open before.
 */
export async function openMcpConnection(
  context: McpContext,
  kind: TransportKind,
  transport: Transport,
  known?: Pick<ConnectionInfo, 'client' | 'protocolVersion' | 'era'>,
  serve: (connection: Connection) => Serving | Promise<Serving> = (connection) =>
    serveLegacy(context, connection, transport),
): Promise<Connection> {
  const { connections, messages } = context;
  const unanswered = new Set<string | number>();
  const connection = connections.open(
    kind,
    async (reason) => {
      await answerUnanswered(transport, unanswered, reason);
      await serving.close();
    },
    known,
  );
  const serving = await serve(connection);
  tapMessages(context, connection, transport, unanswered);
  afterClose(transport, () => {
    connections.remove(connection.id, CLIENT_CLOSED[kind]);
    messages.forgetConnection(connection.id);
  });
  return connection;
}

/**
 * Requests not answered yet when the server ends a connection each get an error with their id,
 * so no client waits for an answer that will never come.
 */
export async function answerUnanswered(
  transport: Transport,
  unanswered: ReadonlySet<string | number>,
  reason: string,
): Promise<void> {
  const error = {
    code: RPC_ERROR.refused,
    message: `MCP Isolate closed the connection: ${reason}`,
  };
  await Promise.allSettled(
    [...unanswered].map((id) => transport.send({ jsonrpc: '2.0', id, error })),
  );
}

/**
 * Logs every message in and out of `transport` as `connection`'s (a 2026 HTTP request's as its
 * `exchange`), counts it on the connection, learns who the client is (its era is the SDK's
 * decision, told by serving), and keeps `unanswered` up to date. Taps what serving installed, so
 * it runs after it.
 */
export function tapMessages(
  context: McpContext,
  connection: Connection,
  transport: Transport,
  unanswered: Set<string | number>,
  exchange?: string,
): void {
  const { connections, messages } = context;
  const meta = () => messageMeta(connection);
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    connections.touch(connection, messageInfo(message, connection.era));
    messages.record(meta(), 'in', message, exchange);
    noteAsked(message, unanswered);
    receive?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    connections.touch(connection);
    messages.record(meta(), 'out', message, exchange);
    if (!('method' in message) && 'id' in message && message.id !== undefined) {
      unanswered.delete(message.id);
    }
    return send(message, options);
  };
}

/** How the message log names a message of `connection`. */
export function messageMeta(connection: Connection): MessageMeta {
  return {
    connection: connection.id,
    transport: connection.transport,
    ...(connection.client && { client: connection.client }),
    ...(connection.era && { era: connection.era }),
  };
}

/**
 * Keeps `unanswered` to the requests the server itself still owes an answer: a request the
 * client cancelled gets none, and a subscription's stream is ended by the SDK with its own answer.
 */
function noteAsked(message: JSONRPCMessage, unanswered: Set<string | number>): void {
  if (!('method' in message)) return;
  if ('id' in message) {
    if (message.method !== 'subscriptions/listen') unanswered.add(message.id);
    return;
  }
  const cancelled = (message.params as { requestId?: unknown } | undefined)?.requestId;
  if (message.method === 'notifications/cancelled' && cancelled !== undefined) {
    unanswered.delete(cancelled as string | number);
  }
}

/** Runs `cleanup` after whatever already happens when the transport closes. */
export function afterClose(transport: Transport, cleanup: () => void): void {
  const closed = transport.onclose;
  transport.onclose = () => {
    closed?.();
    cleanup();
  };
}
