// Fake Spotify Web API: the endpoints the import reads, one handler per
// endpoint, behind the Bearer-token check and the shared gate. Real limits
// (query.ts) and real shapes (render.ts); /audio-features answers 403 in
// `forbidden` mode, as for apps registered after 2024-11-27.

import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { FakeAlbum, FakeArtist, FakeTrack } from '../catalog/types';
import { type FakeContext, providerGate } from '../http';
import { PREFIX } from '../mounts';
import { Rng } from '../random';
import { DEVELOPMENT_LIMITS, SPOTIFY_ID, SPOTIFY_LIMITS, idList, paging, parsePage, qs, spotifyError } from './query';
import { artistJson, audioFeaturesJson, fullTrack, simplifiedAlbum, simplifiedTrack } from './render';

const ALBUM_GROUPS = ['album', 'single', 'compilation', 'appears_on'] as const;
const SEARCH_TYPES = ['album', 'artist', 'playlist', 'track', 'show', 'episode', 'audiobook'];

type AlbumEntry = { artist: FakeArtist; album: FakeAlbum };

/** Whether the artist (or, without one, the server) is served on the development-mode contract. */
function development(ctx: FakeContext, artist: FakeArtist | null): boolean {
  return ctx.state.spotifyContractFor(artist?.attractionId ?? null) === 'development';
}

/** Fields a development-mode app no longer receives (February 2026): popularity, album_group, label, followers. */
const DEVELOPMENT_ABSENT = ['popularity', 'album_group', 'label', 'followers'];

function forContract<T>(dev: boolean, body: T): T {
  if (!dev || typeof body !== 'object' || body === null) return body;
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!DEVELOPMENT_ABSENT.includes(k)) out[k] = strip(v);
    return out;
  };
  return strip(body) as T;
}

/** The answer of an endpoint development-mode apps lost in February 2026. */
function removedForDevelopment(): Response {
  return spotifyError(403, 'Forbidden: this endpoint is not available to apps in development mode');
}

/** Page parameters, with the development-mode page limit (≤ 10, default 5) where it applies. */
function pageFor(ctx: FakeContext, query: Record<string, string>, dev: boolean, defaultLimit: number) {
  const limit = Number(query.limit);
  if (Number.isFinite(limit)) ctx.state.recordSpotifyPageSize(limit);
  return dev ? parsePage(query, DEVELOPMENT_LIMITS.defaultPageSize, DEVELOPMENT_LIMITS.pageSize) : parsePage(query, defaultLimit);
}

/** Absolute base URL of the fake Web API, which every link starts with. */
function apiBase(ctx: FakeContext): string {
  return `${ctx.origin()}${PREFIX.spotify}`;
}

/** Every Web API request needs a valid, unexpired token from the accounts service. */
function requireBearerToken(ctx: FakeContext): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) return spotifyError(401, 'No token provided');
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return spotifyError(400, 'Only valid bearer authentication supported');
    const status = ctx.state.tokenStatus(m[1] as string);
    if (status === 'unknown') return spotifyError(401, 'Invalid access token');
    if (status === 'expired') return spotifyError(401, 'The access token expired');
    await next();
  };
}

/** GET /search — artists only have results; other types answer empty pages. */
function search(ctx: FakeContext, c: Context): Response {
  const query = c.req.query();
  if (!query.q) return spotifyError(400, 'No search query');
  if (!query.type) return spotifyError(400, 'Missing parameter type');
  const types = query.type.split(',');
  if (types.some((t) => !SEARCH_TYPES.includes(t))) return spotifyError(400, 'Bad search type field');
  const dev = development(ctx, null);
  const page = pageFor(ctx, query, dev, 20);
  if (page instanceof Response) return page;
  const base = apiBase(ctx);
  const body: Record<string, unknown> = {};
  for (const type of types) {
    const found = type === 'artist' ? ctx.catalog.searchSpotifyArtists(query.q) : [];
    const url = (offset: number, limit: number): string => `${base}/search?${qs([['offset', offset], ['limit', limit], ['query', query.q as string], ['type', type]])}`;
    body[`${type}s`] = paging(url, found, page, (p) => artistJson(base, p));
  }
  return c.json(forContract(dev, body));
}

/** GET /artists/:id */
function getArtist(ctx: FakeContext, c: Context): Response {
  const id = c.req.param('id') as string;
  if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
  const entry = ctx.catalog.spotifyArtist(id);
  if (!entry) return spotifyError(404, 'Resource not found');
  return c.json(forContract(development(ctx, entry.artist), artistJson(apiBase(ctx), entry.profile)));
}

