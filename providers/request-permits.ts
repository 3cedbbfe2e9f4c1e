// Request permits per provider: its rate (requests per second) and its daily
// quota, counted by rate-limiter-flexible in a store. With the PostgreSQL
// store every process that uses the same database (any number of workers and
// API processes) draws on one budget per provider; with the memory store the
// budget is this process's own (a client built without a shared store).
//
// The rate, and why it is one request per slot. The limit to keep is "at most
// N requests in ANY second" — the fake providers measure exactly that: the
// most arrivals within a rolling 1,000 ms (fakes/state.ts), and real
// providers count however they like. rate-limiter-flexible counts points in
// fixed windows that open at the first request after the previous one closed.
// N points per 1 s window would let N through at the end of one window and N
// more at the start of the next: 2N within a few milliseconds. Smaller windows
// of N/k points still let (k+1)·N/k into a rolling second, and nothing of the
// kind works for N = 1 (MusicBrainz). One point per window of spacing
// S = (interval + J) / N works for every N: a window opens only at a granted
// request, so grants are at least S apart, and any span of interval + J holds
// at most N of them. J is the arrival jitter: a request reaches the provider
// some milliseconds after its grant (a database round trip, the event loop,
// the connection), and two grants S apart may arrive up to J closer. While that
// variation stays under J, no rolling second at the provider sees more than N.
// A grant is only used fresh: its request must be written to the provider's
// connection within J/2 of the ask (checked by undici's onConnect, after any
// new connection is open: send-deadline.ts); the other half of J is for the
// write and the network. A grant that comes back later (a process starved of
// CPU, a busy database), or a request that gets to its socket later (a new
// connection in a busy event loop), is dropped unsent — its slot is spent —
// and the request asks again. rate-limiter-flexible dates the window from the
// ask (the clock when it builds the query), so no delay before the write,
// however long, can eat into J unseen.
// The price is throughput N × interval / (interval + J): 4.55/s of
// Ticketmaster's 5 with J = 100 ms (measured on a loaded 2-core machine: 50 ms
// was not always enough).
//
// The daily quota: N points in windows aligned to the epoch (a day is a UTC
// day, keyed by its index), so every process agrees on when a quota resets,
// and a spent quota can say when: the start of the next window.
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ProviderError } from './errors';
import { deadlinePassed, SendDeadlinePassed } from './send-deadline';
import type { ProviderName } from './types';

/** What the permits enforce per provider (HttpOptions' rate limits and windows). */
export interface PermitOptions {
  rateLimits: Record<
    ProviderName,
    {
      /** Request starts allowed in any `intervalMs`; null = no rate cap. */
      requestsPerInterval: number | null;
      intervalMs: number;
      /** Request starts allowed per quota window; absent or null = no quota. */
      requestsPerDay?: number | null;
    }
  >;
  /** Length of a quota window, a whole number of seconds (a day; tests shorten it). */
  quotaWindowMs: number;
  /** How much later than its grant a request may reach the provider; rate windows are stretched by it. */
  arrivalJitterMs: number;
}

/** Where the counts live: a pg Pool shares them with every process on the same database. */
export type PermitStore = { pool: Pool } | 'memory';

