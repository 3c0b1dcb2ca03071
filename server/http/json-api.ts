import { type Response, Router } from 'express';
import { type ToolDispatcher, ToolInputError } from '../mcp/tool-dispatcher.ts';
import { runJsArgs } from '../mcp/tool-schemas.ts';

/** A plain JSON API over the same tools, for scripts and curl: not MCP, not logged as such. */
export function jsonApiRoutes(dispatcher: ToolDispatcher): Router {
  const router = Router();
  router.post('/api/exec', async (req, res) => {
    const parsed = runJsArgs.safeParse(req.body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
      );
      apiError(
        res,
        400,
        'invalid_params',
        `expected {code, session?, heap?}: ${problems.join('; ')}`,
      );
      return;
    }
    await refusals(res, async () => res.json(await dispatcher.runJs(parsed.data, {})));
  });
  router.get('/api/sessions', (_req, res) => {
    res.json(dispatcher.listSessions());
  });
  router.get('/api/sessions/:name/snapshots', async (req, res) => {
    await refusals(res, async () =>
      res.json(await dispatcher.listSessionSnapshots(req.params.name)),
    );
  });
  return router;
}

const STATUS: Record<string, number> = {
  unknown_session: 404,
  unknown_heap: 404,
  session_exists: 409,
  heap_conflict: 409,
};

async function refusals(res: Response, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof ToolInputError)) throw error;
    apiError(res, STATUS[error.code] ?? 400, error.code, error.message);
  }
}

export function apiError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
