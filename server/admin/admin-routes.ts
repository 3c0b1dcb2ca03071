import { createHash, timingSafeEqual } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import { EngineError } from '../engine/engine-error.ts';
import { ENGINE_ERROR_STATUS } from '../http/engine-error-status.ts';
import { SSE_KEEP_ALIVE_MS } from '../transports/legacy-sse.ts';
import type { AdminService } from './admin-service.ts';
import { DESKTOP_INPUTS, type DesktopOperation } from './desktop-api.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

export interface AdminRouteOptions {
  service: AdminService;
  token: string;
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
      adminError(res, 403, 'forbidden', `Origin ${origin} may not use the admin API`);
      return;
    }
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token))) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="mcp-isolate-admin"');
      adminError(
        res,
        401,
        'unauthorized',
        'the admin API needs Authorization: Bearer <admin token>',
      );
      return;
    }
    next();
  });

  router.post('/api/:operation', async (req: Request<{ operation: string }>, res) => {
    const operation = req.params.operation as DesktopOperation;
    const schema = Object.hasOwn(DESKTOP_INPUTS, operation) ? DESKTOP_INPUTS[operation] : undefined;
    if (!schema) {
      adminError(res, 404, 'unknown_operation', `no admin operation ${req.params.operation}`);
      return;
    }
    const input = schema.safeParse(req.body ?? {});
    if (!input.success) {
      const problems = input.error.issues.map(
        (i) => `${i.path.join('.') || 'input'}: ${i.message}`,
      );
      adminError(res, 400, 'invalid_input', `${operation}: ${problems.join('; ')}`);
      return;
    }
    try {
      const call = service[operation] as (input: unknown) => Promise<unknown>;
      res.json(await call(input.data));
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      adminError(res, ENGINE_ERROR_STATUS[error.code], error.code, error.message);
    }
  });

  router.get('/events', (req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    const send = (event: unknown) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    void service.getStatus({}).then((status) => send({ type: 'status', status }));
    const unsubscribe = service.subscribe(send);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), SSE_KEEP_ALIVE_MS);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
  return router;
}

function adminError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
