import { ApplicationFailure } from '@temporalio/common';
import { DeepPagingError, ProviderConfigError, ProviderError } from '../providers/errors';
import { PROVIDER_QUOTA_SPENT_FAILURE, type ProviderQuotaSpent } from '../domain/provider-quota';
import { QUOTA_EXCEEDED_FAILURE } from '../domain/spotify-contract';

/** What a spent quota waits when the source names no Retry-After. */
const QUOTA_WAIT_FALLBACK_MS = 60_000;

/**
 * Maps what an activity caught onto Temporal's retry semantics:
 * - a provider that refused the request (4xx other than 429) will refuse it
 *   again, and a missing key or an impossible page will not fix themselves:
 *   the activity fails at once with the provider's message;
 * - a request not sent because the provider's shared quota is spent fails
 *   at once, saying when the quota resets: the workflow waits until then;
 * - a source that asked for a longer wait than the HTTP layer waits in-process
 *   (Retry-After) gets exactly that wait as the next retry delay;
 * - everything else (network, 5xx after the HTTP layer's own retries,
 *   database hiccups) is rethrown for the activity's retry policy.
 */
export function asActivityFailure(err: unknown): unknown {
  if (err instanceof ProviderError) {
    if (err.quotaExceeded) {
      // A spent quota, not a burst: the workflow waits it out on a durable
      // timer (and says so) when it knows this type; any other caller retries
      // after the wait the source named.
      const waitMs = err.retryAfterMs ?? QUOTA_WAIT_FALLBACK_MS;
      return ApplicationFailure.create({
        message: err.message,
        type: QUOTA_EXCEEDED_FAILURE,
        nextRetryDelay: waitMs,
        details: [{ source: err.source, path: err.path, status: err.status, retryAfterMs: waitMs }],
      });
    }
    if (err.kind === 'quota') {
      const quota: ProviderQuotaSpent = {
        source: err.source,
        resetsAt: err.quotaResetsAt ?? Date.now() + (err.retryAfterMs ?? QUOTA_WAIT_FALLBACK_MS),
        detail: err.detail,
      };
      return ApplicationFailure.create({ message: err.message, type: PROVIDER_QUOTA_SPENT_FAILURE, nonRetryable: true, details: [quota] });
    }
    if (!err.retryable) {
      return ApplicationFailure.create({
        message: err.message,
        type: 'ProviderRefused',
        nonRetryable: true,
        details: [{ source: err.source, path: err.path, status: err.status }],
      });
    }
    if (err.retryAfterMs !== null) {
      return ApplicationFailure.create({
        message: err.message,
        type: 'ProviderBusy',
        nextRetryDelay: err.retryAfterMs,
        details: [{ source: err.source, path: err.path, status: err.status }],
      });
    }
    return err;
  }
  if (err instanceof ProviderConfigError || err instanceof DeepPagingError) {
    return ApplicationFailure.create({ message: err.message, type: err.name, nonRetryable: true });
  }
  return err;
}

/** Runs an activity body, translating provider refusals into non-retryable failures. */
export async function failFastOnRefusal<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw asActivityFailure(err);
  }
}
