// The fans' web app (web/, built by Vite into web/dist) served by the API
// itself: hashed assets as files, and index.html for every other page path
// (/, /artists/:slug …) so a deep link works on reload. Paths of the API
// (/api, /openapi.json, health) never reach this: it is mounted after them
// and only answers GET/HEAD outside /api.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { ApiErrorBody } from './errors';

/** Paths that belong to the API even when no route matched them (they get the JSON 404). */
const API_PATHS = /^\/(api|openapi\.json|healthz|readyz)(\/|$)/;

export function webAppRoutes(webAppDir: string): Hono {
  const app = new Hono();
  const indexFile = path.join(webAppDir, 'index.html');
  const notBuilt = (): Response =>
    Response.json(
      { error: 'not_found', message: 'The web app is not built: run `npm run build:web` (npm start and npm test do it).' } satisfies ApiErrorBody,
      { status: 404 },
    );

  // Hashed file names never change content: cache them for a year.
  app.use(
    '/assets/*',
    serveStatic({ root: webAppDir, onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable') }),
  );
  // Other files of the build (favicon and the like); page paths have no extension and get index.html below.
  app.use('*', async (c, next) => {
    if (API_PATHS.test(c.req.path) || path.extname(c.req.path) === '') return next();
    return serveStatic({ root: webAppDir })(c, next);
  });
  app.get('*', (c) => {
    if (API_PATHS.test(c.req.path) || path.extname(c.req.path) !== '') return c.notFound();
    if (!existsSync(indexFile)) return notBuilt();
    // The page itself is never cached: a new build's asset names reach the browser at once.
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(indexFile, 'utf8'));
  });
  return app;
}
