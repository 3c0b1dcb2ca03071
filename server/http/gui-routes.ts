import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

const GUI_DIR = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));

// The GUI loads only its own files and talks only to this server.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The built GUI at `/` (browser mode); the admin token travels in the URL fragment. */
export function guiRoutes(dir = GUI_DIR): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CSP);
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
