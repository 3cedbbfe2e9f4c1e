import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../providers/errors';
import { fullJitterDelay, parseRetryAfter } from '../../providers/http';
import type { RetryEvent } from '../../providers/types';
import { json, rejectionOf, startServer, testHttp, type TestServer } from './support';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('HttpClient retries', () => {
  it('waits out a 429 for the Retry-After seconds, then succeeds', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls++;
      if (calls === 1) json(res, 429, { error: 'slow down' }, { 'retry-after': '1' });
      else json(res, 200, { ok: true });
    });
    const http = testHttp('spotify');
    const events: RetryEvent[] = [];
    const started = Date.now();
    const response = await http.request({ url: `${server.baseUrl}/v1/thing` }, { onRetry: (e) => events.push(e) });

    expect(response.body).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(events).toEqual([
      { source: 'spotify', method: 'GET', path: '/v1/thing', attempt: 1, delayMs: 1000, reason: '429 Too Many Requests', status: 429 },
    ]);
    expect(http.stats).toMatchObject({ requests: 2, retries: 1, rateLimited: 1, failures: 0 });
  });

  it('retries 5xx with backoff and reports every retry to the client-wide hook', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls++;
      if (calls <= 2) json(res, calls === 1 ? 502 : 503, {});
      else json(res, 200, { page: 3 });
    });
    const seen: RetryEvent[] = [];
    const http = testHttp('ticketmaster', { onRetry: (e) => seen.push(e) });
    const response = await http.request({ url: `${server.baseUrl}/events.json` });

    expect(response.body).toEqual({ page: 3 });
    expect(seen.map((e) => e.reason)).toEqual(['502 Bad Gateway', '503 Service Unavailable']);
    expect(seen.every((e) => e.delayMs >= 0 && e.delayMs <= 20)).toBe(true);
    expect(http.stats.retries).toBe(2);
  });

  it('gives up after maxRetries with an error saying how many attempts were made', async () => {
    server = await startServer((_req, res) => json(res, 500, {}));
    const http = testHttp('setlistfm', { maxRetries: 2 });
    const error = await rejectionOf(http.request({ url: `${server.baseUrl}/rest/1.0/artist/x/setlists?p=1` }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'setlistfm GET /rest/1.0/artist/x/setlists answered 500 Internal Server Error (after 3 attempts)',
    );
    expect(error).toMatchObject({ status: 500, retryable: true, attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(http.stats).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });

  it('does not retry a 404, and names source, path and status without the query string', async () => {
    server = await startServer((_req, res) => json(res, 404, { fault: 'not found' }));
    const http = testHttp('ticketmaster');
    const error = await rejectionOf(http.request({ url: `${server.baseUrl}/discovery/v2/attractions/X.json?apikey=sekrit-key` }));

    expect((error as ProviderError).message).toBe('ticketmaster GET /discovery/v2/attractions/X.json answered 404 Not Found');
    expect(String(error)).not.toContain('sekrit');
    expect(error).toMatchObject({ source: 'ticketmaster', status: 404, retryable: false, kind: 'http' });
    expect(server.requests).toHaveLength(1);
  });

  it('does not wait in-process when Retry-After is longer than the cap; the error carries it', async () => {
    server = await startServer((_req, res) => json(res, 429, {}, { 'retry-after': '3600' }));
    const http = testHttp('spotify', { maxRetryAfterMs: 1_000 });
    const started = Date.now();
    const error = await rejectionOf(http.request({ url: `${server.baseUrl}/v1/tracks` }));

    expect(Date.now() - started).toBeLessThan(500);
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 3_600_000 });
    expect((error as Error).message).toContain('Retry-After 3600 s is longer than the 1 s waited in-process');
  });

  it('times out a slow answer, retries it, and fails with kind "timeout"', async () => {
    server = await startServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 400));
      json(res, 200, {});
    });
    const http = testHttp('ticketmaster', { timeoutMs: 50, maxRetries: 1 });
    const error = await rejectionOf(http.request({ url: `${server.baseUrl}/slow` }));

    expect(error).toMatchObject({ kind: 'timeout', status: null, attempts: 2 });
    expect((error as Error).message).toBe('ticketmaster GET /slow timed out: no complete answer within 50 ms (after 2 attempts)');
    expect(http.stats.timeouts).toBe(2);
  });

  it('retries network errors (connection refused)', async () => {
    const port = await closedPort();
    const http = testHttp('spotify', { maxRetries: 2 });
    const error = await rejectionOf(http.request({ url: `http://127.0.0.1:${port}/v1/artists/a` }));

    expect(error).toMatchObject({ kind: 'network', retryable: true, attempts: 3 });
    expect((error as Error).message).toMatch(/^spotify GET \/v1\/artists\/a failed before an answer arrived: .*ECONNREFUSED/);
  });

  it('retries a 200 whose body is not JSON (a maintenance page), then fails naming it', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    const http = testHttp('setlistfm', { maxRetries: 2 });
    const error = await rejectionOf(http.request({ url: `${server.baseUrl}/x` }));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, retryable: true, attempts: 3 });
    expect((error as Error).message).toContain('the body is not JSON');
    expect(server.requests).toHaveLength(3);
  });

  it('reads the answer again after a truncated JSON body', async () => {
    let served = 0;
    server = await startServer((_req, res) => {
      if (served++ > 0) return json(res, 200, { items: [1, 2, 3] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items": [1, 2');
    });
    const response = await testHttp('spotify').request({ url: `${server.baseUrl}/v1/albums` });
    expect(response.body).toEqual({ items: [1, 2, 3] });
    expect(server.requests).toHaveLength(2);
  });

  it('returns accepted error statuses to the caller instead of throwing', async () => {
    server = await startServer((_req, res) => json(res, 403, { error: { status: 403, message: 'nope' } }));
    const http = testHttp('spotify');
    const response = await http.request({ url: `${server.baseUrl}/v1/audio-features`, acceptStatus: [403] });
    expect(response).toMatchObject({ status: 403, path: '/v1/audio-features', body: { error: { message: 'nope' } } });
  });
});

