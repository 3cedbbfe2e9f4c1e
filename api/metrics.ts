// The API's Prometheus metrics, served at GET /metrics: requests by route and
// status, their latency, open SSE streams, shared progress watchers and the
// Temporal queries they send, and the provider calls this process makes
// (attraction search) with their retries. One registry per app, so two apps
// in one process (tests) never mix their series.
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HttpStats } from '../providers/http';
import type { ProgressWatchers } from './progress-watchers';

export interface ApiMetrics {
  registry: Registry;
  /** Times and counts every request by its route pattern (never the raw path: ids would explode the series). */
  middleware: MiddlewareHandler;
  /** An SSE stream opened; call the returned function when it closes. */
  streamOpened(): () => void;
}

export interface MetricSources {
  watchers: ProgressWatchers;
  /** QueryWorkflow calls sent to Temporal, retries included. */
  temporalQueryCalls?: () => number;
  /** Request counters of the provider clients this process owns, by provider. */
  providerStats?: () => Record<string, HttpStats>;
}

export function createApiMetrics(sources: MetricSources): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'api_' });

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer (for SSE: to the start of the stream), by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const streams = new Gauge({ name: 'sse_streams_open', help: 'Progress streams open now', registers: [registry] });
  new Gauge({
    name: 'progress_watchers_active',
    help: 'Running imports watched by this process (one watcher each, shared by their streams)',
    registers: [registry],
    collect() {
      this.set(sources.watchers.active);
    },
  });
  new Counter({
    name: 'temporal_progress_queries_total',
    help: 'Progress queries the watchers sent to Temporal',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(sources.watchers.queriesSent);
    },
  });
  new Counter({
    name: 'temporal_query_calls_total',
    help: 'Query calls this process sent to Temporal: progress polls, status reads, and the retries of queries the server refused while a workflow task ran',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(sources.temporalQueryCalls?.() ?? 0);
    },
  });
  const providerCalls = new Counter({
    name: 'provider_requests_total',
    help: 'HTTP attempts sent to each provider (first tries and retries)',
    labelNames: ['provider'] as const,
    registers: [registry],
    collect() {
      copyStats(providerCalls, (s) => s.requests);
    },
  });
  const providerRetries = new Counter({
    name: 'provider_retries_total',
    help: 'Provider calls retried (429, 5xx, timeouts, network errors)',
    labelNames: ['provider'] as const,
    registers: [registry],
    collect() {
      copyStats(providerRetries, (s) => s.retries);
    },
  });
  function copyStats(counter: Counter<'provider'>, pick: (s: HttpStats) => number): void {
    counter.reset();
    for (const [provider, stats] of Object.entries(sources.providerStats?.() ?? {})) counter.inc({ provider }, pick(stats));
  }

  return {
    registry,
    async middleware(c, next) {
      const end = duration.startTimer();
      await next();
      const matched = routePath(c, -1);
      const route = matched && matched !== '*' ? matched : 'unmatched';
      const labels = { method: c.req.method, route };
      end(labels);
      requests.inc({ ...labels, status: String(c.res.status) });
    },
    streamOpened() {
      streams.inc();
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        streams.dec();
      };
    },
  };
}
