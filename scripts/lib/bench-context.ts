// What every benchmark scenario is given, and the small helpers they share.
import type { HttpOverrides } from '../../providers/http';
import { percentile } from './percentile';

export interface BenchContext {
  temporalAddress: string;
  /** A migrated database (fresh for the run unless BENCH_DATABASE_URL names one). */
  databaseUrl: string;
  /** The Temporal server's process when the bench started it (its CPU time is read from /proc). */
  temporalPid: number | undefined;
  /** HTTP overrides of the in-process systems (BENCH_UNTHROTTLED=1 raises the rate limits). */
  http: HttpOverrides;
  unthrottled: boolean;
  /** Varies per run, so artist ids and seeds do not repeat on a Temporal server that is kept. */
  runSeed: number;
}

export type Scenario = (ctx: BenchContext) => Promise<Record<string, unknown>>;

/**
 * Environment of the API and worker processes the process scenarios start: the
 * benchmark is one client making many imports, which the per-client import budget
 * (RATE_LIMIT_IMPORTS_PER_MINUTE, default 30) would otherwise refuse.
 */
export const BENCH_PROCESS_ENV: Record<string, string> = {
  RATE_LIMIT_IMPORTS_PER_MINUTE: '1000000',
  // The providers' rates hold; their daily quotas (0 = none) would only make a long bench wait for tomorrow.
  TICKETMASTER_REQUESTS_PER_DAY: '0',
  SETLISTFM_REQUESTS_PER_DAY: '0',
};

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** n, P50, P99 and max of some latencies (ms, rounded to 0.1). */
export function latencySummary(values: number[]): { n: number; p50: number; p99: number; max: number } {
  return { n: values.length, p50: round(percentile(values, 50), 1), p99: round(percentile(values, 99), 1), max: round(Math.max(...values), 1) };
}
