// The one HTTP layer every provider client goes through: per-attempt timeout,
// retries with backoff, Retry-After, cancellation, per-source rate limits and
// counters. Clients hand it a URL and get back parsed JSON as `unknown`, which
// they validate themselves. Concurrency is limited per process (p-limit);
// rates and daily quotas by the request permits it is given, which a worker
// or API process shares with every other through PostgreSQL (request-permits.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry from 'p-retry';
import { fetch, type Response } from 'undici';
import {
  MUSICBRAINZ_REQUESTS_PER_SECOND,
  SETLISTFM_REQUESTS_PER_DAY,
  SETLISTFM_REQUESTS_PER_SECOND,
  SPOTIFY_REQUESTS_PER_SECOND,
  TICKETMASTER_REQUESTS_PER_DAY,
  TICKETMASTER_REQUESTS_PER_SECOND,
} from '../domain/limits';
import { ProviderError, statusText } from './errors';
import { createRequestPermits, type RequestPermits } from './request-permits';
import { warmAgainstLoopback } from './loopback-warm-up';
import { providerDispatcher, SendDeadlinePassed } from './send-deadline';
import type { CallOptions, ProviderName, RetryEvent } from './types';

export interface RateLimit {
  /** Requests allowed to be in flight at once, per process. */
  maxConcurrent: number;
  /** Request starts allowed in any `intervalMs` (by every process together); null = no rate cap. */
  requestsPerInterval: number | null;
  intervalMs: number;
  /**
   * Request starts allowed per quota window (a per-key daily quota, by every
   * process together); past it a call fails at once, unsent, with a `quota`
   * ProviderError saying when the quota resets. Absent or null = no quota.
   */
  requestsPerDay?: number | null;
}

export interface HttpOptions {
  /** Per-attempt limit for the whole exchange, body included. */
  timeoutMs: number;
  /** Retries after the first attempt (so maxRetries + 1 attempts at most). */
  maxRetries: number;
  /** Backoff cap for attempt n is min(maxDelayMs, baseDelayMs × 2^(n-1)); the wait is uniform in [0, cap]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Longest Retry-After the layer waits in-process. A source asking for more
   * gets no in-process retry: the error (retryable, with retryAfterMs) goes to
   * the caller, whose own retry policy (Temporal's) can wait that long without
   * holding a worker slot — and retrying sooner would only earn another 429.
   */
  maxRetryAfterMs: number;
  rateLimits: Record<ProviderName, RateLimit>;
  /** A daily quota's window: 24 h, aligned to 00:00 UTC; a whole number of seconds (tests shorten it). */
  quotaWindowMs: number;
  /**
   * How much later than its grant a request may reach the provider (database
   * round trip, event loop); rate windows are stretched by it so that no
   * second at the provider sees more than the rate (request-permits.ts).
   */
  arrivalJitterMs: number;
  /** Called before every retry wait of every call (after the per-call hook). */
  onRetry?: (event: RetryEvent) => void;
}

/** Partial options, with rate limits overridable per source and per field. */
export type HttpOverrides = Partial<Omit<HttpOptions, 'rateLimits'>> & {
  rateLimits?: Partial<Record<ProviderName, Partial<RateLimit>>>;
};

// The providers' documented limits (domain/limits.ts; the env variables
// override the rates and quotas). Spotify publishes no number (rolling 30 s
// window), so a modest concurrency and rate keep us clear of 429s;
// Retry-After handles the rest.
export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  timeoutMs: 15_000,
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  rateLimits: {
    ticketmaster: { maxConcurrent: 5, requestsPerInterval: TICKETMASTER_REQUESTS_PER_SECOND, intervalMs: 1_000, requestsPerDay: TICKETMASTER_REQUESTS_PER_DAY },
    spotify: { maxConcurrent: 4, requestsPerInterval: SPOTIFY_REQUESTS_PER_SECOND, intervalMs: 1_000 },
    setlistfm: {
      maxConcurrent: SETLISTFM_REQUESTS_PER_SECOND,
      requestsPerInterval: SETLISTFM_REQUESTS_PER_SECOND,
      intervalMs: 1_000,
      requestsPerDay: SETLISTFM_REQUESTS_PER_DAY,
    },
    // MusicBrainz: 1 request/s per client, 503 above it.
    musicbrainz: { maxConcurrent: 1, requestsPerInterval: MUSICBRAINZ_REQUESTS_PER_SECOND, intervalMs: 1_000 },
  },
  quotaWindowMs: 86_400_000,
  arrivalJitterMs: 100,
};

/** `base` (the defaults) with `overrides` applied, rate limits per source and per field. */
export function resolveHttpOptions(overrides: HttpOverrides = {}, base: HttpOptions = DEFAULT_HTTP_OPTIONS): HttpOptions {
  const { rateLimits, ...rest } = overrides;
  const merged: HttpOptions = { ...base, ...rest, rateLimits: { ...base.rateLimits } };
  for (const source of Object.keys(merged.rateLimits) as ProviderName[]) {
    merged.rateLimits[source] = { ...base.rateLimits[source], ...rateLimits?.[source] };
  }
  return merged;
}

