import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { type Request, type Response, Router } from 'express';
import { RPC_ERROR, sendRpcError } from '../http/json-rpc-error.ts';
import { openHttpConnection } from './http-connection.ts';
import { afterClose, type McpContext } from './mcp-connection.ts';
import { RecentEventStore } from './recent-event-store.ts';

/** Streamable HTTP at `/mcp`: one transport and MCP server per `Mcp-Session-Id`. */
export function streamableHttpRoutes(context: McpContext): Router {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const router = Router();

  const existing = (req: Request, res: Response) => {
    const id = req.header('mcp-session-id');
    if (id === undefined) {
      sendRpcError(
        res,
        400,
        RPC_ERROR.invalidRequest,
        'Bad Request: Mcp-Session-Id header is required',
      );
      return undefined;
    }
    const transport = transports.get(id);
    if (!transport) {
      sendRpcError(
        res,
        404,
        RPC_ERROR.unknownSession,
        `Session not found: ${id} (it ended or never existed; initialize again)`,
      );
    }
    return transport;
  };

  router.post('/mcp', async (req, res) => {
    // JSON-RPC answers an empty batch with one Invalid Request error (the SDK accepts it silently).
    if (Array.isArray(req.body) && req.body.length === 0) {
      sendRpcError(res, 400, RPC_ERROR.invalidRequest, 'Invalid Request: the batch is empty');
      return;
    }
    if (req.header('mcp-session-id') !== undefined) {
      await existing(req, res)?.handleRequest(req, res, req.body);
      return;
    }
    if (!isInitializeRequest(req.body)) {
      sendRpcError(
        res,
        400,
        RPC_ERROR.invalidRequest,
        'Bad Request: without Mcp-Session-Id, the request must be initialize',
      );
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      eventStore: new RecentEventStore(),
      onsessioninitialized: (id) => {
        transports.set(id, transport);
      },
    });
    if (!(await openHttpConnection(context, 'streamable-http', transport, res))) return;
    afterClose(transport, () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
    });
    await transport.handleRequest(req, res, req.body);
  });
  router.get('/mcp', async (req, res) => {
    await existing(req, res)?.handleRequest(req, res);
  });
  router.delete('/mcp', async (req, res) => {
    await existing(req, res)?.handleRequest(req, res);
  });
  return router;
}
