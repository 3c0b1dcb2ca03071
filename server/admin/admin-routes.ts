import { type Request, Router } from 'express';
import { DESKTOP_INPUTS, type DesktopOperation } from '../../contract/desktop-api.ts';
import { inputProblems } from '../../contract/input-problems.ts';
import { ClientConfigError, type ClientConfigErrorCode } from '../clients/client-config-error.ts';
import { EngineError } from '../engine/engine-error.ts';
import { apiError } from '../http/api-error.ts';
import { bearerOf, tokensMatch } from '../http/bearer-auth.ts';
import { ENGINE_ERROR_STATUS } from '../http/engine-error-status.ts';
import { keepStreamAlive } from '../http/keep-alive.ts';
import type { AdminService } from './admin-service.ts';

/** A refused change to a client's config: the file, or the client, is not as it must be. */
const CLIENT_ERROR_STATUS: Record<ClientConfigErrorCode, number> = {
  client_config_refused: 409,
  client_not_installed: 409,
  client_config_changed: 409,
};

export interface AdminRouteOptions {
  service: AdminService;
  /** The admin token now (a new one revokes the old). */
  token: () => string;
  /** The origins of the server itself: the GUI it serves is the only page allowed here. */
  ownOrigins: () => string[];
}

/**
 * The DesktopApi over HTTP for browser mode: `POST /admin/api/OPERATION` with the input as JSON,
 * and `GET /admin/events`, a server-sent event stream. Every request needs the admin token.
 */
export function adminRoutes({ service, token, ownOrigins }: AdminRouteOptions): Router {
  const router = Router();
  router.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !ownOrigins().includes(origin)) {
      apiError(res, 403, 'forbidden', `Origin ${origin} may not use the admin API`);
      return;
    }
    const given = bearerOf(req);
    if (!tokensMatch(given, token())) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="mcp-isolate-admin"');
      const message = given
        ? 'the admin token is wrong, or was replaced by a new one: open the GUI address in server.json'
        : 'the admin API needs Authorization: Bearer <admin token>';
      apiError(res, 401, 'unauthorized', message);
      return;
    }
    next();
  });

  router.post('/api/:operation', async (req: Request<{ operation: string }>, res) => {
    const operation = req.params.operation as DesktopOperation;
    const schema = Object.hasOwn(DESKTOP_INPUTS, operation) ? DESKTOP_INPUTS[operation] : undefined;
    if (!schema) {
      apiError(res, 404, 'unknown_operation', `no admin operation ${req.params.operation}`);
      return;
    }
    const input = schema.safeParse(req.body ?? {});
    if (!input.success) {
      apiError(res, 400, 'invalid_input', `${operation}: ${inputProblems(input.error, 'input')}`);
      return;
    }
    try {
      const call = service[operation] as (input: unknown) => Promise<unknown>;
      res.json(await call(input.data));
    } catch (error) {
      if (error instanceof ClientConfigError) {
        apiError(res, CLIENT_ERROR_STATUS[error.code], error.code, error.message);
        return;
      }
      if (!(error instanceof EngineError)) throw error;
      apiError(res, ENGINE_ERROR_STATUS[error.code], error.code, error.message);
    }
  });

  router.get('/events', (req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    const given = bearerOf(req);
    const send = (event: unknown) => {
      // A stream opened with a token since revoked ends at its next event.
      if (tokensMatch(given, token())) res.write(`data: ${JSON.stringify(event)}\n\n`);
      else res.end();
    };
    void service.getStatus({}).then((status) => send({ type: 'status', status }));
    const unsubscribe = service.subscribe(send);
    const stopKeepAlive = keepStreamAlive(res);
    req.on('close', () => {
      stopKeepAlive();
      unsubscribe();
    });
  });
  return router;
}
