import { type Response, Router } from 'express';
import { inputProblems } from '../../contract/input-problems.ts';
import { EngineError } from '../engine/engine-error.ts';
import { apiError } from '../http/api-error.ts';
import { ENGINE_ERROR_STATUS } from '../http/engine-error-status.ts';
import type { ToolDispatcher } from '../mcp/tool-dispatcher.ts';
import { runJsArgs } from '../mcp/tool-schemas.ts';

/**
 * A plain JSON API over the same tool dispatcher, for scripts and curl: not MCP, not logged as
 * such.
 */
export function jsonApiRoutes(dispatcher: ToolDispatcher): Router {
  const router = Router();
  router.post('/api/exec', async (req, res) => {
    const parsed = runJsArgs.safeParse(req.body);
    if (!parsed.success) {
      const problems = inputProblems(parsed.error, 'body');
      apiError(res, 400, 'invalid_params', `expected {code, session?, heap?, files?}: ${problems}`);
      return;
    }
    // A caller that hangs up (curl interrupted) cancels its run: nobody waits for the answer.
    const hungUp = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) hungUp.abort();
    });
    // A JSON API caller has no own session: a run without a name makes a new one each time.
    await refusals(res, async () =>
      res.json((await dispatcher.runJs(parsed.data, undefined, { signal: hungUp.signal })).output),
    );
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

async function refusals(res: Response, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    apiError(res, ENGINE_ERROR_STATUS[error.code], error.code, error.message);
  }
}
