import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type {
  Connection,
  ConnectionRegistry,
  TransportKind,
} from '../connections/connection-registry.ts';
import { createMcpServer } from '../mcp/mcp-server.ts';
import type { ToolDispatcher } from '../mcp/tool-dispatcher.ts';
import type { MessageLog } from '../messages/message-log.ts';

export interface McpContext {
  dispatcher: ToolDispatcher;
  connections: ConnectionRegistry;
  messages: MessageLog;
}

/**
 * Opens a connection on `transport`: registers it (throws TooManyConnectionsError at the cap),
 * gives it its own MCP server, and taps every message in and out into the log.
 */
export async function openMcpConnection(
  context: McpContext,
  kind: TransportKind,
  transport: Transport,
): Promise<Connection> {
  const { connections, messages } = context;
  const connection = connections.open(kind, () => server.close());
  const server = createMcpServer(context.dispatcher, connection);
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
    receive?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    connections.touch(connection);
    messages.record(meta(), 'out', message);
    return send(message, options);
  };
  afterClose(transport, () => {
    connections.remove(connection.id);
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
