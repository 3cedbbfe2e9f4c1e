// Fake Spotify: the accounts service (client-credentials tokens) and the Web
// API endpoints the import reads, in the real JSON shapes and with the real
// limits (Bearer token, limit ≤ 50, ids ≤ 50 / 100, absolute `next` links,
// audio-features 403 for apps registered after 2024-11-27).

import { Hono } from 'hono';
import { z } from 'zod';
import type { FakeAlbum, FakeArtist, FakeSpotifyProfile, FakeTrack } from './catalog';
import { type FakeContext, PREFIX, intParam, providerError, providerGate } from './http';
import { Rng } from './random';

const SPOTIFY_ID = /^[0-9A-Za-z]{22}$/;
const MARKETS = ['AR', 'AU', 'BR', 'CA', 'DE', 'ES', 'FR', 'GB', 'IE', 'IT', 'JP', 'MX', 'NL', 'SE', 'US'];
const ALBUM_GROUPS = ['album', 'single', 'compilation', 'appears_on'] as const;
const VARIOUS_ARTISTS = { id: '0LyfQWJT6nXafLPZqxe9Of', name: 'Various Artists' };

function spotifyError(status: number, message: string): Response {
  return providerError('spotify', status, message);
}

// ---------------------------------------------------------------- accounts

const tokenFormSchema = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

function accountsError(status: number, error: string, description: string): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Client id and secret from `Authorization: Basic base64(id:secret)`, else from the form. */
function clientCredentials(header: string | undefined, form: z.infer<typeof tokenFormSchema>): { id: string; secret: string } | null {
  const m = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (m) {
    const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  if (form.client_id !== undefined && form.client_secret !== undefined) return { id: form.client_id, secret: form.client_secret };
  return null;
}

export function spotifyAccountsApp(ctx: FakeContext): Hono {
  const app = new Hono();
  app.use('*', providerGate(ctx, 'spotify-accounts'));
  app.post('/api/token', async (c) => {
    const contentType = c.req.header('content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return accountsError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    }
    const raw = await c.req.parseBody();
    const parsed = tokenFormSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')));
    if (!parsed.success) return accountsError(400, 'invalid_request', 'Malformed form body');
    const form = parsed.data;
    if (!form.grant_type) return accountsError(400, 'unsupported_grant_type', 'grant_type parameter is missing');
    if (form.grant_type !== 'client_credentials') {
      return accountsError(400, 'unsupported_grant_type', 'grant_type must be client_credentials, authorization_code or refresh_token');
    }
    const creds = clientCredentials(c.req.header('authorization'), form);
    if (!creds) return accountsError(400, 'invalid_client', 'Invalid client');
    if (creds.id !== ctx.credentials.spotifyClientId) return accountsError(400, 'invalid_client', 'Invalid client');
    if (creds.secret !== ctx.credentials.spotifyClientSecret) return accountsError(400, 'invalid_client', 'Invalid client secret');
    const { token, expiresIn } = ctx.state.issueToken();
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: expiresIn });
  });
  app.all('*', () => accountsError(404, 'not_found', 'Not found'));
  return app;
}

// ----------------------------------------------------------------- web API

