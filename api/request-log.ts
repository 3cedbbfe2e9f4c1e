// The API's request log: one line per request, naming the import it was about
// (workflow, artist, run) where the route knows it, so that an operator can
// follow one import from the fan's request through the worker's activity
// lines (which carry the same workflowId and artistId, worker/log-context.ts).
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/** What a route learnt about the import a request concerns. */
export interface ImportLogFields {
  workflowId?: string;
  artistId?: string;
  runId?: string;
  tmAttractionId?: string;
}

/** Paths whose successful requests log at debug only (probes and scrapes). */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

// Keyed by the request's context (one object for the middleware and the routes
// of a request, though the sub-apps type it each their own way); not by the
// raw Request, which middleware such as bodyLimit replace.
const fieldsByRequest = new WeakMap<Context, ImportLogFields & { reqId?: string }>();

/** Adds to what the request's log line (and any error line of it) says about its import. */
export function annotateRequest(c: Context, fields: ImportLogFields): void {
  fieldsByRequest.set(c, { ...fieldsByRequest.get(c), ...fields });
}

/** The request's id and the import fields its route recorded: what every log line of the request carries. */
export function requestLogFields(c: Context): ImportLogFields & { reqId?: string } {
  return fieldsByRequest.get(c) ?? {};
}

/**
 * Logs each request when its response is ready (for a progress stream: when
 * the stream opens). Fields a route recorded are logged even when it threw.
 */
export function requestLogger(logger: Logger, requestIdOf: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    const t0 = performance.now();
    fieldsByRequest.set(c, { reqId: requestIdOf(c) });
    await next();
    const { reqId, ...importFields } = requestLogFields(c);
    const entry = {
      reqId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - t0),
      ...importFields,
    };
    if (QUIET_PATHS.has(c.req.path) && c.res.status < 400) logger.debug(entry, 'request');
    else logger.info(entry, 'request');
  };
}
