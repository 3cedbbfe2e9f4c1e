// Provider quotas, waited out (workflow code: orchestration only, no I/O).
// Two failures mean "a quota is spent, try again later":
// - ProviderQuotaSpent: our own count of the provider's quota (kept for every
//   worker and API process together) refused the request before it was sent;
//   it says when the quota resets;
// - ProviderQuotaExceeded: Spotify answered 429 QUOTA_EXCEEDED with a Retry-After.
// Either way the step is run again after a durable timer (a worker restart
// neither shortens nor repeats it), and the fan and the operator are told:
// the progress message while waiting, a warning afterwards. A spent quota of
// our own never fails an import; Spotify's is waited out a few times at most.
import { ActivityFailure, ApplicationFailure, sleep } from '@temporalio/workflow';
import type { ImportProgress } from '../domain/progress';
import { parseProviderQuotaSpent, PROVIDER_QUOTA_SPENT_FAILURE, quotaWaitMessage, quotaWaitWarning } from '../domain/provider-quota';
import { QUOTA_EXCEEDED_FAILURE } from '../domain/spotify-contract';

/** How many QUOTA_EXCEEDED answers from Spotify one step sits through before the import fails. */
const MAX_SPOTIFY_QUOTA_WAITS = 5;
/** What Spotify's spent quota waits when it names no Retry-After. */
const SPOTIFY_QUOTA_FALLBACK_MS = 60_000;
/**
 * Waited past a quota's reset: the worker that counted it and the Temporal
 * server that fires the timer need not agree on the time to the millisecond,
 * and a step run a moment early would only wait again.
 */
const RESET_GRACE_MS = 1_000;

/** How a wait is shown: the import's progress message and its warnings. */
export interface QuotaWaitReporter {
  update(patch: Partial<Pick<ImportProgress, 'message'>>): void;
  warn(messages: readonly string[]): void;
  /** Runs a wait whose time does not count against the import's deadline (import-deadline.ts); absent: no deadline. */
  excluding?<T>(wait: () => Promise<T>): Promise<T>;
}

interface QuotaWait {
  /** From now, on the workflow clock. */
  waitMs: number;
  message: string;
  warning: string;
  /** Spotify's own QUOTA_EXCEEDED (bounded waits) rather than our count (unbounded). */
  spotifyAnswer: boolean;
}

/**
 * The one place an import waits for a provider's quota: a durable timer.
 * (Time spent here is the providers' budget, not the import's own work.)
 */
export async function waitForQuota(waitMs: number): Promise<void> {
  await sleep(waitMs);
}

/**
 * Runs steps (activity calls); when one fails because a provider's quota is
 * spent, reports the wait, waits on a timer and runs it again. `what` names
 * the step in Spotify's messages ("listing albums").
 */
export function quotaWaiter(reporter: QuotaWaitReporter) {
  return async <T>(what: string | null, step: () => Promise<T>): Promise<T> => {
    for (let spotifyWaits = 0; ; ) {
      try {
        return await step();
      } catch (err) {
        const wait = quotaWait(err, Date.now(), what);
        if (wait === null || (wait.spotifyAnswer && spotifyWaits++ >= MAX_SPOTIFY_QUOTA_WAITS)) throw err;
        reporter.update({ message: wait.message });
        reporter.warn([wait.warning]);
        await (reporter.excluding ? reporter.excluding(() => waitForQuota(wait.waitMs)) : waitForQuota(wait.waitMs));
      }
    }
  };
}

/**
 * The same activity proxies, every call of which waits out spent quotas:
 * wrap a phase's proxies once and call them as before.
 */
export function waitingOutQuotas<P extends Record<string, object>>(proxies: P, reporter: QuotaWaitReporter): P {
  const waiter = quotaWaiter(reporter);
  // An activity function and its own function properties (Temporal's `executeWithOptions`) alike.
  const waiting = (fn: (...args: unknown[]) => unknown, self: unknown) => {
    const wrapped = (...args: unknown[]) => waiter(null, () => Reflect.apply(fn, self, args) as Promise<unknown>);
    for (const [key, prop] of Object.entries(fn)) {
      if (typeof prop === 'function') Object.assign(wrapped, { [key]: (...args: unknown[]) => waiter(null, () => Reflect.apply(prop, fn, args) as Promise<unknown>) });
    }
    return wrapped;
  };
  const wrap = <A extends object>(activities: A): A =>
    new Proxy(activities, {
      get(target, name, receiver) {
        const value: unknown = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? waiting(value as (...args: unknown[]) => unknown, target) : value;
      },
    });
  return Object.fromEntries(Object.entries(proxies).map(([key, activities]) => [key, wrap(activities)])) as P;
}

/** The wait a failure asks for, or null when it is not a spent quota. */
function quotaWait(err: unknown, now: number, what: string | null): QuotaWait | null {
  const cause = err instanceof ActivityFailure ? err.cause : null;
  if (!(cause instanceof ApplicationFailure)) return null;
  if (cause.type === PROVIDER_QUOTA_SPENT_FAILURE) {
    const quota = parseProviderQuotaSpent(cause.details?.[0]);
    if (!quota) return null;
    return {
      waitMs: Math.max(0, quota.resetsAt - now) + RESET_GRACE_MS,
      message: quotaWaitMessage(quota),
      warning: quotaWaitWarning(quota, now),
      spotifyAnswer: false,
    };
  }
  if (cause.type === QUOTA_EXCEEDED_FAILURE) {
    const detail: unknown = cause.details?.[0];
    const ms = typeof detail === 'object' && detail !== null && 'retryAfterMs' in detail ? detail.retryAfterMs : null;
    const waitMs = typeof ms === 'number' && ms >= 0 ? ms : SPOTIFY_QUOTA_FALLBACK_MS;
    const seconds = Math.ceil(waitMs / 1000);
    const before = what ? ` before ${what}` : '';
    const during = what ? ` while ${what}` : '';
    return {
      waitMs,
      message: `Spotify's request quota for this app is spent: waiting ${seconds} s${before}`,
      warning: `Spotify's quota was spent (QUOTA_EXCEEDED)${during}: waited ${seconds} s as Spotify asked`,
      spotifyAnswer: true,
    };
  }
  return null;
}
