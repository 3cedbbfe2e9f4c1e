import type { AppDeps } from './deps';

export const DEFAULT_TEMPORAL_TIMEOUT_MS = 5_000;

/**
 * Runs Temporal calls under a deadline: an unreachable server then answers
 * DEADLINE_EXCEEDED (→ 503) quickly instead of after the client's ~20 s of retries.
 */
export function withTemporalDeadline<T>(deps: AppDeps, fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
  const ms = timeoutMs ?? deps.temporalTimeoutMs ?? DEFAULT_TEMPORAL_TIMEOUT_MS;
  return deps.temporal.withDeadline(Date.now() + ms, fn);
}
