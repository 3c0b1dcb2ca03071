import type { Response } from 'express';

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

/** An HTTP error whose body is a JSON-RPC error, which every MCP client can read. */
export function sendRpcError(res: Response, status: number, code: number, message: string): void {
  if (res.headersSent) return;
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}
