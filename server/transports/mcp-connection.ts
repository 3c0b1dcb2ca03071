import type { Transport } from '@modelcontextprotocol/server';
import type { ConnectionInfo, TransportKind } from '../../contract/connections.ts';
import type { Connection, ConnectionRegistry } from '../connections/connection-registry.ts';
import { RPC_ERROR } from '../http/json-rpc-error.ts';
import { createMcpServer } from '../mcp/mcp-server.ts';
import type { ToolDispatcher } from '../mcp/tool-dispatcher.ts';
import type { MessageLog } from '../messages/message-log.ts';

export interface McpContext {
  dispatcher: ToolDispatcher;
  connections: ConnectionRegistry;
  messages: MessageLog;
}

/** Why a connection ended when its client ended it, by transport. */
const CLIENT_CLOSED: Record<TransportKind, string> = {
  'streamable-http': 'the client ended its session (DELETE)',
  sse: 'the client closed its stream',
  stdio: 'the client closed stdio',
};

/**
 * Opens a connection on `transport`: registers it (throws TooManyConnectionsError at the cap),
 * gives it its own MCP server, and taps every message in and out into the log. `known`: who the
 * client is, when a connection to it was open before.
 */
export async function openMcpConnection(
  context: McpContext,
  kind: TransportKind,
  transport: Transport,
  known?: Pick<ConnectionInfo, 'client' | 'protocolVersion'>,
): Promise<Connection> {
  const { connections, messages } = context;
  // Requests not answered yet: when the server ends the connection, each gets an error with its
  // id, so no client waits for an answer that will never come.
  const unanswered = new Set<string | number>();
  const connection = connections.open(
    kind,
    async (reason) => {
      const error = {
        code: RPC_ERROR.refused,
        message: `MCP Isolate closed the connection: ${reason}`,
      };
      await Promise.allSettled(
        [...unanswered].map((id) => transport.send({ jsonrpc: '2.0', id, error })),
      );
      await server.close();
    },
    known,
  );
  const server = createMcpServer(context.dispatcher, {
    connection,
    adoptSession: (session) => connections.adoptSession(connection, session),
  });
  await server.connect(transport);
  const meta = () => ({
    connection: connection.id,
    transport: kind,
    ...(connection.client && { client: connection.client }),
  });
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    connections.touch(connection, initializeInfo(message));
    messages.record(meta(), 'in', message);
    if ('method' in message && 'id' in message) unanswered.add(message.id);
    receive?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    connections.touch(connection);
    messages.record(meta(), 'out', message);
    if (!('method' in message) && 'id' in message && message.id !== undefined) {
      unanswered.delete(message.id);
    }
    return send(message, options);
  };
  afterClose(transport, () => {
    connections.remove(connection.id, CLIENT_CLOSED[kind]);
    messages.forgetConnection(connection.id);
  });
  return connection;
}

function initializeInfo(message: unknown) {
  const rpc = message as {
    method?: string;
    params?: { clientInfo?: { name?: unknown; version?: unknown }; protocolVersion?: unknown };
  };
  if (rpc.method !== 'initialize') return undefined;
  const client = rpc.params?.clientInfo;
  return {
    ...(client && { client: { name: String(client.name), version: String(client.version) } }),
    ...(typeof rpc.params?.protocolVersion === 'string' && {
      protocolVersion: rpc.params.protocolVersion,
    }),
  };
}

/** Runs `cleanup` after whatever already happens when the transport closes. */
export function afterClose(transport: Transport, cleanup: () => void): void {
  const closed = transport.onclose;
  transport.onclose = () => {
    closed?.();
    cleanup();
  };
}
