// Control surface of the fake providers, over HTTP under /_fake so external
// harnesses and the demo can steer the same server tests steer in-process.

import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { FIXTURE_IDS, GENERATED_ID_PATTERN, GENERATED_LIMITS } from './catalog/plans';
import type { AudioFeaturesMode, FakeArtist } from './catalog/types';
import { expectedFor } from './expected';
import { type FaultSpec, faultsBodySchema } from './faults';
import type { FakeContext } from './http';
import { type FakeProvider, PREFIX } from './mounts';
import { type FakeConfig, type FakeConfigPatch, type RateLimit, type SpotifyContract, configSchema } from './state';

export interface FakeControl {
  /** The next `count` requests matching provider / pathIncludes fail with `status`. */
  injectFault(fault: FaultSpec): void;
  injectFaults(...faults: FaultSpec[]): void;
  pendingFaults(): Array<FaultSpec & { remaining: number }>;
  /** Same body as POST /_fake/config. */
  configure(patch: FakeConfigPatch): FakeConfig;
  /** `forbidden`: /audio-features answers 403, as for apps registered after 2024-11-27. */
  setAudioFeatures(mode: AudioFeaturesMode): void;
  /** Delay before every response of one provider, or of all when `provider` is omitted. */
  setLatency(ms: number, provider?: FakeProvider): void;
  /** Rolling-window limit answering 429 + Retry-After when exceeded; null removes it. */
  setRateLimit(provider: FakeProvider, limit: { maxRequests: number; windowMs?: number } | null): void;
  config(): FakeConfig;
  /** Clears faults, configuration and statistics (issued Spotify tokens stay valid). */
  reset(): void;
  resetStats(): void;
}

export function createControl(ctx: FakeContext): FakeControl {
  const { state } = ctx;
  return {
    injectFault: (fault) => state.injectFault(fault),
    injectFaults: (...faults) => {
      for (const fault of faults) state.injectFault(fault);
    },
    pendingFaults: () => state.pendingFaults(),
    configure: (patch) => state.configure(patch),
    setAudioFeatures: (mode) => {
      state.configure({ audioFeatures: mode });
    },
    setLatency: (ms, provider) => {
      state.configure({ latencyMs: provider ? { [provider]: ms } : ms });
    },
    setRateLimit: (provider, limit) => {
      const value: RateLimit | null = limit ? { maxRequests: limit.maxRequests, windowMs: limit.windowMs ?? 1000 } : null;
      state.configure({ rateLimits: { [provider]: value } });
    },
    config: () => state.snapshotConfig(),
    reset: () => state.reset(),
    resetStats: () => state.resetStats(),
  };
}

function summary(artist: FakeArtist): Record<string, unknown> {
  return {
    attractionId: artist.attractionId,
    name: artist.name,
    spotifyId: artist.spotify?.id ?? null,
    spotifyLinked: artist.spotifyLinked,
    mbid: artist.setlistfm?.mbid ?? null,
    events: artist.events.length,
    upcomingEvents: artist.events.filter((e) => e.upcoming).length,
    venues: artist.venues.length,
    albums: artist.albums.length,
    tracks: artist.tracks.length,
    setlists: artist.setlists.length,
  };
}

/** 400 with a message naming the offending field, like the project's API. */
function invalid(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): Response {
  const message = error.issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
  return new Response(JSON.stringify({ error: message }), { status: 400, headers: { 'content-type': 'application/json' } });
}

const expectedQuery = z.object({ audioFeatures: z.enum(['available', 'forbidden']).optional(), spotifyContract: z.enum(['extended', 'development']).optional() });

const CONTROL_ENDPOINTS = [
  'POST /_fake/faults',
  'GET /_fake/faults',
  'POST /_fake/config',
  'GET /_fake/config',
  'POST /_fake/reset',
  'GET /_fake/stats',
  'GET /_fake/artists',
  'GET /_fake/artists/:attractionId',
  'GET /_fake/artists/:attractionId/expected?audioFeatures=available|forbidden&spotifyContract=extended|development',
  'GET /_fake/artists/:attractionId/labels',
];

function unknownArtist(id: string): Response {
  return new Response(JSON.stringify({ error: `unknown fake attraction "${id}"` }), { status: 404, headers: { 'content-type': 'application/json' } });
}

