import { randomBytes } from 'node:crypto';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type McpServer, type Transport } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import type { RefusalCause } from '../../contract/refusals.ts';
import { type Connection, TooManyConnectionsError } from '../connections/connection-registry.ts';
import { RPC_ERROR } from '../http/json-rpc-error.ts';
import { noteRefusal } from '../http/refusal.ts';
import { streamWhileOpen } from './http-connection.ts';
import {
  afterClose,
  answerUnanswered,
  connectionServer,
  type McpContext,
  messageMeta,
  tapMessages,
} from './mcp-connection.ts';
import { messageInfo } from './message-info.ts';

/** A 2026 request being answered: its own server and transport, and what it has not answered. */
interface Exchange {
  server: McpServer;
  transport: Transport;
  unanswered: Set<string | number>;
}

/**
 * A client seen: the connection the window lists for it, its requests being answered, and its
 * subscription streams (`subscriptions/listen`, which the SDK serves with no server of ours).
 */
interface Seen {
  connection: Connection;
  exchanges: Set<Exchange>;
  listens: Set<Response>;
}

/** An HTTP request on its way through the SDK's handler, and what became of it there. */
interface InFlight {
  req: Request;
  res: Response;
  exchange: string;
  /** Set when the cap kept its client out: answered 503, as for a 2025 connection. */
  full?: TooManyConnectionsError;
}

/**
 * 2026-07-28 on Streamable HTTP: no session; each POST is one exchange, served by the SDK's
 * handler (envelope, headers and version checked there) with a fresh MCP server. What would be a
 * connection is the client seen, one per client identity and address, registered once the SDK
 * accepted a request of it: it counts as streaming while one of its responses is open, and goes
 * when idle like a connection.
 */
export function modernHttpRoute(context: McpContext) {
  const seen = new Map<string, Seen>();
  const inFlight = new WeakMap<globalThis.Request, InFlight>();
  const handler = createMcpHandler(
    ({ requestInfo }) => {
      const request = requestInfo && inFlight.get(requestInfo);
      if (!request) throw new Error('a 2026 request reached the handler without its client');
      try {
        return exchangeServer(context, clientSeen(context, seen, request), request.exchange);
      } catch (error) {
        if (error instanceof TooManyConnectionsError) request.full = error;
        throw error;
      }
    },
    { legacy: 'reject' },
  );
  // A client listening (subscriptions/listen) hears when run_js's description changes; the route
  // lives as long as the dispatcher, so it never stops listening.
  context.dispatcher.onToolsChanged(() => handler.notify.toolsChanged());

  return async (req: Request, res: Response): Promise<void> => {
    const request: InFlight = { req, res, exchange: randomBytes(6).toString('hex') };
    await toNodeHandler({
      fetch: async (web, options) => {
        inFlight.set(web, request);
        const response = await handler.fetch(web, options);
        if (request.full) return full(res, request.full);
        const cause = refusalCause(await errorOf(response));
        if (cause) noteRefusal(res, response.status, cause.cause, cause.reason);
        return response;
      },
    })(req, res, req.body);
  };
}

/** The client seen that sent the request, made (and registered) on its first accepted one. */
function clientSeen(
  context: McpContext,
  seen: Map<string, Seen>,
  { req, res, exchange }: InFlight,
): Seen {
  // The SDK has checked the request: its `_meta` is a 2026 one.
  const told = messageInfo(req.body, 'modern');
  const who = told?.client
    ? `${told.client.name}\u0000${told.client.version}`
    : `agent\u0000${req.header('user-agent') ?? ''}`;
  const key = `${who}\u0000${req.socket.remoteAddress ?? ''}`;
  const client = seen.get(key) ?? register(context, seen, key, told?.client);
  // Each open response shows the client is there.
  streamWhileOpen(context.connections, client.connection, res);
  if ((req.body as { method?: unknown }).method === 'subscriptions/listen') {
    // The SDK answers it on a stream of its own, past our tap: logged here, once.
    context.connections.touch(client.connection);
    context.messages.record(messageMeta(client.connection), 'in', req.body, exchange);
    client.listens.add(res);
    res.once('close', () => {
      client.listens.delete(res);
      context.messages.forgetConnection(client.connection.id, exchange);
    });
  }
  return client;
}

function register(
  context: McpContext,
  seen: Map<string, Seen>,
  key: string,
  client: Connection['client'],
): Seen {
  const exchanges = new Set<Exchange>();
  const listens = new Set<Response>();
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
      // Destroyed, not ended: the SDK may still write to it, and a write after end throws.
      for (const res of listens) res.destroy();
      context.messages.forgetConnection(connection.id);
    },
    { era: 'modern', ...(client && { client }) },
  );
  const entry = { connection, exchanges, listens };
  seen.set(key, entry);
  return entry;
}

/** One exchange's MCP server: its messages logged as the client's, its end forgotten. */
function exchangeServer(context: McpContext, client: Seen, exchange: string): McpServer {
  const server = connectionServer(context, client.connection, 'modern');
  const connect = server.connect.bind(server);
  server.connect = async (transport) => {
    await connect(transport);
    const entry = { server, transport, unanswered: new Set<string | number>() };
    client.exchanges.add(entry);
    tapMessages(context, client.connection, transport, entry.unanswered, exchange);
    afterClose(transport, () => {
      client.exchanges.delete(entry);
      context.messages.forgetConnection(client.connection.id, exchange);
    });
  };
  return server;
}

/** The cap kept a new client out: 503, logged, as for a 2025 connection. */
function full(res: Response, error: TooManyConnectionsError): globalThis.Response {
  noteRefusal(res, 503, 'full', error.message);
  const body = { jsonrpc: '2.0', error: { code: RPC_ERROR.refused, message: error.message } };
  return globalThis.Response.json({ ...body, id: null }, { status: 503 });
}

/** The JSON-RPC error of an answer the SDK gave before any of our code ran, if it is one. */
async function errorOf(response: globalThis.Response) {
  if (response.status < 400 || response.status === 499 || response.status >= 500) return undefined;
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
  return { code: body?.error?.code, message: String(body?.error?.message ?? response.statusText) };
}

/** MCP 2026-07-28's errors for a version the server does not speak, and an unknown method. */
const UNSUPPORTED_VERSION = -32022;
const METHOD_NOT_FOUND = -32601;

/**
 * Whether the SDK's answer refused the request as the protocol's rules say (a version it does
 * not speak, headers that disagree with the body, a broken `_meta`): the window's
 * connection problems. An unknown method is an answer (2025 gives it in-band); a client that
 * went away (499) or a failure of ours (5xx) is not the client's problem.
 */
function refusalCause(
  error: { code: unknown; message: string } | undefined,
): { cause: RefusalCause; reason: string } | undefined {
  if (!error || error.code === METHOD_NOT_FOUND) return undefined;
  const cause = error.code === UNSUPPORTED_VERSION ? 'unsupported-version' : 'bad-mcp-request';
  return { cause, reason: error.message };
}
