// Pieces every fake provider shares: the credentials it checks, the context
// its routes read (catalog, state, origin), the gate every request passes
// (stats, latency, injected faults, rate limit) and query-parameter parsing.

import { setTimeout as sleep } from 'node:timers/promises';
import type { MiddlewareHandler } from 'hono';
import type { FakeCatalog } from './catalog/fake-catalog';
import { providerError } from './errors';
import { alteredResponse, faultResponse } from './faults';
import { type FakeProvider, PREFIX } from './mounts';
import type { FakeState } from './state';

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
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status !== undefined) early = faultResponse(provider, { ...fault, status: fault.status });
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
    if (fault?.body) c.res = await alteredResponse(c.res, fault.body);
    ctx.state.recordResponse(provider, c.res.status, endpoint);
  };
}

/** Integer query parameter: default when absent, null when not an integer. */
export function intParam(value: string | undefined, fallback: number): number | null {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) return null;
  return Number(value);
}