export interface RequestPermits {
  /**
   * Calls `start` as soon as `source` may start one request, and returns what
   * it returns. `start` must send the request by the deadline it is given
   * (ms since the epoch; Infinity: no rate) or throw SendDeadlinePassed
   * unsent, and is then called again with the next grant's deadline. Rejects
   * with a ProviderError of kind `quota` (carrying when the quota resets),
   * without calling `start`, when the source's quota window is spent.
   */
  send<T>(source: ProviderName, request: { method: string; path: string }, start: (deadline: number) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/** The PostgreSQL table (prisma/schema.prisma: model RateLimit) the API's per-client limits use too. */
const TABLE = 'RateLimit';
/** Rate windows' keys: `provider-rate:<source>` (rate-limiter-flexible joins prefix and key with a colon). */
export const RATE_PREFIX = 'provider-rate';
const QUOTA_PREFIX = 'provider-quota';
const DAY_MS = 86_400_000;

export function createRequestPermits(store: PermitStore, options: PermitOptions): RequestPermits {
  if (options.quotaWindowMs < 1000 || options.quotaWindowMs % 1000 !== 0) {
    throw new RangeError(`quotaWindowMs must be a whole number of seconds, not ${options.quotaWindowMs} ms`);
  }
  const limiter = (keyPrefix: string, points: number, durationMs: number): RateLimiterAbstract =>
    store === 'memory'
      ? new RateLimiterMemory({ keyPrefix, points, duration: durationMs / 1000 })
      : new RateLimiterPostgres({
          storeClient: store.pool,
          storeType: 'pool',
          tableName: TABLE,
          tableCreated: true,
          keyPrefix,
          points,
          duration: durationMs / 1000,
        });

  const sources = new Map<ProviderName, SourcePermits>();
  for (const source of Object.keys(options.rateLimits) as ProviderName[]) {
    const { requestsPerInterval, intervalMs, requestsPerDay } = options.rateLimits[source];
    const rate =
      requestsPerInterval === null
        ? null
        : {
            limiter: limiter(RATE_PREFIX, 1, requestSpacingMs(requestsPerInterval, intervalMs, options.arrivalJitterMs)),
            freshMs: options.arrivalJitterMs / 2,
          };
    const quota =
      requestsPerDay === undefined || requestsPerDay === null || requestsPerDay <= 0
        ? null
        : { limiter: limiter(QUOTA_PREFIX, requestsPerDay, options.quotaWindowMs), points: requestsPerDay, windowMs: options.quotaWindowMs };
    sources.set(source, new SourcePermits(source, rate, quota));
  }
  return {
    send(source, request, start, signal) {
      const permits = sources.get(source);
      if (!permits) return Promise.reject(new Error(`no request limits configured for ${source}`));
      return permits.send(request, start, signal);
    },
  };
}

/**
 * The least spacing between request starts that keeps N requests per interval
 * under the provider's own count, arrival jitter included (see the top of this file).
 */
export function requestSpacingMs(requestsPerInterval: number, intervalMs: number, arrivalJitterMs: number): number {
  let ms = Math.max(1, Math.ceil((intervalMs + arrivalJitterMs) / requestsPerInterval));
  // rate-limiter-flexible takes seconds and multiplies them back by 1,000; an
  // inexact product (1.001 × 1000 = 1000.9999…) would not fit the bigint column.
  while ((ms / 1000) * 1000 !== ms) ms++;
  return ms;
}

interface Rate {
  limiter: RateLimiterAbstract;
  /** How long after its ask a grant may still start a request (J/2): the request's deadline. */
  freshMs: number;
}

interface Quota {
  limiter: RateLimiterAbstract;
  points: number;
  windowMs: number;
}

class SourcePermits {
  /**
   * One waiter per source and process asks the store at a time (in order of
   * arrival): the others queue here instead of polling the database too.
   */
  private readonly queue: LimitFunction = pLimit(1);

  constructor(
    private readonly source: ProviderName,
    private readonly rate: Rate | null,
    private readonly quota: Quota | null,
  ) {}

  async send<T>(request: { method: string; path: string }, start: (deadline: number) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    let spent: string | null = null;
    let quotaTaken = false;
    for (;;) {
      let deadline: number;
      try {
        // In the queue: the quota (once), then the ask for a rate slot; out of it
        // (the next waiter asks meanwhile): the start, which must leave by the grant's deadline.
        deadline = await this.queue(async () => {
          signal?.throwIfAborted();
          if (!quotaTaken) {
            spent = await this.spendQuota(request);
            quotaTaken = true;
          }
          return this.rateSlot(signal);
        });
        signal?.throwIfAborted();
      } catch (err) {
        // Cancelled (or refused) before the send: the request is never sent, so it costs no quota.
        if (spent) await this.quota?.limiter.reward(spent, 1).catch(() => undefined);
        throw err;
      }
      // Already stale (a grant read late): ask again without reaching for a connection.
      if (deadlinePassed(deadline)) continue;
      try {
        return await start(deadline);
      } catch (err) {
        // Not sent, too late for its grant (whose slot is spent unused): ask again.
        if (!(err instanceof SendDeadlinePassed)) throw err;
      }
    }
  }

  /** Counts one request against the current quota window (its key), or throws when the window is spent. */
  private async spendQuota(request: { method: string; path: string }): Promise<string | null> {
    if (!this.quota) return null;
    const { limiter, points, windowMs } = this.quota;
    const window = Math.floor(Date.now() / windowMs);
    // The window's length is part of the key: processes configured alike share a count, others cannot mix theirs.
    const key = `${this.source}:${windowMs / 1000}s:${window}`;
    try {
      await limiter.consume(key, 1);
      return key;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const resetsAt = (window + 1) * windowMs;
      throw new ProviderError({
        source: this.source,
        method: request.method,
        path: request.path,
        status: null,
        kind: 'quota',
        retryable: false,
        retryAfterMs: Math.max(0, resetsAt - Date.now()),
        quotaResetsAt: resetsAt,
        detail: `${points} requests ${windowMs === DAY_MS ? 'per UTC day' : `per ${windowMs / 1000} s window`}; it resets at ${new Date(resetsAt).toISOString()}`,
      });
    }
  }

  /**
   * Waits until the store grants this source's next request start; returns
   * the deadline its request must be written by (Infinity: no rate).
   */
  private async rateSlot(signal: AbortSignal | undefined): Promise<number> {
    if (!this.rate) return Infinity;
    for (;;) {
      signal?.throwIfAborted();
      const askedAt = Date.now();
      try {
        await this.rate.limiter.consume(this.source, 1);
        return askedAt + this.rate.freshMs;
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        await sleep(Math.max(1, res.msBeforeNext), undefined, { signal });
      }
    }
  }
}
