import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Settings } from '../../contract/settings-registry.ts';
import { adminRoutes } from '../admin/admin-routes.ts';
import type { AdminService } from '../admin/admin-service.ts';
import { apiError } from '../http/api-error.ts';
import { bearerAuth } from '../http/bearer-auth.ts';
import { guiRoutes } from '../http/gui-routes.ts';
import { RPC_ERROR, sendRpcError } from '../http/json-rpc-error.ts';
import { recordRefusals } from '../http/refusal.ts';
import { ownOrigins, requestGuard } from '../http/request-guard.ts';
import type { RefusalLog } from '../messages/refusal-log.ts';
import { SERVER_VERSION } from '../server-version.ts';
import { SERVER_STOPPED, type ServerState } from '../settings/server-state.ts';
import { jsonApiRoutes } from '../transports/json-api.ts';
import { legacySseRoutes } from '../transports/legacy-sse.ts';
import type { McpContext } from '../transports/mcp-connection.ts';
import { streamableHttpRoutes } from '../transports/streamable-http.ts';

export interface HttpAppOptions {
  context: McpContext;
  /** Settings and the MCP switch: they may change while the server runs. */
  state: ServerState;
  /** The port listened on, once known. */
  port: () => number;
  admin: AdminService;
  /** The admin token now: a new one revokes the old at once. */
  adminToken: () => string;
  /** Where requests the server refuses are logged, with their reason. */
  refusals: RefusalLog;
}

/** Every HTTP route on one port, behind the Host/Origin guard, CORS, the token and a body limit. */
export function createHttpApp({
  context,
  state,
  port,
  admin,
  adminToken,
  refusals,
}: HttpAppOptions): express.Express {
  const settings = () => state.settings;
  const app = express();
  app.disable('x-powered-by');
  app.use(recordRefusals((refused) => refusals.record(refused)));
  app.use(
    requestGuard({ host: () => settings().host, corsOrigins: () => settings().corsOrigins, port }),
  );
  app.use(
    cors({
      origin: (origin, callback) =>
        callback(null, origin !== undefined && settings().corsOrigins.includes(origin)),
      methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      allowedHeaders: [
        'Content-Type',
        'Authorization',
        'Mcp-Session-Id',
        'Mcp-Protocol-Version',
        // 2026-07-28 names each request's method (and tool) in headers, checked against its body.
        'Mcp-Method',
        'Mcp-Name',
        'Last-Event-ID',
      ],
      exposedHeaders: ['Mcp-Session-Id', 'WWW-Authenticate'],
      maxAge: 600,
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: SERVER_VERSION, uptimeS: Math.round(process.uptime()) });
  });
  app.use(guiRoutes());
  // The window's uploads carry a session's files in base64: the admin API (behind its token)
  // takes what sessionFileBytes allows, whatever maxBodyBytes says of MCP bodies.
  app.use(
    '/admin',
    jsonBody(() => adminBodyBytes(settings())),
  );
  app.use(jsonBody(() => settings().maxBodyBytes));
  app.use(
    '/admin',
    adminRoutes({
      service: admin,
      token: adminToken,
      ownOrigins: () => ownOrigins(settings().host, port()),
    }),
  );
  app.use(bearerAuth(() => settings().token));
  app.use(['/mcp', '/sse', '/messages'], (req, res, next) => {
    if (!state.mcpRunning) {
      sendRpcError(res, 503, RPC_ERROR.refused, SERVER_STOPPED, 'stopped');
      return;
    }
    const streamable = req.baseUrl === '/mcp';
    if (streamable ? settings().streamableHttp : settings().sse) return next();
    const name = streamable ? 'Streamable HTTP (streamableHttp)' : 'SSE (sse)';
    sendRpcError(
      res,
      404,
      RPC_ERROR.refused,
      `Not Found: the ${name} transport is turned off in the settings`,
      'transport-off',
    );
  });
  app.use(streamableHttpRoutes(context));
  app.use(legacySseRoutes(context));
  // Stopped means every run: the plain JSON API refuses too.
  app.use('/api', (_req, res, next) => {
    if (state.mcpRunning) return next();
    apiError(res, 503, 'stopped', SERVER_STOPPED, 'stopped');
  });
  app.use(jsonApiRoutes(context.dispatcher));
  app.use((req, res) => {
    if (req.path.startsWith('/api/'))
      apiError(res, 404, 'not_found', `no route ${req.method} ${req.path}`, 'no-route');
    else {
      const message = `Not Found: ${req.method} ${req.path}`;
      sendRpcError(res, 404, RPC_ERROR.methodNotFound, message, 'no-route');
    }
  });
  app.use(errorHandler(settings));
  return app;
}

/** JSON bodies up to the current limit (the parser is rebuilt when the limit changes). */
function jsonBody(limit: () => number) {
  let parser = express.json({ limit: limit() });
  let parserLimit = limit();
  return (req: Request, res: Response, next: NextFunction) => {
    if (parserLimit !== limit()) {
      parserLimit = limit();
      parser = express.json({ limit: parserLimit });
    }
    parser(req, res, next);
  };
}

/** The largest admin body: all of a session's files in base64, and room for the JSON around them. */
const adminBodyBytes = ({ maxBodyBytes, sessionFileBytes }: Settings) =>
  Math.max(maxBodyBytes, Math.ceil((sessionFileBytes * 4) / 3) + 1024 * 1024);

function errorHandler(settings: () => Settings) {
  return (error: Error & { type?: string }, req: Request, res: Response, _next: NextFunction) => {
    // The admin API answers as the JSON API does: `{error: {code, message}}`.
    const api = /^\/(api|admin)\//.test(req.path);
    if (error.type === 'entity.too.large') {
      const message = req.path.startsWith('/admin/')
        ? `Payload Too Large: the body exceeds ${adminBodyBytes(settings())} bytes, what sessionFileBytes=${settings().sessionFileBytes} needs in base64`
        : `Payload Too Large: the body exceeds maxBodyBytes=${settings().maxBodyBytes}`;
      if (api) apiError(res, 413, 'body_too_large', message, 'body-too-large');
      else sendRpcError(res, 413, RPC_ERROR.invalidRequest, message, 'body-too-large');
      return;
    }
    if (error.type === 'entity.parse.failed') {
      const message = `Parse error: the body is not valid JSON (${error.message})`;
      if (api) apiError(res, 400, 'parse_error', message);
      else sendRpcError(res, 400, RPC_ERROR.parseError, message);
      return;
    }
    process.stderr.write(
      `mcp-isolate: ${req.method} ${req.path} failed: ${error.stack ?? error.message}\n`,
    );
    if (api) apiError(res, 500, 'internal_error', error.message);
    else sendRpcError(res, 500, RPC_ERROR.internalError, `Internal error: ${error.message}`);
  };
}
