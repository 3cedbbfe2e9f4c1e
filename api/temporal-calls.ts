import { InterceptingCall, status as grpcStatus, type Interceptor } from '@grpc/grpc-js';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
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

/** Pauses before a refused query is sent again: 25 ms, then ×1.7, at most 100 ms apart. */
const QUERY_REFUSED_FIRST_RETRY_MS = 25;
const QUERY_REFUSED_MAX_RETRY_MS = 100;
/** Attempts of a refused query: ~10 s of refusals; the query's own deadline (1 s for a progress poll) ends them first. */
const QUERY_REFUSED_ATTEMPTS = 100;

const clientDefaults = defaultGrpcRetryOptions();
const defaultRetries = makeGrpcRetryInterceptor(clientDefaults);
const queryRetries = makeGrpcRetryInterceptor({
  delayFunction: (attempt, status) =>
    status.code === grpcStatus.RESOURCE_EXHAUSTED
      ? Math.min(QUERY_REFUSED_MAX_RETRY_MS, QUERY_REFUSED_FIRST_RETRY_MS * 1.7 ** (attempt - 1))
      : clientDefaults.delayFunction(attempt, status),
  // Other failures (a server that is down) keep the client's own count and backoff.
  retryableDecider: (attempt, status) =>
    status.code === grpcStatus.RESOURCE_EXHAUSTED ? attempt < QUERY_REFUSED_ATTEMPTS : clientDefaults.retryableDecider(attempt, status),
});

const isQuery = (options: Parameters<Interceptor>[0]) => options.method_definition.path.endsWith('/QueryWorkflow');

/**
 * The client's retries, with one change for queries. While a workflow task is
 * scheduled or running (and until the first one has completed), the server
 * holds one query per workflow and refuses any other with RESOURCE_EXHAUSTED
 * ("consistent query buffer is full": history.MaxBufferedQueryCount, 1 by
 * default). The client's own backoff on that code is 1 s × 1.7, longer than a
 * progress poll's deadline, so whenever two readers asked about one import at
 * once (two API processes, a stream and /status, an operator)
 * one of them got nothing for that poll, and a fan who had just opened the
 * page waited ~1.7 s for a first event. The buffer frees when the task
 * completes, usually within milliseconds: a refused query is sent again soon,
 * within its own deadline.
 */
const retries: Interceptor = (options, nextCall) => (isQuery(options) ? queryRetries : defaultRetries)(options, nextCall);

export interface TemporalConnection {
  connection: Connection;
  /** QueryWorkflow calls sent on the connection so far, each retry counted (what the server was asked). */
  queryCalls(): number;
}

/** The API's connection to Temporal: the client's defaults, with the query retries above. */
export async function connectTemporal(address: string): Promise<TemporalConnection> {
  let queryCalls = 0;
  // After the retries in the chain: every attempt passes here.
  const countQueries: Interceptor = (options, nextCall) => {
    if (isQuery(options)) queryCalls++;
    return new InterceptingCall(nextCall(options));
  };
  const connection = await Connection.connect({ address, interceptors: [retries, countQueries] });
  return { connection, queryCalls: () => queryCalls };
}