/** GET /_fake — base URLs, seed, reference date and the control endpoints. */
function describeFakes(ctx: FakeContext, c: Context): Response {
  return c.json({
    baseUrls: {
      TICKETMASTER_BASE_URL: `${ctx.origin()}${PREFIX.ticketmaster}`,
      SPOTIFY_API_BASE_URL: `${ctx.origin()}${PREFIX.spotify}`,
      SPOTIFY_ACCOUNTS_BASE_URL: `${ctx.origin()}${PREFIX['spotify-accounts']}`,
      SETLISTFM_BASE_URL: `${ctx.origin()}${PREFIX.setlistfm}`,
      MUSICBRAINZ_BASE_URL: `${ctx.origin()}${PREFIX.musicbrainz}`,
    },
    seed: ctx.catalog.seed,
    referenceDate: ctx.catalog.referenceDate.toISOString(),
    control: CONTROL_ENDPOINTS,
  });
}

/** GET /_fake/artists — the fixtures and the generated artists loaded so far. */
function listArtists(ctx: FakeContext, c: Context): Response {
  return c.json({
    fixtures: FIXTURE_IDS.map((id) => summary(ctx.catalog.artist(id) as FakeArtist)),
    generated: {
      pattern: GENERATED_ID_PATTERN.source,
      example: 'gen-7-e2500-a50',
      limits: GENERATED_LIMITS,
      loaded: ctx.catalog
        .list()
        .filter((a) => a.attractionId.startsWith('gen-'))
        .map(summary),
    },
  });
}

/** GET /_fake/artists/:attractionId */
function getArtist(ctx: FakeContext, c: Context): Response {
  const id = c.req.param('attractionId') as string;
  const artist = ctx.catalog.artist(id);
  return artist ? c.json(summary(artist)) : unknownArtist(id);
}

/** GET /_fake/artists/:attractionId/expected — the ground truth in the given (or current) audio-features mode. */
function getExpected(ctx: FakeContext, c: Context, mode: AudioFeaturesMode | undefined, contract: SpotifyContract | undefined): Response {
  const id = c.req.param('attractionId') as string;
  const expected = expectedFor(ctx.catalog, id, mode ?? ctx.state.config.audioFeatures, contract ?? ctx.state.spotifyContractFor(id));
  return expected ? c.json(expected) : unknownArtist(id);
}

/** GET /_fake/artists/:attractionId/labels — every event, album and track with its truth label, to audit the expectation. */
function getLabels(ctx: FakeContext, c: Context): Response {
  const id = c.req.param('attractionId') as string;
  const artist = ctx.catalog.artist(id);
  if (!artist) return unknownArtist(id);
  return c.json({
    events: artist.events.map((e) => ({ id: e.id, name: e.name, truth: e.truth, start: e.dateTime ?? e.localDate, upcoming: e.upcoming, venueId: e.venueId })),
    albums: artist.albums.map((a) => ({ id: a.id, name: a.name, albumType: a.albumType, albumGroup: a.albumGroup, truth: a.truth, trackIds: a.trackIds })),
    tracks: artist.tracks.map((t) => ({
      id: t.id,
      name: t.name,
      albumId: t.albumId,
      truth: t.truth,
      isrc: t.isrc,
      popularity: t.popularity,
      durationMs: t.durationMs,
      liveness: t.liveness,
      songIndex: t.songIndex,
      recording: t.recording,
      hardCase: t.hardCase,
    })),
  });
}

export function controlApp(ctx: FakeContext, control: FakeControl): Hono {
  const app = new Hono();
  const onInvalid = (result: { success: boolean; error?: Parameters<typeof invalid>[0] }): Response | undefined =>
    result.success ? undefined : invalid(result.error as Parameters<typeof invalid>[0]);

  app.get('/', (c) => describeFakes(ctx, c));
  app.post('/faults', zValidator('json', faultsBodySchema, onInvalid), (c) => {
    for (const fault of c.req.valid('json').faults) control.injectFault(fault);
    return c.json({ pending: control.pendingFaults() });
  });
  app.get('/faults', (c) => c.json({ pending: control.pendingFaults() }));
  app.post('/config', zValidator('json', configSchema, onInvalid), (c) => c.json(control.configure(c.req.valid('json'))));
  app.get('/config', (c) => c.json(control.config()));
  app.post('/reset', (c) => {
    control.reset();
    return c.json({ ok: true });
  });
  app.get('/stats', (c) => c.json(ctx.state.snapshotStats()));
  app.get('/artists', (c) => listArtists(ctx, c));
  app.get('/artists/:attractionId', (c) => getArtist(ctx, c));
  app.get('/artists/:attractionId/expected', zValidator('query', expectedQuery, onInvalid), (c) => getExpected(ctx, c, c.req.valid('query').audioFeatures, c.req.valid('query').spotifyContract));
  app.get('/artists/:attractionId/labels', (c) => getLabels(ctx, c));
  app.all('*', (c) => new Response(JSON.stringify({ error: `no control endpoint ${c.req.method} ${new URL(c.req.url).pathname}` }), { status: 404, headers: { 'content-type': 'application/json' } }));
  return app;
}
