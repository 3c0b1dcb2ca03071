import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Response } from 'express';
import { TooManyConnectionsError, type TransportKind } from '../connections/connection-registry.ts';
import { RPC_ERROR, sendRpcError } from '../http/json-rpc-error.ts';
import { type McpContext, openMcpConnection } from './mcp-connection.ts';

/** Opens an MCP connection for an HTTP request, or answers 503 when the cap is reached. */
export async function openHttpConnection(
  context: McpContext,
  kind: TransportKind,
  transport: Transport,
  res: Response,
): Promise<boolean> {
  try {
    await openMcpConnection(context, kind, transport);
    return true;
  } catch (error) {
    if (!(error instanceof TooManyConnectionsError)) throw error;
    sendRpcError(res, 503, RPC_ERROR.refused, error.message);
    return false;
  }
}