/** Query string with commas kept readable, as Spotify writes its links. */
function qs(params: Array<[string, string | number]>): string {
  return params.map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%2C/gi, ',')}`).join('&');
}

interface PageRequest {
  offset: number;
  limit: number;
}

function parsePage(query: Record<string, string>, defaultLimit: number): PageRequest | Response {
  const limit = intParam(query.limit, defaultLimit);
  const offset = intParam(query.offset, 0);
  if (limit === null || limit < 1 || limit > 50) return spotifyError(400, 'Invalid limit');
  if (offset === null || offset < 0) return spotifyError(400, 'Invalid offset');
  return { offset, limit };
}

function paging<T>(url: (offset: number, limit: number) => string, all: T[], page: PageRequest, render: (item: T) => unknown): Record<string, unknown> {
  const { offset, limit } = page;
  return {
    href: url(offset, limit),
    items: all.slice(offset, offset + limit).map(render),
    limit,
    next: offset + limit < all.length ? url(offset + limit, limit) : null,
    offset,
    previous: offset > 0 ? url(Math.max(0, offset - limit), limit) : null,
    total: all.length,
  };
}

export function spotifyApp(ctx: FakeContext): Hono {
  const app = new Hono();
  const base = (): string => `${ctx.origin()}${PREFIX.spotify}`;

  const simplifiedArtist = (p: { id: string; name: string }): Record<string, unknown> => ({
    external_urls: { spotify: `https://open.spotify.com/artist/${p.id}` },
    href: `${base()}/artists/${p.id}`,
    id: p.id,
    name: p.name,
    type: 'artist',
    uri: `spotify:artist:${p.id}`,
  });

  const artistJson = (p: FakeSpotifyProfile): Record<string, unknown> => ({
    external_urls: { spotify: `https://open.spotify.com/artist/${p.id}` },
    followers: { href: null, total: p.followers },
    genres: p.genres,
    href: `${base()}/artists/${p.id}`,
    id: p.id,
    images: p.images.map((i) => ({ url: i.url, height: i.height, width: i.width })),
    name: p.name,
    popularity: p.popularity,
    type: 'artist',
    uri: `spotify:artist:${p.id}`,
  });

  const albumArtists = (album: FakeAlbum, artist: FakeArtist): unknown[] =>
    album.albumGroup === 'appears_on' ? [simplifiedArtist(VARIOUS_ARTISTS)] : [simplifiedArtist(artist.spotify as FakeSpotifyProfile)];

  const simplifiedAlbum = (album: FakeAlbum, artist: FakeArtist, withGroup: boolean): Record<string, unknown> => {
    const body: Record<string, unknown> = { album_type: album.albumType };
    if (withGroup) body.album_group = album.albumGroup;
    Object.assign(body, {
      total_tracks: album.totalTracks,
      available_markets: MARKETS,
      external_urls: album.id ? { spotify: `https://open.spotify.com/album/${album.id}` } : {},
    });
    // A malformed album item is served without id, href and uri.
    if (album.id) Object.assign(body, { href: `${base()}/albums/${album.id}`, id: album.id });
    Object.assign(body, {
      images: album.images.map((i) => ({ url: i.url, height: i.height, width: i.width })),
      name: album.name,
      release_date: album.releaseDate,
      release_date_precision: album.releaseDatePrecision,
      type: 'album',
    });
    if (album.id) body.uri = `spotify:album:${album.id}`;
    body.artists = albumArtists(album, artist);
    return body;
  };

  const simplifiedTrack = (track: FakeTrack, artist: FakeArtist): Record<string, unknown> => ({
    artists: [simplifiedArtist(artist.spotify as FakeSpotifyProfile)],
    available_markets: MARKETS,
    disc_number: track.discNumber,
    // A malformed track carries a non-numeric duration ("3:45").
    duration_ms: track.malformedDuration ?? track.durationMs,
    explicit: track.explicit,
    external_urls: { spotify: `https://open.spotify.com/track/${track.id}` },
    href: `${base()}/tracks/${track.id}`,
    id: track.id,
    is_local: false,
    name: track.name,
    preview_url: null,
    track_number: track.trackNumber,
    type: 'track',
    uri: `spotify:track:${track.id}`,
  });

  const fullTrack = (track: FakeTrack, artist: FakeArtist): Record<string, unknown> => {
    const album = (ctx.catalog.album(track.albumId) as { album: FakeAlbum }).album;
    return {
      album: simplifiedAlbum(album, artist, false),
      ...simplifiedTrack(track, artist),
      external_ids: track.isrc ? { isrc: track.isrc } : {},
      popularity: track.popularity,
    };
  };

  const audioFeatures = (track: FakeTrack): Record<string, unknown> | null => {
    if (track.liveness === null) return null;
    const r = new Rng(`audio-features|${track.id}`);
    const round = (v: number, digits = 3): number => Number(v.toFixed(digits));
    return {
      danceability: round(0.2 + r.next() * 0.7),
      energy: round(0.2 + r.next() * 0.75),
      key: r.int(0, 11),
      loudness: round(-14 + r.next() * 11),
      mode: r.int(0, 1),
      speechiness: round(0.02 + r.next() * 0.1, 4),
      acousticness: round(r.next() * 0.6, 4),
      instrumentalness: round(r.next() * 0.02, 6),
      liveness: track.liveness,
      valence: round(0.1 + r.next() * 0.8),
      tempo: round(70 + r.next() * 100),
      type: 'audio_features',
      id: track.id,
      uri: `spotify:track:${track.id}`,
      track_href: `${base()}/tracks/${track.id}`,
      analysis_url: `${base()}/audio-analysis/${track.id}`,
      duration_ms: track.durationMs,
      time_signature: 4,
    };
  };

  /** Comma-separated ids, at most `max`; a Response when the request must be refused. */
  const idList = (raw: string | undefined, max: number): string[] | Response => {
    if (!raw) return spotifyError(400, 'invalid id');
    const ids = raw.split(',');
    if (ids.length > max) return spotifyError(400, 'Too many ids requested');
    if (ids.some((id) => !SPOTIFY_ID.test(id))) return spotifyError(400, 'invalid id');
    return ids;
  };

  app.use('*', providerGate(ctx, 'spotify'));
  app.use('*', async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) return spotifyError(401, 'No token provided');
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return spotifyError(400, 'Only valid bearer authentication supported');
    const status = ctx.state.tokenStatus(m[1] as string);
    if (status === 'unknown') return spotifyError(401, 'Invalid access token');
    if (status === 'expired') return spotifyError(401, 'The access token expired');
    await next();
  });

  app.get('/search', (c) => {
    const query = c.req.query();
    if (!query.q) return spotifyError(400, 'No search query');
    if (!query.type) return spotifyError(400, 'Missing parameter type');
    const types = query.type.split(',');
    const known = ['album', 'artist', 'playlist', 'track', 'show', 'episode', 'audiobook'];
    if (types.some((t) => !known.includes(t))) return spotifyError(400, 'Bad search type field');
    const page = parsePage(query, 20);
    if (page instanceof Response) return page;
    const body: Record<string, unknown> = {};
    for (const type of types) {
      const found = type === 'artist' ? ctx.catalog.searchSpotifyArtists(query.q) : [];
      const url = (offset: number, limit: number): string => `${base()}/search?${qs([['offset', offset], ['limit', limit], ['query', query.q as string], ['type', type]])}`;
      body[`${type}s`] = paging(url, found, page, artistJson);
    }
    return c.json(body);
  });

  app.get('/artists/:id', (c) => {
    const id = c.req.param('id');
    if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
    const entry = ctx.catalog.spotifyArtist(id);
    if (!entry) return spotifyError(404, 'Resource not found');
    return c.json(artistJson(entry.profile));
  });

  app.get('/artists/:id/albums', (c) => {
    const id = c.req.param('id');
    if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
    const entry = ctx.catalog.spotifyArtist(id);
    if (!entry) return spotifyError(404, 'Resource not found');
    const query = c.req.query();
    const page = parsePage(query, 20);
    if (page instanceof Response) return page;
    const groups = query.include_groups ? query.include_groups.split(',').map((g) => g.trim()) : [...ALBUM_GROUPS];
    if (groups.some((g) => !(ALBUM_GROUPS as readonly string[]).includes(g))) return spotifyError(400, 'Invalid include_groups value');
    const artist = entry.artist;
    // Spotify lists by album group (in its fixed order), newest release first within a group.
    const albums = artist
      ? artist.albums
          .filter((a) => groups.includes(a.albumGroup))
          .sort(
            (a, b) =>
              ALBUM_GROUPS.indexOf(a.albumGroup) - ALBUM_GROUPS.indexOf(b.albumGroup) ||
              b.releaseDate.localeCompare(a.releaseDate) ||
              a.name.localeCompare(b.name),
          )
      : [];
    const groupParam: Array<[string, string]> = query.include_groups ? [['include_groups', query.include_groups]] : [];
    const url = (offset: number, limit: number): string => `${base()}/artists/${id}/albums?${qs([['offset', offset], ['limit', limit], ...groupParam])}`;
    return c.json(paging(url, albums, page, (a) => simplifiedAlbum(a, artist as FakeArtist, true)));
  });

  const albumEntry = (id: string): { artist: FakeArtist; album: FakeAlbum } | Response => {
    if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
    const entry = ctx.catalog.album(id);
    if (!entry) return spotifyError(404, 'Resource not found');
    return entry;
  };

  const albumTracks = (entry: { artist: FakeArtist; album: FakeAlbum }): FakeTrack[] =>
    entry.album.trackIds.map((tid) => entry.artist.trackById.get(tid) as FakeTrack);

  app.get('/albums/:id', (c) => {
    const entry = albumEntry(c.req.param('id'));
    if (entry instanceof Response) return entry;
    const { album, artist } = entry;
    const url = (offset: number, limit: number): string => `${base()}/albums/${album.id}/tracks?${qs([['offset', offset], ['limit', limit]])}`;
    return c.json({
      ...simplifiedAlbum(album, artist, false),
      tracks: paging(url, albumTracks(entry), { offset: 0, limit: 50 }, (t) => simplifiedTrack(t, artist)),
      copyrights: [{ text: `${album.releaseDate.slice(0, 4)} ${artist.name}`, type: 'C' }],
      external_ids: { upc: String(new Rng(`upc|${album.id}`).int(100_000_000, 999_999_999)).padStart(12, '0') },
      genres: [],
      label: `${artist.name} Records`,
      popularity: Math.max(0, ...albumTracks(entry).map((t) => t.popularity)),
    });
  });

  app.get('/albums/:id/tracks', (c) => {
    const entry = albumEntry(c.req.param('id'));
    if (entry instanceof Response) return entry;
    const page = parsePage(c.req.query(), 20);
    if (page instanceof Response) return page;
    const url = (offset: number, limit: number): string => `${base()}/albums/${entry.album.id}/tracks?${qs([['offset', offset], ['limit', limit]])}`;
    return c.json(paging(url, albumTracks(entry), page, (t) => simplifiedTrack(t, entry.artist)));
  });

  app.get('/tracks', (c) => {
    const ids = idList(c.req.query('ids'), 50);
    if (ids instanceof Response) return ids;
    return c.json({
      tracks: ids.map((id) => {
        const entry = ctx.catalog.track(id);
        return entry ? fullTrack(entry.track, entry.artist) : null;
      }),
    });
  });

  app.get('/tracks/:id', (c) => {
    const id = c.req.param('id');
    if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
    const entry = ctx.catalog.track(id);
    if (!entry) return spotifyError(404, 'Resource not found');
    return c.json(fullTrack(entry.track, entry.artist));
  });

  app.get('/audio-features', (c) => {
    if (ctx.state.config.audioFeatures === 'forbidden') {
      ctx.state.recordAudioFeaturesRefusal();
      return spotifyError(403, 'Forbidden');
    }
    const ids = idList(c.req.query('ids'), 100);
    if (ids instanceof Response) return ids;
    return c.json({
      audio_features: ids.map((id) => {
        const entry = ctx.catalog.track(id);
        return entry ? audioFeatures(entry.track) : null;
      }),
    });
  });

  app.get('/audio-features/:id', (c) => {
    if (ctx.state.config.audioFeatures === 'forbidden') {
      ctx.state.recordAudioFeaturesRefusal();
      return spotifyError(403, 'Forbidden');
    }
    const id = c.req.param('id');
    if (!SPOTIFY_ID.test(id)) return spotifyError(400, 'invalid id');
    const entry = ctx.catalog.track(id);
    const features = entry ? audioFeatures(entry.track) : null;
    if (!features) return spotifyError(404, 'analysis not found');
    return c.json(features);
  });

  app.all('*', () => spotifyError(404, 'Service not found'));
  return app;
}