export interface HttpStats {
  /** Attempts sent (first tries and retries). */
  requests: number;
  retries: number;
  /** 429 answers seen. */
  rateLimited: number;
  timeouts: number;
  networkErrors: number;
  /** Calls that failed for good. */
  failures: number;
}

export interface RequestSpec {
  method?: 'GET' | 'POST';
  /** Absolute URL (a base URL + path, or a `next` link exactly as the source gave it). */
  url: URL | string;
  /** Added to the URL's own query; undefined/null values are left out. */
  query?: Record<string, string | number | null | undefined>;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  /** Error statuses the caller handles itself: returned instead of thrown, never retried. */
  acceptStatus?: readonly number[];
}

export interface HttpResponse {
  source: ProviderName;
  method: string;
  path: string;
  status: number;
  /** Parsed JSON; null for an empty body (or a non-JSON body of an accepted error status). */
  body: unknown;
}

export class HttpClient {
  readonly source: ProviderName;
  private readonly options: HttpOptions;
  private readonly limit: LimitFunction;
  private readonly permits: RequestPermits;
  private readonly counters: HttpStats = emptyStats();

  /**
   * `permits`: the rate and quota counts to draw on — shared ones (PostgreSQL)
   * in a worker or API process; without them, counts of this client alone.
   */
  constructor(source: ProviderName, options: HttpOptions = DEFAULT_HTTP_OPTIONS, permits?: RequestPermits) {
    this.source = source;
    this.options = options;
    this.limit = pLimit(options.rateLimits[source].maxConcurrent);
    this.permits = permits ?? createRequestPermits('memory', options);
  }

  get stats(): HttpStats {
    return { ...this.counters };
  }

  resetStats(): void {
    Object.assign(this.counters, emptyStats());
  }

  /** GET (or POST) a JSON resource with retries; throws ProviderError when it gives up. */
  async request(spec: RequestSpec, call: CallOptions = {}): Promise<HttpResponse> {
    const url = new URL(spec.url);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const method = spec.method ?? 'GET';
    const signal = call.signal;
    signal?.throwIfAborted();
    let attempts = 0;
    try {
      return await pRetry(
        () => {
          attempts++;
          return this.withSlot(url.pathname, method, (deadline) => this.attempt(url, method, spec, signal, deadline), signal);
        },
        {
          retries: this.options.maxRetries,
          // p-retry's own delay (minTimeout × factor^n × rand[1,2]) can neither
          // follow Retry-After nor do full jitter, so it is zeroed and the wait
          // happens in shouldRetry, which p-retry awaits only when it is about
          // to retry (budget left, error not aborted).
          minTimeout: 0,
          maxTimeout: 0,
          signal,
          shouldRetry: ({ error, attemptNumber }) => this.waitBeforeRetry(error, attemptNumber, call),
        },
      );
    } catch (error) {
      this.counters.failures++;
      if (error instanceof ProviderError && attempts > 1) throw error.withAttempts(attempts);
      throw error;
    }
  }

  private async withSlot<T>(path: string, method: string, run: (deadline: number) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    // The concurrency slot is held while waiting for a permit, so request
    // starts are paced by the permits alone. A spent quota throws here: unsent.
    const queued = this.limit(() => this.permits.send(this.source, { method, path }, run, signal));
    // A cancelled call leaves the queue at once; its queued job still runs
    // later, sees the aborted signal and ends without sending anything.
    return raceAbort(queued, signal);
  }

