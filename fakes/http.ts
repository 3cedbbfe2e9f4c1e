// Pieces every fake provider shares: where each one is mounted, the gate
// every request passes (stats, latency, injected faults, rate limit) and the
// error bodies each real service answers with.

import { setTimeout as sleep } from 'node:timers/promises';
import type { MiddlewareHandler } from 'hono';
import type { FakeCatalog } from './catalog';
import type { Fault, FakeProvider, FakeState } from './state';

/** Mount points; the env base URLs are `${url}${prefix}`. */
export const PREFIX: Record<FakeProvider, string> = {
  ticketmaster: '/ticketmaster/discovery/v2',
  spotify: '/spotify/v1',
  'spotify-accounts': '/spotify-accounts',
  setlistfm: '/setlistfm/rest/1.0',
};

export interface FakeCredentials {
  ticketmasterApiKey: string;
  spotifyClientId: string;
  spotifyClientSecret: string;
  setlistfmApiKey: string;
}

export const DEFAULT_CREDENTIALS: FakeCredentials = {
  ticketmasterApiKey: 'fake-ticketmaster-key',
  spotifyClientId: 'fake-spotify-client-id',
  spotifyClientSecret: 'fake-spotify-client-secret',
  setlistfmApiKey: 'fake-setlistfm-key',
};

export interface FakeContext {
  catalog: FakeCatalog;
  state: FakeState;
  credentials: FakeCredentials;
  /** Origin links are built from, e.g. http://127.0.0.1:4010 (known once listening). */
  origin(): string;
}

const ID_PARENTS = new Set(['artists', 'albums', 'attractions', 'artist', 'events', 'venues', 'tracks', 'audio-features', 'setlist']);
const LITERALS = new Set(['albums', 'tracks', 'setlists', 'artists', 'top-tracks', 'related-artists']);

/** "/artists/4Z8W…/albums" → "/artists/:id/albums", so stats group requests by endpoint. */
export function endpointPath(path: string): string {
  const segments = path.split('/');
  return segments
    .map((seg, i) => {
      const parent = segments[i - 1];
      if (!parent || !ID_PARENTS.has(parent) || LITERALS.has(seg)) return seg;
      return seg.endsWith('.json') ? ':id.json' : ':id';
    })
    .join('/');
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  });
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Discovery API error body: `{ errors: [{ code, detail, status, _links }] }`. */
export function ticketmasterError(status: number, code: string, detail: string, headers: Record<string, string> = {}): Response {
  return json(status, { errors: [{ code, detail, status: String(status), _links: { self: { href: `/discovery/v2/errors.html#${code}` } } }] }, headers);
}

/** The body each real service sends with an error status. */
export function providerError(provider: FakeProvider, status: number, message: string, headers: Record<string, string> = {}): Response {
  switch (provider) {
    case 'ticketmaster':
      if (status === 429 || status === 401 || status === 503) {
        // Ticketmaster's API gateway (Apigee) answers these itself.
        const errorcode =
          status === 429 ? 'policies.ratelimit.QuotaViolation' : status === 401 ? 'oauth.v2.InvalidApiKey' : 'messaging.adaptors.http.flow.ServiceUnavailable';
        return json(status, { fault: { faultstring: message, detail: { errorcode } } }, headers);
      }
      return ticketmasterError(status, status === 404 ? 'DIS1004' : status === 400 ? 'DIS1015' : 'DIS1001', message, headers);
    case 'spotify':
      return json(status, { error: { status, message } }, headers);
    case 'spotify-accounts':
      return json(status, { error: status >= 500 ? 'server_error' : 'invalid_request', error_description: message }, headers);
    case 'setlistfm':
      return json(status, { code: status, status: REASON[status] ?? 'Error', message, timestamp: new Date().toISOString().replace('Z', '+0000') }, headers);
  }
}

function faultResponse(provider: FakeProvider, fault: Fault): Response {
  const headers: Record<string, string> = {};
  if (fault.status === 429 || fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds ?? 1);
  if (fault.status === 502) {
    // Gateways answer 502 with HTML: clients must not assume a JSON error body.
    return new Response('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n', {
      status: 502,
      headers: { 'content-type': 'text/html', ...headers },
    });
  }
  const message =
    fault.status === 429
      ? provider === 'ticketmaster'
        ? 'Rate limit quota violation. Quota limit  exceeded. Identifier : fake'
        : 'API rate limit exceeded'
      : fault.status === 503
        ? 'The Service is temporarily unavailable'
        : fault.status === 404
          ? 'Not found'
          : 'Internal server error';
  return providerError(provider, fault.status, message, headers);
}

/**
 * First middleware of every provider: counts the request, waits the injected
 * latency, serves an injected fault or a rate-limit refusal if one applies,
 * and records the final status per endpoint.
 */
export function providerGate(ctx: FakeContext, provider: FakeProvider): MiddlewareHandler {
  const prefix = PREFIX[provider];
  return async (c, next) => {
    const url = new URL(c.req.url);
    const endpoint = `${provider} ${c.req.method} ${endpointPath(url.pathname.slice(prefix.length) || '/')}`;
    const now = Date.now();
    ctx.state.recordArrival(provider, now);
    const latency = ctx.state.latencyFor(provider);
    if (latency > 0) await sleep(latency);
    let early: Response | null = null;
    const fault = ctx.state.takeFault(provider, url.pathname + url.search);
    if (fault) early = faultResponse(provider, fault);
    else {
      const retryAfter = ctx.state.checkRateLimit(provider, now);
      if (retryAfter !== null) {
        const message = provider === 'ticketmaster' ? 'Spike arrest violation. Allowed rate : fake' : 'API rate limit exceeded';
        early = providerError(provider, 429, message, { 'retry-after': String(retryAfter) });
      }
    }
    if (early) {
      ctx.state.recordResponse(provider, early.status, endpoint);
      return early;
    }
    await next();
    ctx.state.recordResponse(provider, c.res.status, endpoint);
  };
}

/** Integer query parameter: default when absent, null when not an integer. */
export function intParam(value: string | undefined, fallback: number): number | null {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) return null;
  return Number(value);
}
