import { parseJSONRPCMessage } from '@modelcontextprotocol/server';
import { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';
import { type Request, Router } from 'express';
import { RPC_ERROR, sendRpcError } from '../http/json-rpc-error.ts';
import { keepStreamAlive } from '../http/keep-alive.ts';
import { openHttpConnection } from './http-connection.ts';
import { afterClose, type McpContext } from './mcp-connection.ts';

/** The 2024-11-05 HTTP+SSE transport: `GET /sse` opens the stream, `POST /messages` feeds it. */
export function legacySseRoutes(context: McpContext): Router {
  const transports = new Map<string, SSEServerTransport>();
  const router = Router();

  router.get('/sse', async (_req, res) => {
    const transport = new SSEServerTransport('/messages', res);
    if (!(await openHttpConnection(context, 'sse', transport, res))) return;
    transports.set(transport.sessionId, transport);
    const stopKeepAlive = keepStreamAlive(res);
    afterClose(transport, () => {
      stopKeepAlive();
      transports.delete(transport.sessionId);
    });
  });

  router.post('/messages', async (req, res) => {
    const id = req.query.sessionId;
    if (typeof id !== 'string' || id === '') {
      sendRpcError(
        res,
        400,
        RPC_ERROR.invalidRequest,
        'Bad Request: the sessionId query parameter is required (from the endpoint event of GET /sse)',
      );
      return;
    }
    const transport = transports.get(id);
    if (!transport) {
      sendRpcError(
        res,
        404,
        RPC_ERROR.unknownSession,
        `Session not found: ${id} (open GET /sse first; its stream may have closed)`,
        'unknown-session',
      );
      return;
    }
    const problem = messageProblem(req);
    if (problem) {
      sendRpcError(res, problem.status, problem.code, problem.message);
      return;
    }
    await transport.handlePostMessage(req, res, req.body);
  });
  return router;
}

/**
 * Why a POST /messages body is not one JSON-RPC message, checked before the SDK sees it (it
 * answers these in plain text).
 */
function messageProblem(req: Request): { status: number; code: number; message: string } | null {
  if (!req.is('application/json')) {
    return {
      status: 415,
      code: RPC_ERROR.invalidRequest,
      message:
        'Unsupported Media Type: POST /messages takes a JSON-RPC message as application/json',
    };
  }
  if (Array.isArray(req.body)) {
    return {
      status: 400,
      code: RPC_ERROR.invalidRequest,
      message:
        'Invalid Request: the SSE transport takes one JSON-RPC message per POST, not a batch',
    };
  }
  let issue: { message: string } | undefined;
  try {
    parseJSONRPCMessage(req.body);
    return null;
  } catch (error) {
    // A ZodError: its first issue says what is wrong.
    issue = (error as { issues?: { message: string }[] }).issues?.[0];
  }
  return {
    status: 400,
    code: RPC_ERROR.invalidRequest,
    message: `Invalid Request: not a JSON-RPC message${issue ? ` (${issue.message})` : ''}`,
  };
}
