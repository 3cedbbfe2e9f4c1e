// Per-client request budgets of the routes that spend a provider's quota or
// count as a voice (imports and batches, search, votes): kept in PostgreSQL
// by rate-limiter-flexible, so they hold across every API process. A client
// over its budget gets 429 with Retry-After; nothing of the request is done.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { ApiErrorBody } from './errors';

export const CLIENT_LIMIT_KINDS = ['import', 'search', 'vote'] as const;
export type ClientLimitKind = (typeof CLIENT_LIMIT_KINDS)[number];

export interface ClientLimitsConfig {
  /** Requests (an import each; a batch costs one per artist) per client per minute, by kind. */
  perMinute: Record<ClientLimitKind, number>;
  /** Take the client's address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
}

export interface ClientLimits {
  /** Charges `cost(c)` points (default 1) of the client's `kind` budget, or answers 429. */
  limit(kind: ClientLimitKind, cost?: (c: Context) => Promise<number>): MiddlewareHandler;
}

const TABLE = 'RateLimit'; // prisma/schema.prisma: model RateLimit (created by a migration)

export function createClientLimits(pool: Pool, config: ClientLimitsConfig): ClientLimits {
  const limiters = Object.fromEntries(
    CLIENT_LIMIT_KINDS.map((kind) => [
      kind,
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: TABLE,
        tableCreated: true,
        keyPrefix: `api-${kind}`,
        points: config.perMinute[kind],
        duration: 60,
      }),
    ]),
  ) as Record<ClientLimitKind, RateLimiterPostgres>;

  return {
    limit(kind, cost) {
      return async (c, next) => {
        const points = cost ? await cost(c) : 1;
        try {
          await limiters[kind].consume(clientKey(c, config.trustProxy), Math.max(1, points));
        } catch (res) {
          if (!(res instanceof RateLimiterRes)) throw res;
          const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
          c.header('Retry-After', String(seconds));
          const body: ApiErrorBody = {
            error: 'rate_limited',
            message: `Too many ${kind} requests from this client: at most ${config.perMinute[kind]} a minute; try again in ${seconds} s`,
          };
          return c.json(body, 429);
        }
        await next();
      };
    },
  };
}

/** The client's address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
function clientKey(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // No socket (an in-process request): one shared budget.
    return 'unknown';
  }
}
