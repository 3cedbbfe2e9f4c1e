// A tiny real HTTP server on 127.0.0.1 (random port) per test, plus an HTTP
// layer tuned for tests (millisecond backoff, no rate caps unless asked).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient, resolveHttpOptions, type HttpOverrides } from '../../providers/http';
import type { ProviderName } from '../../providers/types';

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Most requests handled at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server = createServer(async (req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(recorded);
    try {
      await handler(recorded, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** No rate caps, generous concurrency and millisecond backoff, unless overridden. */
export function testHttp(source: ProviderName, overrides: HttpOverrides = {}): HttpClient {
  const unlimited = { maxConcurrent: 16, requestsPerInterval: null, intervalMs: 1_000 };
  return new HttpClient(
    source,
    resolveHttpOptions({
      timeoutMs: 2_000,
      maxRetries: 3,
      baseDelayMs: 5,
      maxDelayMs: 20,
      maxRetryAfterMs: 5_000,
      ...overrides,
      rateLimits: {
        ticketmaster: { ...unlimited, ...overrides.rateLimits?.ticketmaster },
        spotify: { ...unlimited, ...overrides.rateLimits?.spotify },
        setlistfm: { ...unlimited, ...overrides.rateLimits?.setlistfm },
      },
    }),
  );
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