  /** One attempt, sent by `deadline` (its rate grant's) or not at all (SendDeadlinePassed). */
  private async attempt(url: URL, method: string, spec: RequestSpec, external: AbortSignal | undefined, deadline: number): Promise<HttpResponse> {
    const path = url.pathname;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = external ? AbortSignal.any([external, timeout]) : timeout;
    const fail = (kind: 'timeout' | 'network', cause: unknown): ProviderError => {
      if (kind === 'timeout') this.counters.timeouts++;
      else this.counters.networkErrors++;
      return new ProviderError({
        source: this.source,
        method,
        path,
        status: null,
        kind,
        retryable: true,
        detail: kind === 'timeout' ? `no complete answer within ${this.options.timeoutMs} ms` : causeText(cause),
        cause,
      });
    };

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...spec.headers },
        body: spec.body,
        signal,
        dispatcher: providerDispatcher(deadline),
      });
      text = await response.text();
    } catch (error) {
      // Past its grant's deadline, it was never written: not an attempt (the permits ask again).
      if (error instanceof Error && error.cause instanceof SendDeadlinePassed) throw error.cause;
      this.counters.requests++;
      if (external?.aborted) throw external.reason;
      throw fail(timeout.aborted ? 'timeout' : 'network', error);
    }
    this.counters.requests++;

    const status = response.status;
    const accepted = spec.acceptStatus?.includes(status) ?? false;
    if (!response.ok && !accepted) {
      if (status === 429) this.counters.rateLimited++;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      // A spent quota (Spotify: 429 with "reason": "QUOTA_EXCEEDED") is not a
      // burst: retrying in-process would only earn more 429s; the caller waits.
      const quotaExceeded = status === 429 && text.includes('QUOTA_EXCEEDED');
      const retryable = status === 408 || status === 429 || status >= 500;
      const tooLong = retryable && retryAfterMs !== null && (quotaExceeded || retryAfterMs > this.options.maxRetryAfterMs);
      throw new ProviderError({
        source: this.source,
        method,
        path,
        status,
        kind: 'http',
        retryable,
        retryAfterMs,
        quotaExceeded,
        detail: quotaExceeded
          ? `the quota is spent (QUOTA_EXCEEDED); Retry-After ${Math.ceil((retryAfterMs ?? 0) / 1000)} s`
          : tooLong
          ? `Retry-After ${Math.ceil(retryAfterMs / 1000)} s is longer than the ${Math.round(this.options.maxRetryAfterMs / 1000)} s waited in-process`
          : undefined,
      });
    }

    let body: unknown = null;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch (error) {
        // An accepted error status (a 404 "not found", a 403 refusal) may come
        // with an HTML or text body; the status alone is what the caller needs.
        // A success whose body does not parse is a transfer cut short or a
        // proxy's maintenance page: tried again, as a 5xx is. (A body that
        // parses but has the wrong shape is the source's answer: the client's
        // validation refuses it, not retried.)
        if (!accepted) {
          throw new ProviderError({
            source: this.source,
            method,
            path,
            status,
            kind: 'invalid-response',
            retryable: true,
            detail: 'the body is not JSON',
            cause: error,
          });
        }
      }
    }
    return { source: this.source, method, path, status, body };
  }

  private async waitBeforeRetry(error: Error, attemptNumber: number, call: CallOptions): Promise<boolean> {
    if (!(error instanceof ProviderError) || !error.retryable) return false;
    if (call.signal?.aborted) return false;
    let delayMs: number;
    if (error.quotaExceeded) return false;
    if (error.retryAfterMs !== null) {
      if (error.retryAfterMs > this.options.maxRetryAfterMs) return false;
      delayMs = error.retryAfterMs;
    } else {
      delayMs = fullJitterDelay(attemptNumber, this.options.baseDelayMs, this.options.maxDelayMs);
    }
    this.counters.retries++;
    const event: RetryEvent = {
      source: this.source,
      method: error.method,
      path: error.path,
      attempt: attemptNumber,
      delayMs,
      reason: retryReason(error),
      status: error.status,
    };
    notify(call.onRetry, event);
    notify(this.options.onRetry, event);
    if (delayMs > 0) {
      try {
        await sleep(delayMs, undefined, { signal: call.signal });
      } catch (sleepError) {
        if (call.signal?.aborted) throw call.signal.reason;
        throw sleepError;
      }
    }
    return true;
  }
}

/** "Full jitter" (AWS architecture blog): uniform in [0, min(max, base × 2^(attempt-1))]. */
export function fullJitterDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.random() * cap);
}

/** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

function notify(hook: ((event: RetryEvent) => void) | undefined, event: RetryEvent): void {
  try {
    hook?.(event);
  } catch {
    // A failing observer (a log sink, a heartbeat after cancellation) must not
    // turn a retry into a failure; cancellation arrives through the signal.
  }
}

function retryReason(error: ProviderError): string {
  if (error.kind === 'http' && error.status !== null) return statusText(error.status);
  return error.detail ?? error.kind;
}

function causeText(cause: unknown): string {
  // undici wraps the interesting part ("connect ECONNREFUSED 127.0.0.1:4000")
  // in `cause` of a generic "fetch failed".
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error) {
    const code = (inner as Error & { code?: unknown }).code;
    return typeof code === 'string' && !inner.message.includes(code) ? `${code} ${inner.message}` : inner.message;
  }
  return String(inner);
}

/**
 * `work`, unless `signal` aborts first: then the signal's reason, at once.
 * `work` keeps running (its outcome is ignored), so it must not have effects
 * the caller would need to undo.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function emptyStats(): HttpStats {
  return { requests: 0, retries: 0, rateLimited: 0, timeouts: 0, networkErrors: 0, failures: 0 };
}

/** base + path, whatever the base's trailing slash; path segments must already be encoded. */
export function joinUrl(baseUrl: string, path: string): URL {
  return new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
}

/**
 * Sends a provider client's kinds of request (a JSON GET; a form POST, as
 * Spotify's token request) through the providers' fetch, with a deadline as a
 * rate grant gives it, to a loopback server, so that no provider request pays
 * fetch's first use after its rate grant.
 */
export function warmProviderHttp(): Promise<void> {
  return warmAgainstLoopback(async (url) => {
    const requests = [{}, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials' }) }];
    for (const init of requests) {
      await (await fetch(url, { ...init, headers: { accept: 'application/json' }, dispatcher: providerDispatcher(Date.now() + 60_000) })).json();
    }
  });
}
