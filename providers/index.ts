import type { Env } from '../config/env';
import { ProviderConfigError } from './errors';
import { HttpClient, resolveHttpOptions, type HttpOverrides, type HttpStats } from './http';
import { MusicBrainzClient } from './musicbrainz';
import { SetlistFmClient } from './setlistfm';
import { SpotifyClient } from './spotify';
import { TicketmasterClient } from './ticketmaster';
import type { ProviderName } from './types';

export { DeepPagingError, ProviderConfigError, ProviderError } from './errors';
export { DEFAULT_HTTP_OPTIONS, HttpClient, resolveHttpOptions } from './http';
export type { HttpOptions, HttpOverrides, HttpStats, RateLimit } from './http';
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

/**
 * The three provider clients, each with its own HTTP layer (and so its own
 * rate limiter). Create them once per process: limits are per client, and
 * two sets of clients would each spend the full per-key budget.
 */
export function createProviders(env: Env, overrides: { http?: HttpOverrides; spotifyRediscoverAfterMs?: number } = {}): Providers {
  const { TICKETMASTER_API_KEY: tmKey, SPOTIFY_CLIENT_ID: spotifyId, SPOTIFY_CLIENT_SECRET: spotifySecret } = env;
  const setlistFmKey = env.SETLISTFM_API_KEY;
  if (!tmKey || !spotifyId || !spotifySecret || !setlistFmKey) {
    throw new ProviderConfigError(REQUIRED_KEYS.filter((name) => !env[name]));
  }
  const options = resolveHttpOptions(overrides.http);
  const http = {
    ticketmaster: new HttpClient('ticketmaster', options),
    spotify: new HttpClient('spotify', options),
    setlistfm: new HttpClient('setlistfm', options),
    musicbrainz: new HttpClient('musicbrainz', options),
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
export function createTicketmaster(env: Env, overrides: { http?: HttpOverrides } = {}): { client: TicketmasterClient; http: HttpClient } {
  const key = env.TICKETMASTER_API_KEY;
  if (!key) throw new ProviderConfigError(['TICKETMASTER_API_KEY']);
  const http = new HttpClient('ticketmaster', resolveHttpOptions(overrides.http));
  return { client: ticketmasterClient(env, key, http), http };
}

function ticketmasterClient(env: Env, apiKey: string, http: HttpClient): TicketmasterClient {
  return new TicketmasterClient({ apiKey, baseUrl: env.TICKETMASTER_BASE_URL, http });
}
