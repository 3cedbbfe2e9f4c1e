import { STATUS_CODES } from 'node:http';
import type { ProviderName } from './types';

/**
 * How a provider call failed:
 * - `http`: the source answered with an error status;
 * - `timeout`: no complete answer within the per-attempt timeout;
 * - `network`: the connection failed (refused, reset, DNS …);
 * - `invalid-response`: the source answered 2xx with a body we cannot use.
 */
/** `quota`: not sent at all, the source's request quota (shared by every process) is spent. */
export type ProviderErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response' | 'quota';

export interface ProviderErrorDetails {
  source: ProviderName;
  method: string;
  /** URL pathname only. Query strings are never kept: Ticketmaster's key travels in one. */
  path: string;
  status: number | null;
  kind: ProviderErrorKind;
  /** True when trying again later may succeed (network, timeout, 408, 429, 5xx). */
  retryable: boolean;
  /** What the source asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number | null;
  /** Attempts made before giving up (1 = no retry). */
  attempts?: number;
  /** A 429 that says the quota is spent (Spotify's `QUOTA_EXCEEDED`), not a burst. */
  quotaExceeded?: boolean;
  /** Kind `quota`: when the spent quota resets (ms since the epoch). */
  quotaResetsAt?: number | null;
  /** Extra words after the status, e.g. why a body was rejected. Must not contain secrets. */
  detail?: string;
  cause?: unknown;
}

/**
 * A provider call that failed for good (after the HTTP layer's own retries).
 * The message names the source, the method, the path and the status so a fan
 * can read it and an operator can act on it, e.g.
 * `ticketmaster GET /discovery/v2/attractions/K8v.json answered 404 Not Found`.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly source: ProviderName;
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly attempts: number;
  readonly detail: string | null;
  readonly quotaExceeded: boolean;
  readonly quotaResetsAt: number | null;

  constructor(details: ProviderErrorDetails) {
    super(describe(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.source = details.source;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.kind = details.kind;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.attempts = details.attempts ?? 1;
    this.quotaExceeded = details.quotaExceeded ?? false;
    this.quotaResetsAt = details.quotaResetsAt ?? null;
    this.detail = details.detail ?? null;
  }

  /** The same failure, reported as the last of `attempts` tries. */
  withAttempts(attempts: number): ProviderError {
    return new ProviderError({ ...this.details(), attempts });
  }

  details(): ProviderErrorDetails {
    return {
      source: this.source,
      method: this.method,
      path: this.path,
      status: this.status,
      kind: this.kind,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
      quotaExceeded: this.quotaExceeded,
      quotaResetsAt: this.quotaResetsAt,
      detail: this.detail ?? undefined,
      cause: this.cause,
    };
  }
}

export function statusText(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Unknown Status'}`;
}

function describe(d: ProviderErrorDetails): string {
  const head = `${d.source} ${d.method} ${d.path}`;
  let body: string;
  switch (d.kind) {
    case 'http':
      body = `answered ${d.status === null ? 'an error' : statusText(d.status)}`;
      break;
    case 'invalid-response':
      body = `answered ${d.status === null ? 'a body' : statusText(d.status)} that could not be used`;
      break;
    case 'timeout':
      body = 'timed out';
      break;
    case 'network':
      body = 'failed before an answer arrived';
      break;
    case 'quota':
      body = 'was not sent: its request quota is spent';
      break;
  }
  const detail = d.detail ? `: ${d.detail}` : '';
  const attempts = d.attempts !== undefined && d.attempts > 1 ? ` (after ${d.attempts} attempts)` : '';
  return `${head} ${body}${detail}${attempts}`;
}

/** A provider cannot be built because configuration is missing. */
export class ProviderConfigError extends Error {
  override readonly name = 'ProviderConfigError';
  readonly missing: string[];

  constructor(missing: string[]) {
    super(`Missing provider configuration: ${missing.join(', ')} must be set (see .env.example)`);
    this.missing = missing;
  }
}

/**
 * Ticketmaster refuses to page past its 1,000th item (size × page must stay
 * below 1,000). Raised before sending such a request, so the caller learns to
 * split by date window instead of silently losing events.
 */
export class DeepPagingError extends RangeError {
  override readonly name = 'DeepPagingError';
}