/** Spotify lists by album group (in its fixed order), newest release first within a group. */
function albumsInGroups(artist: FakeArtist | null, groups: string[]): FakeAlbum[] {
  if (!artist) return [];
  return artist.albums
    .filter((a) => groups.includes(a.albumGroup))
    .sort(
      (a, b) =>
        ALBUM_GROUPS.indexOf(a.albumGroup) - ALBUM_GROUPS.indexOf(b.albumGroup) ||
        b.releaseDate.localeCompare(a.releaseDate) ||
        a.name.localeCompare(b.name),
    );
}

/** GET /artists/:id/albums — paged, filtered by include_groups. */
function listArtistAlbums(ctx: FakeContext, c: Context): Response {
  const id = c.req.param('id') as string;
  if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
  const entry = ctx.catalog.spotifyArtist(id);
  if (!entry) return spotifyError(404, 'Resource not found');
  const query = c.req.query();
  const dev = development(ctx, entry.artist);
  const page = pageFor(ctx, query, dev, 20);
  if (page instanceof Response) return page;
  const groups = query.include_groups ? query.include_groups.split(',').map((g) => g.trim()) : [...ALBUM_GROUPS];
  if (groups.some((g) => !(ALBUM_GROUPS as readonly string[]).includes(g))) return spotifyError(400, 'Invalid include_groups value');
  const base = apiBase(ctx);
  const groupParam: Array<[string, string]> = query.include_groups ? [['include_groups', query.include_groups]] : [];
  const url = (offset: number, limit: number): string => `${base}/artists/${id}/albums?${qs([['offset', offset], ['limit', limit], ...groupParam])}`;
  return c.json(forContract(dev, paging(url, albumsInGroups(entry.artist, groups), page, (a) => simplifiedAlbum(base, a, entry.artist as FakeArtist, true))));
}

function albumEntry(ctx: FakeContext, id: string): AlbumEntry | Response {
  if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
  const entry = ctx.catalog.album(id);
  if (!entry) return spotifyError(404, 'Resource not found');
  return entry;
}

function albumTracks(entry: AlbumEntry): FakeTrack[] {
  return entry.album.trackIds.map((tid) => entry.artist.trackById.get(tid) as FakeTrack);
}

function albumTracksUrl(base: string, album: FakeAlbum): (offset: number, limit: number) => string {
  return (offset, limit) => `${base}/albums/${album.id}/tracks?${qs([['offset', offset], ['limit', limit]])}`;
}

/** GET /albums/:id — the full album with its first page of tracks. */
function getAlbum(ctx: FakeContext, c: Context): Response {
  const entry = albumEntry(ctx, c.req.param('id') as string);
  if (entry instanceof Response) return entry;
  return c.json(forContract(development(ctx, entry.artist), fullAlbum(apiBase(ctx), entry)));
}

/** GET /albums?ids= — up to 20 full albums (null for unknown ids); gone for development-mode apps. */
function getAlbums(ctx: FakeContext, c: Context): Response {
  const ids = idList(c.req.query('ids'), SPOTIFY_LIMITS.albumsPerRequest);
  if (ids instanceof Response) return ids;
  const entries = ids.map((id) => ctx.catalog.album(id));
  if (development(ctx, entries.find((e) => e !== null)?.artist ?? null)) return removedForDevelopment();
  const base = apiBase(ctx);
  return c.json({ albums: entries.map((e) => (e ? fullAlbum(base, e) : null)) });
}

function fullAlbum(base: string, entry: AlbumEntry): Record<string, unknown> {
  const { album, artist } = entry;
  const firstPage = { offset: 0, limit: SPOTIFY_LIMITS.albumTracksEmbedded };
  return {
    ...simplifiedAlbum(base, album, artist, false),
    tracks: paging(albumTracksUrl(base, album), albumTracks(entry), firstPage, (t) => simplifiedTrack(base, t, artist)),
    copyrights: [{ text: `${album.releaseDate.slice(0, 4)} ${artist.name}`, type: 'C' }],
    external_ids: { upc: String(new Rng(`upc|${album.id}`).int(100_000_000, 999_999_999)).padStart(12, '0') },
    genres: [],
    label: `${artist.name} Records`,
    popularity: Math.max(0, ...albumTracks(entry).map((t) => t.popularity)),
  };
}

