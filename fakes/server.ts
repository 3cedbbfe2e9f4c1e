// The fake providers as one local HTTP server: Ticketmaster Discovery v2,
// Spotify (accounts + Web API) and setlist.fm REST 1.0 under their own path
// prefixes, plus the /_fake control surface. Tests, the demo mode and external
// harnesses point the *_BASE_URL variables at it (see `env`).

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { type FakeCatalog, getCatalog } from './catalog/fake-catalog';
import type { AudioFeaturesMode } from './catalog/types';
import { type FakeControl, controlApp, createControl } from './control';
import { type ExpectedImport, expectedFor } from './expected';
import { DEFAULT_CREDENTIALS, type FakeContext, type FakeCredentials } from './http';
import { type FakeProvider, PREFIX } from './mounts';
import { musicbrainzApp } from './musicbrainz/routes';
import { setlistfmApp } from './setlistfm/routes';
import { spotifyAccountsApp } from './spotify/accounts';
import { spotifyApp } from './spotify/routes';
import { type FakeStats, FakeState, type SpotifyContract } from './state';
import { ticketmasterApp } from './ticketmaster/routes';

export type { FakeControl } from './control';
export type { FaultSpec } from './faults';
export type { FakeProvider } from './mounts';
export type { FakeConfig, FakeConfigPatch, FakeStats } from './state';
export { DEFAULT_CREDENTIALS, type FakeCredentials } from './http';

export interface FakeProvidersOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: number;
  /** Truncated to 00:00 UTC; default today. Events are placed relative to it. */
  referenceDate?: Date;
  credentials?: Partial<FakeCredentials>;
  /** Origin used in absolute links when clients reach the server under another name. */
  publicUrl?: string;
}

/** The environment an app needs to talk to these fakes (names exactly as config/env.ts). */
export interface FakeProvidersEnv {
  TICKETMASTER_BASE_URL: string;
  TICKETMASTER_API_KEY: string;
  SPOTIFY_API_BASE_URL: string;
  SPOTIFY_ACCOUNTS_BASE_URL: string;
  SPOTIFY_CLIENT_ID: string;
  SPOTIFY_CLIENT_SECRET: string;
  SETLISTFM_BASE_URL: string;
  SETLISTFM_API_KEY: string;
  MUSICBRAINZ_BASE_URL: string;
}

export interface FakeProviders {
  /** Origin, e.g. http://127.0.0.1:40123 */
  url: string;
  env: FakeProvidersEnv;
  control: FakeControl;
  catalog: FakeCatalog;
  /** Ground truth for importing an attraction from this server (its seed and reference date). */
  expected(attractionId: string, audioFeatures?: AudioFeaturesMode, spotifyContract?: SpotifyContract): ExpectedImport;
  stats(): FakeStats;
  /** Arrival times (ms since the epoch) of a provider's requests since the last stats reset. */
  requestTimes(provider: FakeProvider): number[];
  close(): Promise<void>;
}

/** The Hono app of the fakes, for embedding or for `app.request()` in tests. */
export function createFakeApp(ctx: FakeContext, control: FakeControl = createControl(ctx)): Hono {
  const app = new Hono();
  app.route(PREFIX.ticketmaster, ticketmasterApp(ctx));
  app.route(PREFIX.spotify, spotifyApp(ctx));
  app.route(PREFIX['spotify-accounts'], spotifyAccountsApp(ctx));
  app.route(PREFIX.setlistfm, setlistfmApp(ctx));
  app.route(PREFIX.musicbrainz, musicbrainzApp(ctx));
  app.route('/_fake', controlApp(ctx, control));
  app.get('/', (c) => c.redirect('/_fake'));
  app.notFound((c) => c.json({ error: `no fake provider at ${new URL(c.req.url).pathname}` }, 404));
  app.onError((err, c) => c.json({ error: `fake provider failure: ${err.message}` }, 500));
  return app;
}

export function envFor(url: string, credentials: FakeCredentials): FakeProvidersEnv {
  return {
    TICKETMASTER_BASE_URL: `${url}${PREFIX.ticketmaster}`,
    TICKETMASTER_API_KEY: credentials.ticketmasterApiKey,
    SPOTIFY_API_BASE_URL: `${url}${PREFIX.spotify}`,
    SPOTIFY_ACCOUNTS_BASE_URL: `${url}${PREFIX['spotify-accounts']}`,
    SPOTIFY_CLIENT_ID: credentials.spotifyClientId,
    SPOTIFY_CLIENT_SECRET: credentials.spotifyClientSecret,
    SETLISTFM_BASE_URL: `${url}${PREFIX.setlistfm}`,
    SETLISTFM_API_KEY: credentials.setlistfmApiKey,
    MUSICBRAINZ_BASE_URL: `${url}${PREFIX.musicbrainz}`,
  };
}

export async function startFakeProviders(opts: FakeProvidersOptions = {}): Promise<FakeProviders> {
  const host = opts.host ?? '127.0.0.1';
  const credentials: FakeCredentials = { ...DEFAULT_CREDENTIALS, ...opts.credentials };
  const catalog = getCatalog({ seed: opts.seed, referenceDate: opts.referenceDate });
  const state = new FakeState();
  let origin = opts.publicUrl?.replace(/\/$/, '') ?? '';
  const ctx: FakeContext = { catalog, state, credentials, origin: () => origin };
  const control = createControl(ctx);
  const app = createFakeApp(ctx, control);

  // An HTTP/1.1 server (createAdaptorServer's default), hence the cast.
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  if (!origin) origin = url;

  let closing: Promise<void> | null = null;
  return {
    url: origin,
    env: envFor(origin, credentials),
    control,
    catalog,
    expected: (attractionId, audioFeatures = state.config.audioFeatures, spotifyContract = state.spotifyContractFor(attractionId)) => {
      const expected = expectedFor(catalog, attractionId, audioFeatures, spotifyContract);
      if (!expected) throw new Error(`unknown fake attraction "${attractionId}"`);
      return expected;
    },
    stats: () => state.snapshotStats(),
    requestTimes: (provider) => state.requestTimes(provider),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
