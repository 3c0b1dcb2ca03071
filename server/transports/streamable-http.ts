import { randomUUID } from 'node:crypto';
import { NodeStreamableHTTPServerTransport, toWebRequest } from '@modelcontextprotocol/node';
import { isInitializeRequest, isLegacyRequest } from '@modelcontextprotocol/server';
import { type Request, type Response, Router } from 'express';
import type { Connection } from '../connections/connection-registry.ts';
import { RPC_ERROR, sendRpcError } from '../http/json-rpc-error.ts';
import { keepStreamAlive } from '../http/keep-alive.ts';
import { openHttpConnection, streamWhileOpen } from './http-connection.ts';
import { afterClose, type McpContext } from './mcp-connection.ts';
import { modernHttpRoute } from './modern-http.ts';
import { RecentEventStore } from './recent-event-store.ts';

/**
 * Streamable HTTP at `/mcp`, in both eras: a 2025 client has one transport and MCP server per
 * `Mcp-Session-Id`; a 2026 request (its `_meta` says so) is served on its own (modern-http.ts).
 */
export function streamableHttpRoutes(context: McpContext): Router {
  const modern = modernHttpRoute(context);
  const transports = new Map<string, NodeStreamableHTTPServerTransport>();
  const connections = new WeakMap<NodeStreamableHTTPServerTransport, Connection>();
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
        'unknown-session',
      );
    }
    return transport;
  };
  /** A request in a session; its response (a GET stream, a POST being answered) is a stream. */
  const inSession = async (req: Request, res: Response, body?: unknown) => {
    const transport = existing(req, res);
    const connection = transport && connections.get(transport);
    if (!transport || !connection) return;
    streamWhileOpen(context.connections, connection, res);
    await transport.handleRequest(req, res, body);
  };

  router.post('/mcp', async (req, res) => {
    // JSON-RPC answers an empty batch with one Invalid Request error (the SDK accepts it silently).
    if (Array.isArray(req.body) && req.body.length === 0) {
      sendRpcError(res, 400, RPC_ERROR.invalidRequest, 'Invalid Request: the batch is empty');
      return;
    }
    // The SDK's own classifier, so the route and its handler agree on the era. Without a JSON
    // body (not JSON at all) the request is 2025's, whose transport answers it.
    if (
      req.body !== undefined &&
      !(await isLegacyRequest(await toWebRequest(req, req.body), req.body))
    ) {
      await modern(req, res);
      return;
    }
    if (req.header('mcp-session-id') !== undefined) {
      await inSession(req, res, req.body);
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
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      eventStore: new RecentEventStore(),
      onsessioninitialized: (id) => {
        transports.set(id, transport);
      },
    });
    const connection = await openHttpConnection(context, 'streamable-http', transport, res);
    if (!connection) return;
    connections.set(transport, connection);
    afterClose(transport, () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
    });
    await transport.handleRequest(req, res, req.body);
  });
  router.get('/mcp', async (req, res) => {
    // Keep-alives tell a client that vanished (no FIN) from one that is quiet.
    res.once('close', keepStreamAlive(res));
    await inSession(req, res);
  });
  router.delete('/mcp', async (req, res) => {
    await existing(req, res)?.handleRequest(req, res);
  });
  return router;
}
