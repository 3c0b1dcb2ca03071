import type { Transport } from '@modelcontextprotocol/server';
import type { Response } from 'express';
import type { TransportKind } from '../../contract/connections.ts';
import {
  type Connection,
  type ConnectionRegistry,
  TooManyConnectionsError,
} from '../connections/connection-registry.ts';
import { RPC_ERROR, sendRpcError } from '../http/json-rpc-error.ts';
import { type McpContext, openMcpConnection } from './mcp-connection.ts';

/**
 * Opens an MCP connection for an HTTP request, whose response counts as one of its streams, or
 * answers 503 when the cap is reached.
 */
export async function openHttpConnection(
  context: McpContext,
  kind: TransportKind,
  transport: Transport,
  res: Response,
): Promise<Connection | undefined> {
  try {
    const connection = await openMcpConnection(context, kind, transport);
    streamWhileOpen(context.connections, connection, res);
    return connection;
  } catch (error) {
    if (!(error instanceof TooManyConnectionsError)) throw error;
    sendRpcError(res, 503, RPC_ERROR.refused, error.message, 'full');
    return undefined;
  }
}

/** The connection is streaming while `res` (an event stream, a request being answered) is open. */
export function streamWhileOpen(
  connections: ConnectionRegistry,
  connection: Connection,
  res: Response,
): void {
  connections.streamOpened(connection);
  res.once('close', () => connections.streamClosed(connection));
}
