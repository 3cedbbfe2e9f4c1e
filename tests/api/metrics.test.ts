// GET /metrics: Prometheus text with the API's own series — requests by route
// pattern and status, latency, open SSE streams, watchers and their Temporal
// queries, provider calls — and CORS limited to the configured origins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { readSse } from '../../harness/sse';
import { startStubSystem, type StubSystem } from './fixtures/stub-system';
import { uniqueId, waitFor } from './helpers';

let sys: StubSystem;

beforeAll(async () => {
  sys = await startStubSystem();
}, 120_000);

afterAll(async () => {
  await sys?.stop();
});

async function metrics(): Promise<string> {
  const res = await fetch(`${sys.api.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one series, or null when it is absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts requests by route pattern and status, never by raw path', async () => {
    const id = crypto.randomUUID();
    for (let i = 0; i < 3; i++) expect((await fetch(`${sys.api.url}/api/artists/${id}/status`)).status).toBe(404);
    const text = await metrics();
    expect(sample(text, 'http_requests_total{method="GET",route="/api/artists/:id/status",status="404"}')).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain(id);
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/artists/:id/status"}')).toBeGreaterThanOrEqual(3);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(/^api_process_resident_memory_bytes \d+/m);
  });

  it('reports the calls and retries of the provider clients the process owns', async () => {
    const stats = { requests: 7, retries: 2, rateLimited: 1, timeouts: 0, networkErrors: 1, failures: 0 };
    const app = createApp({ ...sys.appDeps, providerStats: () => ({ ticketmaster: stats }) });
    const text = await (await app.request('/metrics')).text();
    expect(sample(text, 'provider_requests_total{provider="ticketmaster"}')).toBe(7);
    expect(sample(text, 'provider_retries_total{provider="ticketmaster"}')).toBe(2);
  });

  it('shows open SSE streams and the watcher of their import, and its Temporal queries', async () => {
    const started = await sys.startImport(uniqueId('hold-m'));
    const abort = new AbortController();
    const stream = readSse(`${sys.api.url}/api/artists/${started.artistId}/stream`, { signal: abort.signal, timeoutMs: 20_000 });
    await waitFor(async () => sample(await metrics(), 'sse_streams_open') === 1, 10_000);
    const open = await metrics();
    expect(sample(open, 'progress_watchers_active')).toBe(1);
    expect(sample(open, 'temporal_progress_queries_total')).toBeGreaterThan(0);
    // Every poll is a call to Temporal (the test's own queries share the connection, and refused ones are sent again).
    expect(sample(open, 'temporal_query_calls_total')).toBeGreaterThanOrEqual(sample(open, 'temporal_progress_queries_total')!);
    abort.abort();
    await stream;
    await waitFor(async () => sample(await metrics(), 'sse_streams_open') === 0, 10_000);
    await fetch(`${sys.api.url}/api/artists/${started.artistId}/import`, { method: 'DELETE' });
  }, 60_000);
});

describe('CORS', () => {
  it('allows only the configured origins when a list is given', async () => {
    const app = createApp({ ...sys.appDeps, corsOrigins: ['https://fans.example.org'] });
    const ask = (origin: string) => app.request('/healthz', { headers: { Origin: origin } });
    expect((await ask('https://fans.example.org')).headers.get('access-control-allow-origin')).toBe('https://fans.example.org');
    expect((await ask('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers cross-origin requests only with CORS headers, and says the answer varies by Origin', async () => {
    const app = createApp(sys.appDeps);
    const ask = (headers: Record<string, string>) => app.request('http://api.example.org/healthz', { headers });
    const crossOrigin = await ask({ Origin: 'https://fans.example.org' });
    expect(crossOrigin.headers.get('access-control-allow-origin')).toBe('*');
    expect(crossOrigin.headers.get('access-control-expose-headers')).toBe('X-Request-Id');
    for (const sameOrNone of [await ask({ Origin: 'http://api.example.org' }), await ask({})]) {
      expect(sameOrNone.status).toBe(200);
      expect(sameOrNone.headers.get('access-control-allow-origin')).toBeNull();
      expect(sameOrNone.headers.get('vary')).toBe('Origin');
    }
    // A preflight is cross-origin by definition.
    const preflight = await app.request('http://api.example.org/api/artists/import', {
      method: 'OPTIONS',
      headers: { Origin: 'https://fans.example.org', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST,DELETE,OPTIONS');
  });
});
