import { isGrpcDeadlineError, isGrpcServiceError } from '@temporalio/client';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';

export const API_ERROR_CODES = [
  'invalid_request',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'payload_too_large',
  'rate_limited',
  'upstream_unavailable',
  'temporal_unavailable',
  'database_unavailable',
  'internal_error',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The one error body every endpoint answers with. */
export interface ApiErrorBody {
  error: ApiErrorCode;
  message: string;
  field?: string;
}

/** An error a route throws on purpose; `app.onError` turns it into its response. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.field === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, field: this.field };
  }
}

export function invalidRequest(field: string, problem: string): ApiError {
  return new ApiError(400, 'invalid_request', `${field}: ${problem}`, field);
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'not_found', message);
}

export function conflict(message: string): ApiError {
  return new ApiError(409, 'conflict', message);
}

// What a fan's client sends lives in different places; name the field the way
// the client wrote it (a header by its header name, a body without a path as "body").
const TARGET_LABEL: Record<string, string> = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'cookie' };
const HEADER_NAMES: Record<string, string> = { 'last-event-id': 'Last-Event-ID', authorization: 'Authorization' };

function fieldOf(path: readonly PropertyKey[], target: string): string {
  if (path.length === 0) return TARGET_LABEL[target] ?? target;
  const [head, ...rest] = path;
  const first = target === 'header' ? (HEADER_NAMES[String(head)] ?? String(head)) : String(head);
  return rest.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), first);
}

function problemOf(issue: ZodError['issues'][number]): string {
  // zod says "Invalid input: expected string, received undefined" for an absent key.
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'is required';
  return issue.message;
}

/** Validation hook of every route: the first zod issue becomes a 400 naming its field. */
export function validationHook(result: { target: string } & ({ success: true } | { success: false; error: ZodError })): void {
  if (result.success) return;
  const issue = result.error.issues[0];
  if (!issue) throw invalidRequest(TARGET_LABEL[result.target] ?? result.target, 'invalid');
  throw invalidRequest(fieldOf(issue.path, result.target), problemOf(issue));
}

const GRPC_UNAVAILABLE = 14;

/** True when the error means "Temporal did not answer" rather than "Temporal said no". */
export function isTemporalUnavailable(err: unknown): boolean {
  if (isGrpcDeadlineError(err)) return true;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isGrpcServiceError(e) && e.code === GRPC_UNAVAILABLE) return true;
    if (e.name === 'TransportError') return true;
  }
  return false;
}

const DB_UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'P1001', 'P1002', 'P1017', '57P01', '57P03']);

/** True when PostgreSQL could not be reached (as opposed to a query that failed). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DB_UNREACHABLE_CODES.has(code)) return true;
    if (e.name === 'PrismaClientInitializationError') return true;
    const kind = (e as { cause?: { kind?: unknown } }).cause?.kind;
    if (kind === 'DatabaseNotReachable' || kind === 'SocketTimeout' || kind === 'ConnectionClosed') return true;
  }
  return false;
}

/** Maps anything a route threw to the API's error body; unexpected errors are logged, never shown. */
export function errorResponse(err: unknown, c: Context, logger: Logger): Response {
  if (err instanceof ApiError) return c.json(err.toBody(), err.status);
  if (err instanceof HTTPException) {
    if (err.status === 400) {
      // Hono's JSON validator throws this for a body that does not parse.
      return c.json({ error: 'invalid_request', message: `body: ${err.message || 'malformed request'}`, field: 'body' } satisfies ApiErrorBody, 400);
    }
    if (err.status === 415) {
      return c.json({ error: 'invalid_request', message: 'body: Content-Type must be application/json', field: 'body' } satisfies ApiErrorBody, 400);
    }
    if (err.status === 413) {
      return c.json({ error: 'payload_too_large', message: 'body: request body is too large' } satisfies ApiErrorBody, 413);
    }
    if (err.status === 404) return c.json({ error: 'not_found', message: err.message || 'Not found' } satisfies ApiErrorBody, 404);
    if (err.status < 500) return c.json({ error: 'invalid_request', message: err.message || 'Bad request' } satisfies ApiErrorBody, 400);
  }
  if (isTemporalUnavailable(err)) {
    logger.warn({ err }, 'temporal unavailable');
    return c.json({ error: 'temporal_unavailable', message: 'The import service (Temporal) is unreachable right now; try again shortly.' } satisfies ApiErrorBody, 503);
  }
  if (isDatabaseUnavailable(err)) {
    logger.warn({ err }, 'database unavailable');
    return c.json({ error: 'database_unavailable', message: 'The database is unreachable right now; try again shortly.' } satisfies ApiErrorBody, 503);
  }
  logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
  return c.json({ error: 'internal_error', message: 'Something went wrong on our side; it has been logged.' } satisfies ApiErrorBody, 500);
}