/** GET /albums/:id/tracks — paged simplified tracks (no ISRC, no popularity). */
function listAlbumTracks(ctx: FakeContext, c: Context): Response {
  const entry = albumEntry(ctx, c.req.param('id') as string);
  if (entry instanceof Response) return entry;
  const page = parsePage(c.req.query(), 20);
  if (page instanceof Response) return page;
  const base = apiBase(ctx);
  return c.json(forContract(development(ctx, entry.artist), paging(albumTracksUrl(base, entry.album), albumTracks(entry), page, (t) => simplifiedTrack(base, t, entry.artist))));
}

function fullTrackOf(ctx: FakeContext, base: string, entry: { artist: FakeArtist; track: FakeTrack }): Record<string, unknown> {
  const album = (ctx.catalog.album(entry.track.albumId) as AlbumEntry).album;
  return fullTrack(base, entry.track, album, entry.artist);
}

/** GET /tracks?ids= — full tracks, null for unknown ids. */
function getTracks(ctx: FakeContext, c: Context): Response {
  const ids = idList(c.req.query('ids'), SPOTIFY_LIMITS.tracksPerRequest);
  if (ids instanceof Response) return ids;
  const found = ids.map((id) => ctx.catalog.track(id));
  if (development(ctx, found.find((e) => e !== null)?.artist ?? null)) return removedForDevelopment();
  const base = apiBase(ctx);
  return c.json({
    tracks: ids.map((id) => {
      const entry = ctx.catalog.track(id);
      return entry ? fullTrackOf(ctx, base, entry) : null;
    }),
  });
}

/** GET /tracks/:id */
function getTrack(ctx: FakeContext, c: Context): Response {
  const id = c.req.param('id') as string;
  if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
  const entry = ctx.catalog.track(id);
  if (!entry) return spotifyError(404, 'Resource not found');
  return c.json(forContract(development(ctx, entry.artist), fullTrackOf(ctx, apiBase(ctx), entry)));
}

/** The 403 of apps registered after 2024-11-27, when the fake is in `forbidden` mode; null otherwise. */
function audioFeaturesRefusal(ctx: FakeContext, artist: FakeArtist | null = null): Response | null {
  if (ctx.state.config.audioFeatures !== 'forbidden' && !development(ctx, artist)) return null;
  ctx.state.recordAudioFeaturesRefusal();
  return spotifyError(403, 'Forbidden');
}

/** GET /audio-features?ids= — features, null for unknown ids and tracks without features. */
function getAudioFeatures(ctx: FakeContext, c: Context): Response {
  const ids = idList(c.req.query('ids'), SPOTIFY_LIMITS.audioFeaturesPerRequest);
  const first = ids instanceof Response ? null : ids.map((id) => ctx.catalog.track(id)).find((e) => e !== null);
  const refusal = audioFeaturesRefusal(ctx, first?.artist ?? null);
  if (refusal) return refusal;
  if (ids instanceof Response) return ids;
  const base = apiBase(ctx);
  return c.json({
    audio_features: ids.map((id) => {
      const entry = ctx.catalog.track(id);
      return entry ? audioFeaturesJson(base, entry.track) : null;
    }),
  });
}

/** GET /audio-features/:id */
function getAudioFeature(ctx: FakeContext, c: Context): Response {
  const refusal = audioFeaturesRefusal(ctx);
  if (refusal) return refusal;
  const id = c.req.param('id') as string;
  if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
  const entry = ctx.catalog.track(id);
  const features = entry ? audioFeaturesJson(apiBase(ctx), entry.track) : null;
  if (!features) return spotifyError(404, 'analysis not found');
  return c.json(features);
}

export function spotifyApp(ctx: FakeContext): Hono {
  const app = new Hono();
  app.use('*', providerGate(ctx, 'spotify'));
  app.use('*', requireBearerToken(ctx));
  app.get('/search', (c) => search(ctx, c));
  app.get('/artists/:id', (c) => getArtist(ctx, c));
  app.get('/artists/:id/albums', (c) => listArtistAlbums(ctx, c));
  app.get('/albums', (c) => getAlbums(ctx, c));
  app.get('/albums/:id', (c) => getAlbum(ctx, c));
  app.get('/albums/:id/tracks', (c) => listAlbumTracks(ctx, c));
  app.get('/tracks', (c) => getTracks(ctx, c));
  app.get('/tracks/:id', (c) => getTrack(ctx, c));
  app.get('/audio-features', (c) => getAudioFeatures(ctx, c));
  app.get('/audio-features/:id', (c) => getAudioFeature(ctx, c));
  app.all('*', () => spotifyError(404, 'Service not found'));
  return app;
}
