import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { GUI_CSP } from '../../contract/gui-csp.ts';

const GUI_DIR = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));

/** The built GUI at `/` (browser mode); the admin token travels in the URL fragment. */
export function guiRoutes(dir = GUI_DIR): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', GUI_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  router.get('/', (_req, res, next) => {
    if (existsSync(`${dir}/index.html`)) return next();
    res
      .status(503)
      .type('text/plain')
      .send('The GUI is not built: run `npm run build` in the MCP Isolate folder, then reload.');
  });
  router.use(express.static(dir, { index: 'index.html', fallthrough: true }));
  return router;
}