describe('HttpClient cancellation', () => {
  it('stops waiting for a retry as soon as the caller aborts, with the caller’s reason', async () => {
    server = await startServer((_req, res) => json(res, 503, {}, { 'retry-after': '4' }));
    const http = testHttp('ticketmaster');
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    const error = await rejectionOf(http.request({ url: `${server.baseUrl}/events.json` }, { signal: controller.signal }));

    expect(error).toBe(reason);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a request in flight', async () => {
    server = await startServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 1_500));
      json(res, 200, {});
    });
    const http = testHttp('spotify');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 50);
    const started = Date.now();
    const error = await rejectionOf(http.request({ url: `${server.baseUrl}/v1/slow` }, { signal: controller.signal }));
    expect((error as Error).message).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(http.stats.retries).toBe(0);
  });

  it('leaves the rate-limit queue at once when aborted there, and never sends the request', async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const http = testHttp('setlistfm', { rateLimits: { setlistfm: { maxConcurrent: 1, requestsPerInterval: 1, intervalMs: 1_000 } } });
    await http.request({ url: `${server.baseUrl}/first` });
    const controller = new AbortController();
    const queued = http.request({ url: `${server.baseUrl}/second` }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('gone')), 50);
    const started = Date.now();
    expect(((await rejectionOf(queued)) as Error).message).toBe('gone');
    expect(Date.now() - started).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(server.requests.map((r) => r.path)).toEqual(['/first']);
  });
});

describe('HttpClient rate limits', () => {
  it('keeps within a quota window: past it a call fails at once, unsent, saying when the quota resets; then goes on', async () => {
    server = await startServer((_req, res) => json(res, 200, {}));
    const http = testHttp('setlistfm', { quotaWindowMs: 2_000, rateLimits: { setlistfm: { requestsPerInterval: null, requestsPerDay: 3 } } });
    // Windows are aligned to the epoch: start just after one opens, so the four calls fall into it.
    await new Promise((r) => setTimeout(r, 2_000 - (Date.now() % 2_000) + 10));
    for (let i = 0; i < 3; i++) await http.request({ url: `${server.baseUrl}/p/${i}` });
    const error = await rejectionOf(http.request({ url: `${server.baseUrl}/p/3` }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'quota', retryable: false });
    const resetsAt = (error as ProviderError).quotaResetsAt ?? 0;
    expect(resetsAt % 2_000).toBe(0);
    expect(resetsAt).toBeGreaterThan(Date.now());
    expect((error as Error).message).toBe(
      `setlistfm GET /p/3 was not sent: its request quota is spent: 3 requests per 2 s window; it resets at ${new Date(resetsAt).toISOString()}`,
    );
    expect(server.requests).toHaveLength(3);

    await new Promise((r) => setTimeout(r, resetsAt - Date.now() + 10));
    await http.request({ url: `${server.baseUrl}/p/4` });
    expect(server.requests.map((r) => r.path)).toEqual(['/p/0', '/p/1', '/p/2', '/p/4']);
  });

  it('spaces request starts so that no interval sees more than the configured rate', async () => {
    const starts: number[] = [];
    server = await startServer((_req, res) => {
      starts.push(Date.now());
      json(res, 200, {});
    });
    const http = testHttp('ticketmaster', { rateLimits: { ticketmaster: { maxConcurrent: 10, requestsPerInterval: 2, intervalMs: 200 } } });
    await Promise.all(Array.from({ length: 6 }, (_, i) => http.request({ url: `${server!.baseUrl}/e/${i}` })));

    // 6 requests at 2 per 200 ms: the 5th and 6th cannot start before 400 ms (starts are spaced
    // (200 + 100 ms of arrival jitter) / 2 apart, see providers/request-permits.ts).
    expect(starts).toHaveLength(6);
    const first = Math.min(...starts);
    const sorted = starts.map((t) => t - first).sort((a, b) => a - b);
    expect(sorted[4]).toBeGreaterThanOrEqual(380);
    // In any 200 ms window at most 2 starts.
    for (let i = 2; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 2]!).toBeGreaterThanOrEqual(190);
  });

  it('never has more than maxConcurrent requests in flight', async () => {
    server = await startServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 30));
      json(res, 200, {});
    });
    const http = testHttp('spotify', { rateLimits: { spotify: { maxConcurrent: 2, requestsPerInterval: null, intervalMs: 1_000 } } });
    await Promise.all(Array.from({ length: 8 }, (_, i) => http.request({ url: `${server!.baseUrl}/t/${i}` })));
    expect(server.requests).toHaveLength(8);
    expect(server.maxInFlight).toBe(2);
  });
});

describe('delay policy', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('draws full-jitter delays in [0, min(max, base × 2^(n-1))]', () => {
    const draws = Array.from({ length: 500 }, () => fullJitterDelay(4, 100, 10_000));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(800);
    expect(Math.max(...draws)).toBeGreaterThan(400); // spread over the range, not fixed
    expect(Math.max(...Array.from({ length: 200 }, () => fullJitterDelay(30, 100, 2_000)))).toBeLessThanOrEqual(2_000);
  });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
