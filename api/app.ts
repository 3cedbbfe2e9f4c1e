// The HTTP API: a thin Temporal client (start, read, cancel imports) plus the
// read queries of the artist pages. Every resource is a small sub-app; this
// file only composes them with the middleware and the one error handler.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId, type RequestIdVariables } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { endTime, startTime, timing } from 'hono/timing';
import type { AppDeps } from './deps';
import { errorResponse, type ApiErrorBody } from './errors';
import { createApiMetrics } from './metrics';
import { adminRoutes } from './routes/admin';
import { appConfigRoutes } from './routes/app-config';
import { artistRoutes } from './routes/artists';
import { healthRoutes } from './routes/health';
import { ProgressWatchers } from './progress-watchers';
import { requestLogFields, requestLogger } from './request-log';
import { importProgressRoutes } from './routes/import-progress';
import { importRoutes } from './routes/imports';
import { searchRoutes } from './routes/search';
import { setlistRoutes } from './routes/setlists';
import { showRoutes } from './routes/shows';
import { trendingRoutes } from './routes/trending';
import { streamHandoff } from './sse-response';
import { webAppRoutes } from './web-app';

export type { AppDeps } from './deps';

/** Request bodies are small JSON documents (at most 50 attraction ids). */
const MAX_BODY_BYTES = 64 * 1024;
const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The single-artist kickoff (api/routes/imports.ts), which has middleware of its own here and in the warm-up. */
export const KICKOFF_PATH = '/api/artists/import';

/** The request declares a body length (not chunked) of at most `max` bytes: Node's parser reads no more than that. */
function declaredLengthWithin(c: Context, max: number): boolean {
  const length = c.req.header('content-length');
  return c.req.header('transfer-encoding') === undefined && length !== undefined && /^\d+$/.test(length) && Number(length) <= max;
}

/** Runs `middleware` as a Server-Timing metric of its own: from its start until it hands on (or answers itself). */
function timedUntilNext(name: string, description: string, middleware: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => {
    startTime(c, name, description);
    return middleware(c, () => {
      endTime(c, name);
      return next();
    });
  };
}

/**
 * Runs Hono's `cors` for cross-origin requests only: those whose Origin is
 * not the request's own (a preflight always is one). Same-origin requests (the
 * fans' web app this API serves) and requests without an Origin (servers,
 * curl) need no CORS headers, and `cors` costs them: it sets its headers on
 * `c.res` before the route answers, so Hono copies the route's response into
 * a new one, and @hono/node-server then streams that copy instead of writing
 * the body it was given. A kickoff served over HTTP took ~2× the CPU with it
 * (~1.1 vs ~0.5 ms warm; 12–26 vs 7–14 ms for a process's first).
 * `Vary: Origin` on the others: a cache must not hand their answer (without
 * CORS headers) to another origin.
 */
function crossOriginOnly(corsMiddleware: MiddlewareHandler): MiddlewareHandler {
  return (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || origin === new URL(c.req.url).origin) {
      c.header('Vary', 'Origin', { append: true });
      return next();
    }
    return corsMiddleware(c, next);
  };
}

export type ApiApp = OpenAPIHono<{ Variables: RequestIdVariables }>;

/** A batch costs one import per artist it names (the route validates the body itself). */
async function batchSize(c: Context): Promise<number> {
  const body: unknown = await c.req.json().catch(() => null);
  const ids = typeof body === 'object' && body !== null ? (body as { tmAttractionIds?: unknown }).tmAttractionIds : undefined;
  return Array.isArray(ids) ? ids.length : 1;
}

/** Parts a caller may share with the app instead of its own (e.g. to read the watchers' counters). */
export interface AppParts {
  /** The process's shared progress watchers (one per watched run); made by createApp when absent. */
  progressWatchers?: ProgressWatchers;
}

export function createApp(deps: AppDeps, parts: AppParts = {}): ApiApp {
  const { logger } = deps;
  const app: ApiApp = new OpenAPIHono<{ Variables: RequestIdVariables }>();

  const watchers = parts.progressWatchers ?? new ProgressWatchers(deps);
  const metrics = createApiMetrics({ watchers, providerStats: deps.providerStats, temporalQueryCalls: deps.temporalQueryCalls });
  // Outermost: a progress stream starts once every other middleware has seen its response.
  app.use('*', streamHandoff);
  // The kickoff's Server-Timing (the route adds `claim` and `temporal`): its total spans every middleware below.
  app.use(KICKOFF_PATH, timing({ totalDescription: 'kickoff' }));
  app.use('*', requestId());
  app.use('*', metrics.middleware);
  app.use('*', requestLogger(logger, (c) => c.get('requestId')));
  app.use('*', secureHeaders());
  app.use(
    '*',
    crossOriginOnly(
      cors({
        origin: deps.corsOrigins ?? '*',
        allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization', 'Last-Event-ID'],
        exposeHeaders: ['X-Request-Id'],
        maxAge: 600,
      }),
    ),
  );
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json({ error: 'payload_too_large', message: `body: must be at most ${MAX_BODY_BYTES} bytes` } satisfies ApiErrorBody, 413),
  });
  // Only bodies of unknown length are counted by `bodyLimit`: looking for a
  // body makes @hono/node-server build a whole web Request (a cost a thousand
  // fans opening their progress streams at once would pay for nothing), and
  // the route then reads the body through web streams instead of straight
  // from the socket. A declared length is what `bodyLimit` itself would check.
  app.use('*', (c, next) => (BODYLESS_METHODS.has(c.req.method) || declaredLengthWithin(c, MAX_BODY_BYTES) ? next() : limitBody(c, next)));

  if (deps.clientLimits) {
    const { limit } = deps.clientLimits;
    app.use(KICKOFF_PATH, timedUntilNext('limit', "client's import budget checked (PostgreSQL)", limit('import')));
    app.use('/api/artists/import/batch', limit('import', batchSize));
    app.use('/api/search', limit('search'));
    app.use('/api/setlists/:id/songs/:songId/vote', limit('vote'));
  }

  app.route('/', healthRoutes(deps));
  app.get('/metrics', async (c) => c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }));
  app.route('/api/artists', importRoutes(deps));
  app.route('/api/artists', importProgressRoutes(deps, { watchers, metrics }));
  app.route('/api/artists', artistRoutes(deps));
  app.route('/api/search', searchRoutes(deps));
  app.route('/api/trending', trendingRoutes(deps));
  app.route('/api/shows', showRoutes(deps));
  app.route('/api/setlists', setlistRoutes(deps));
  app.route('/api/admin', adminRoutes(deps));
  app.route('/api/config', appConfigRoutes(deps));

  app.doc('/openapi.json', {
    openapi: '3.0.0',
    info: {
      title: 'Artist import API',
      version: '1.0.0',
      description: 'Imports artists as Temporal workflows, streams their progress, and serves artist pages.',
    },
  });

  // Last: the fans' web app answers the page paths no API route took.
  if (deps.webAppDir) app.route('/', webAppRoutes(deps.webAppDir));

  app.notFound((c) => c.json({ error: 'not_found', message: `No route ${c.req.method} ${c.req.path}` } satisfies ApiErrorBody, 404));
  app.onError((err, c) => errorResponse(err, c, logger.child({ reqId: c.get('requestId'), ...requestLogFields(c) })));
  return app;
}
