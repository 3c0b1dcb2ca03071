import { randomBytes } from 'node:crypto';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type McpServer, type Transport } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import { type Connection, TooManyConnectionsError } from '../connections/connection-registry.ts';
import { RPC_ERROR, sendRpcError } from '../http/json-rpc-error.ts';
import { noteRefusal } from '../http/refusal.ts';
import { streamWhileOpen } from './http-connection.ts';
import {
  afterClose,
  answerUnanswered,
  connectionServer,
  type McpContext,
  tapMessages,
} from './mcp-connection.ts';
import { messageInfo } from './message-info.ts';

/** A 2026 request being answered: its own server and transport, and what it has not answered. */
interface Exchange {
  server: McpServer;
  transport: Transport;
  unanswered: Set<string | number>;
}

/** A client seen: the connection the window lists for it, and its requests being answered. */
interface Seen {
  connection: Connection;
  exchanges: Set<Exchange>;
}

/** What the handler's factory needs of the HTTP request it serves. */
interface Served {
  seen: Seen;
  exchange: string;
}

/**
 * 2026-07-28 on Streamable HTTP: no session; each POST is one exchange, served by the SDK's
 * handler (envelope, headers and version checked there) with a fresh MCP server. What would be a
 * connection is the client seen, one per client identity and address: it counts as streaming
 * while one of its requests is answered, and goes when idle like a connection.
 */
export function modernHttpRoute(context: McpContext) {
  const seen = new Map<string, Seen>();
  const served = new WeakMap<globalThis.Request, Served>();
  const handler = createMcpHandler(
    ({ requestInfo }) => {
      const serving = requestInfo && served.get(requestInfo);
      if (!serving) throw new Error('a 2026 request reached the handler without its client');
      return exchangeServer(context, serving);
    },
    { legacy: 'reject' },
  );

  return async (req: Request, res: Response): Promise<void> => {
    let client: Seen;
    try {
      client = clientSeen(context, seen, req);
    } catch (error) {
      if (!(error instanceof TooManyConnectionsError)) throw error;
      sendRpcError(res, 503, RPC_ERROR.refused, error.message, 'full');
      return;
    }
    streamWhileOpen(context.connections, client.connection, res);
    const exchange = randomBytes(6).toString('hex');
    await toNodeHandler({
      fetch: async (request, options) => {
        served.set(request, { seen: client, exchange });
        const response = await handler.fetch(request, options);
        if (response.status >= 400) await noteSdkRefusal(res, response);
        return response;
      },
    })(req, res, req.body);
  };
}

/** The client seen that sent `req`, made (and registered) on its first request. */
function clientSeen(context: McpContext, seen: Map<string, Seen>, req: Request): Seen {
  const told = messageInfo(req.body);
  const who = told?.client
    ? `${told.client.name}\u0000${told.client.version}`
    : `agent\u0000${req.header('user-agent') ?? ''}`;
  const key = `${who}\u0000${req.socket.remoteAddress ?? ''}`;
  const known = seen.get(key);
  if (known) return known;
  const exchanges = new Set<Exchange>();
  const connection = context.connections.open(
    'streamable-http',
    async (reason) => {
      seen.delete(key);
      await Promise.allSettled(
        [...exchanges].map(async ({ server, transport, unanswered }) => {
          await answerUnanswered(transport, unanswered, reason);
          await server.close();
        }),
      );
    },
    { era: 'modern', ...(told?.client && { client: told.client }) },
  );
  const client = { connection, exchanges };
  seen.set(key, client);
  return client;
}

/** One exchange's MCP server: its messages logged as the client's, its end forgotten. */
function exchangeServer(context: McpContext, { seen, exchange }: Served): McpServer {
  const server = connectionServer(context, seen.connection, 'modern');
  const connect = server.connect.bind(server);
  server.connect = async (transport) => {
    await connect(transport);
    const entry = { server, transport, unanswered: new Set<string | number>() };
    seen.exchanges.add(entry);
    tapMessages(context, seen.connection, transport, entry.unanswered, exchange);
    afterClose(transport, () => seen.exchanges.delete(entry));
  };
  return server;
}

/** The SDK refused the request itself (a version, a header, the envelope): log it as refused. */
async function noteSdkRefusal(res: Response, response: globalThis.Response): Promise<void> {
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
  const message = String(body?.error?.message ?? response.statusText);
  const cause =
    body?.error?.code === UNSUPPORTED_VERSION ? 'unsupported-version' : 'bad-mcp-request';
  noteRefusal(res, response.status, cause, message);
}

/** MCP 2026-07-28's error for a protocol version the server does not speak. */
const UNSUPPORTED_VERSION = -32022;
