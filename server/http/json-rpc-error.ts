import type { Response } from 'express';
import type { RefusalCause } from '../../contract/refusals.ts';
import { noteRefusal } from './refusal.ts';

/** JSON-RPC error codes this server answers with outside a connection. */
export const RPC_ERROR = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** Implementation-defined: refused by the server's security checks or limits. */
  refused: -32000,
  unknownSession: -32001,
} as const;

/**
 * An HTTP error whose body is a JSON-RPC error, which every MCP client can read; with `refused`,
 * the request is logged as refused for that cause.
 */
export function sendRpcError(
  res: Response,
  status: number,
  code: number,
  message: string,
  refused?: RefusalCause,
): void {
  if (res.headersSent) return;
  if (refused) noteRefusal(res, status, refused, message);
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}
