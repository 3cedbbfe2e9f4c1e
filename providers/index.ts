import type { Pool } from 'pg';
import type { Env } from '../config/env';
import { ProviderConfigError } from './errors';
import { DEFAULT_HTTP_OPTIONS, HttpClient, resolveHttpOptions, type HttpOptions, type HttpOverrides, type HttpStats } from './http';
import { createRequestPermits } from './request-permits';
import { MusicBrainzClient } from './musicbrainz';
import { SetlistFmClient } from './setlistfm';
import { SpotifyClient } from './spotify';
import { TicketmasterClient } from './ticketmaster';
import type { ProviderName } from './types';

export { DeepPagingError, ProviderConfigError, ProviderError } from './errors';
export { DEFAULT_HTTP_OPTIONS, HttpClient, resolveHttpOptions } from './http';
export type { HttpOptions, HttpOverrides, HttpStats, RateLimit } from './http';
export { createRequestPermits, type PermitStore, type RequestPermits } from './request-permits';
export { MusicBrainzClient } from './musicbrainz';
export { SetlistFmClient } from './setlistfm';
export { SpotifyClient } from './spotify';
export { TicketmasterClient } from './ticketmaster';

export interface Providers {
  ticketmaster: TicketmasterClient;
  spotify: SpotifyClient;
  setlistfm: SetlistFmClient;
  musicbrainz: MusicBrainzClient;
  /** Request/retry counters per source since creation (or the last reset). */
  stats(): Record<ProviderName, HttpStats>;
  resetStats(): void;
}

const REQUIRED_KEYS = ['TICKETMASTER_API_KEY', 'SPOTIFY_CLIENT_ID', 'SPOTIFY_CLIENT_SECRET', 'SETLISTFM_API_KEY'] as const;

export interface ProviderOverrides {
  /** HTTP layer options over the env's rates and quotas. */
  http?: HttpOverrides;
  /**
   * Where the request rates and daily quotas are counted: a pg pool on the
   * database every worker and API process shares (then they hold for all of
   * them together); absent, they hold for this set of clients alone.
   */
  limitsPool?: Pool;
}

/**
 * The provider clients, each with its own HTTP layer: concurrency limited per
 * process, rates and daily quotas drawn from permits that every process with
 * the same `limitsPool` database shares.
 */
export function createProviders(env: Env, overrides: ProviderOverrides & { spotifyRediscoverAfterMs?: number } = {}): Providers {
  const { TICKETMASTER_API_KEY: tmKey, SPOTIFY_CLIENT_ID: spotifyId, SPOTIFY_CLIENT_SECRET: spotifySecret } = env;
  const setlistFmKey = env.SETLISTFM_API_KEY;
  if (!tmKey || !spotifyId || !spotifySecret || !setlistFmKey) {
    throw new ProviderConfigError(REQUIRED_KEYS.filter((name) => !env[name]));
  }
  const options = resolveHttpOptions(overrides.http, envHttpOptions(env));
  const permits = createRequestPermits(overrides.limitsPool ? { pool: overrides.limitsPool } : 'memory', options);
  const http = {
    ticketmaster: new HttpClient('ticketmaster', options, permits),
    spotify: new HttpClient('spotify', options, permits),
    setlistfm: new HttpClient('setlistfm', options, permits),
    musicbrainz: new HttpClient('musicbrainz', options, permits),
  };
  return {
    ticketmaster: ticketmasterClient(env, tmKey, http.ticketmaster),
    spotify: new SpotifyClient({
      clientId: spotifyId,
      clientSecret: spotifySecret,
      apiBaseUrl: env.SPOTIFY_API_BASE_URL,
      accountsBaseUrl: env.SPOTIFY_ACCOUNTS_BASE_URL,
      http: http.spotify,
      mode: env.SPOTIFY_API_MODE,
      rediscoverAfterMs: overrides.spotifyRediscoverAfterMs,
    }),
    setlistfm: new SetlistFmClient({
      apiKey: setlistFmKey,
      baseUrl: env.SETLISTFM_BASE_URL,
      http: http.setlistfm,
    }),
    musicbrainz: new MusicBrainzClient({ baseUrl: env.MUSICBRAINZ_BASE_URL, userAgent: env.MUSICBRAINZ_USER_AGENT, http: http.musicbrainz }),
    stats: () => ({
      ticketmaster: http.ticketmaster.stats,
      spotify: http.spotify.stats,
      setlistfm: http.setlistfm.stats,
      musicbrainz: http.musicbrainz.stats,
    }),
    resetStats: () => {
      for (const client of Object.values(http)) client.resetStats();
    },
  };
}

/**
 * The Ticketmaster client alone, for a process that only searches attractions
 * (the API): it needs only the Ticketmaster key, not every provider's.
 */
export function createTicketmaster(env: Env, overrides: ProviderOverrides = {}): { client: TicketmasterClient; http: HttpClient } {
  const key = env.TICKETMASTER_API_KEY;
  if (!key) throw new ProviderConfigError(['TICKETMASTER_API_KEY']);
  const options = resolveHttpOptions(overrides.http, envHttpOptions(env));
  const permits = createRequestPermits(overrides.limitsPool ? { pool: overrides.limitsPool } : 'memory', options);
  const http = new HttpClient('ticketmaster', options, permits);
  return { client: ticketmasterClient(env, key, http), http };
}

/** The default HTTP options with the rates and daily quotas the environment sets (0 = no quota). */
export function envHttpOptions(env: Env): HttpOptions {
  const limits = DEFAULT_HTTP_OPTIONS.rateLimits;
  const perDay = (n: number) => (n > 0 ? n : null);
  return {
    ...DEFAULT_HTTP_OPTIONS,
    rateLimits: {
      ticketmaster: { ...limits.ticketmaster, requestsPerInterval: env.TICKETMASTER_REQUESTS_PER_SECOND, intervalMs: 1_000, requestsPerDay: perDay(env.TICKETMASTER_REQUESTS_PER_DAY) },
      spotify: { ...limits.spotify, requestsPerInterval: env.SPOTIFY_REQUESTS_PER_SECOND, intervalMs: 1_000, requestsPerDay: perDay(env.SPOTIFY_REQUESTS_PER_DAY) },
      setlistfm: { ...limits.setlistfm, requestsPerInterval: env.SETLISTFM_REQUESTS_PER_SECOND, intervalMs: 1_000, requestsPerDay: perDay(env.SETLISTFM_REQUESTS_PER_DAY) },
      musicbrainz: { ...limits.musicbrainz, requestsPerInterval: env.MUSICBRAINZ_REQUESTS_PER_SECOND, intervalMs: 1_000, requestsPerDay: perDay(env.MUSICBRAINZ_REQUESTS_PER_DAY) },
    },
  };
}

function ticketmasterClient(env: Env, apiKey: string, http: HttpClient): TicketmasterClient {
  return new TicketmasterClient({ apiKey, baseUrl: env.TICKETMASTER_BASE_URL, http });
}
