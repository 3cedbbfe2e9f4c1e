import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../providers/errors';
import { SpotifyClient } from '../../providers/spotify';
import { json, rejectionOf, startServer, testHttp, type RecordedRequest, type TestServer } from './support';

const CLIENT_ID = 'client-id';
const CLIENT_SECRET = 'client-sekrit';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Route = (req: RecordedRequest, res: ServerResponse, base: string) => void;

/**
 * Accounts + Web API on one server. Tokens are `tok-1`, `tok-2`, …; `revoke()`
 * makes every token issued so far answer 401.
 */
async function fakeSpotify(routes: Record<string, Route>, opts: { expiresIn?: number } = {}) {
  const valid = new Set<string>();
  let issued = 0;
  const s = await startServer((req, res) => {
    if (req.path === '/api/token') {
      const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
      if (req.method !== 'POST' || req.headers.authorization !== expected) return json(res, 401, { error: 'invalid_client' });
      if (new URLSearchParams(req.body).get('grant_type') !== 'client_credentials') return json(res, 400, { error: 'unsupported_grant_type' });
      const token = `tok-${++issued}`;
      valid.add(token);
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: opts.expiresIn ?? 3600 });
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!valid.has(token)) return json(res, 401, { error: { status: 401, message: 'The access token expired' } });
    const route = routes[req.path];
    if (!route) return json(res, 404, { error: { status: 404, message: 'Not found.' } });
    route(req, res, s.baseUrl);
  });
  server = s;
  return {
    server: s,
    revoke: () => valid.clear(),
    tokenRequests: () => s.requests.filter((r) => r.path === '/api/token').length,
    apiRequests: () => s.requests.filter((r) => r.path !== '/api/token'),
    client: () =>
      new SpotifyClient({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        apiBaseUrl: `${s.baseUrl}/v1`,
        accountsBaseUrl: s.baseUrl,
        http: testHttp('spotify'),
      }),
  };
}

const artist = (id: string, name: string, popularity = 50) => ({
  id,
  name,
  images: [{ url: `https://i.scdn.co/${id}`, width: 640, height: 640 }],
  genres: ['art pop'],
  popularity,
  followers: { href: null, total: 1234 },
});

const album = (id: string) => ({
  id,
  name: `Album ${id}`,
  album_type: 'album',
  album_group: 'album',
  release_date: '2001-05-01',
  total_tracks: 10,
});

describe('SpotifyClient token', () => {
  it('gets one client-credentials token and reuses it', async () => {
    const fake = await fakeSpotify({ '/v1/artists/A': (_q, res) => json(res, 200, artist('A', 'Björk')) });
    const spotify = fake.client();
    await spotify.getArtist('A');
    await spotify.getArtist('A');
    await Promise.all([spotify.getArtist('A'), spotify.getArtist('A'), spotify.getArtist('A')]);

    expect(fake.tokenRequests()).toBe(1);
    const tokenRequest = fake.server.requests[0]!;
    expect(tokenRequest.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(fake.apiRequests().every((r) => r.headers.authorization === 'Bearer tok-1')).toBe(true);
  });

  it('shares one token request between concurrent first calls', async () => {
    const fake = await fakeSpotify({ '/v1/artists/A': (_q, res) => json(res, 200, artist('A', 'Björk')) });
    const spotify = fake.client();
    await Promise.all(Array.from({ length: 5 }, () => spotify.getArtist('A')));
    expect(fake.tokenRequests()).toBe(1);
  });

  it('renews the token before it expires', async () => {
    const fake = await fakeSpotify({ '/v1/artists/A': (_q, res) => json(res, 200, artist('A', 'Björk')) }, { expiresIn: 1 });
    const spotify = fake.client();
    await spotify.getArtist('A');
    await new Promise((r) => setTimeout(r, 600)); // past half of a 1 s lifetime
    await spotify.getArtist('A');
    expect(fake.tokenRequests()).toBe(2);
    expect(fake.apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('renews once on a 401 and repeats the call', async () => {
    const fake = await fakeSpotify({ '/v1/artists/A': (_q, res) => json(res, 200, artist('A', 'Björk')) });
    const spotify = fake.client();
    await spotify.getArtist('A');
    fake.revoke();
    const again = await spotify.getArtist('A');

    expect(again.name).toBe('Björk');
    expect(fake.tokenRequests()).toBe(2);
    expect(fake.apiRequests().map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('gives up after one renewal when the API keeps answering 401', async () => {
    const fake = await fakeSpotify({
      '/v1/artists/A': (_q, res) => json(res, 401, { error: { status: 401, message: 'Invalid access token' } }),
    });
    const error = await rejectionOf(fake.client().getArtist('A'));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe('spotify GET /v1/artists/A answered 401 Unauthorized');
    expect(fake.tokenRequests()).toBe(2);
    expect(fake.apiRequests()).toHaveLength(2);
  });

  it('reports bad credentials as a failed token request, without the secret', async () => {
    const fake = await fakeSpotify({});
    const spotify = new SpotifyClient({
      clientId: CLIENT_ID,
      clientSecret: 'wrong-sekrit',
      apiBaseUrl: `${fake.server.baseUrl}/v1`,
      accountsBaseUrl: fake.server.baseUrl,
      http: testHttp('spotify'),
    });
    const error = await rejectionOf(spotify.getArtist('A'));
    expect((error as Error).message).toBe('spotify POST /api/token answered 401 Unauthorized');
    expect((error as Error).message).not.toContain('sekrit');
  });
});

describe('SpotifyClient.getArtist / searchArtist', () => {
  it('maps an artist, reading absent popularity and followers as 0', async () => {
    const fake = await fakeSpotify({
      '/v1/artists/A': (_q, res) => json(res, 200, { id: 'A', name: 'Björk', images: [], genres: ['art pop'] }),
    });
    expect(await fake.client().getArtist('A')).toEqual({ id: 'A', name: 'Björk', images: [], genres: ['art pop'], popularity: 0, followers: 0 });
  });

  it('returns the exact name match, ignoring case and accents', async () => {
    const fake = await fakeSpotify({
      '/v1/search': (_q, res) =>
        json(res, 200, {
          artists: {
            items: [artist('T', 'Bjork Tribute Band', 90), { id: 'broken' }, artist('B', 'Björk', 70), artist('B2', 'BJORK', 10)],
            next: null,
          },
        }),
    });
    const found = await fake.client().searchArtist('bjork');

    expect(found?.id).toBe('B'); // the more popular of the two exact matches
    const q = fake.apiRequests()[0]!.query;
    expect([q.get('type'), q.get('q')]).toEqual(['artist', 'bjork']);
    expect(Number(q.get('limit'))).toBeGreaterThan(1);
  });

  it('returns null rather than the first hit when no name matches exactly', async () => {
    const fake = await fakeSpotify({
      '/v1/search': (_q, res) => json(res, 200, { artists: { items: [artist('X', 'Beyoncé Tribute', 99)] } }),
    });
    expect(await fake.client().searchArtist('Beyoncé')).toBeNull();
  });
});

describe('SpotifyClient paging', () => {
  it('follows `next` links exactly as given, wherever they point', async () => {
    const fake = await fakeSpotify({
      '/v1/artists/A/albums': (_q, res, base) =>
        json(res, 200, { items: [album('a1'), album('a2')], next: `${base}/elsewhere/albums-page?cursor=two&limit=50`, total: 5 }),
      '/elsewhere/albums-page': (q, res, base) =>
        json(res, 200, {
          items: [album('a3'), { id: 'broken-album' }],
          next: q.query.get('cursor') === 'two' ? `${base}/third/page?cursor=three` : null,
        }),
      '/third/page': (_q, res) => json(res, 200, { items: [album('a5')], next: null }),
    });
    const albums = await fake.client().getArtistAlbums('A');

    expect(albums.items.map((a) => a.id)).toEqual(['a1', 'a2', 'a3', 'a5']);
    expect(albums.skipped).toBe(1);
    expect(albums.items[0]).toEqual({ id: 'a1', name: 'Album a1', albumType: 'album', albumGroup: 'album', releaseDate: '2001-05-01', totalTracks: 10 });
    expect(fake.apiRequests().map((r) => r.url)).toEqual([
      '/v1/artists/A/albums?include_groups=album%2Csingle&limit=50',
      '/elsewhere/albums-page?cursor=two&limit=50',
      '/third/page?cursor=three',
    ]);
  });

  it('fails instead of looping when a `next` link points back at a page already read', async () => {
    const fake = await fakeSpotify({
      '/v1/albums/X/tracks': (_q, res, base) =>
        json(res, 200, { items: [], next: `${base}/v1/albums/X/tracks?limit=50` }),
    });
    const error = await rejectionOf(fake.client().getAlbumTracks('X'));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toContain('points back at a page already read');
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('collects album tracks over `next` pages', async () => {
    const track = (id: string, n: number) => ({ id, name: `Song ${id}`, duration_ms: 200_000 + n, track_number: n, disc_number: 1 });
    const fake = await fakeSpotify({
      '/v1/albums/X/tracks': (q, res, base) => {
        const offset = Number(q.query.get('offset') ?? 0);
        const items = Array.from({ length: offset === 0 ? 50 : 12 }, (_, i) => track(`t${offset + i}`, offset + i + 1));
        json(res, 200, { items, next: offset === 0 ? `${base}/v1/albums/X/tracks?offset=50&limit=50` : null });
      },
    });
    const tracks = await fake.client().getAlbumTracks('X');
    expect(tracks.items).toHaveLength(62);
    expect(tracks.items[61]).toEqual({ id: 't61', name: 'Song t61', durationMs: 200_062, trackNumber: 62, discNumber: 1 });
  });
});

describe('SpotifyClient.getTracks', () => {
  const full = (id: string) => ({
    id,
    name: `Song ${id}`,
    duration_ms: 180_000,
    popularity: 61,
    external_ids: { isrc: 'gbaye0601234' },
    album: { id: 'AL', name: 'OK Computer', album_type: 'album' },
  });

  it('maps full tracks, leaves out null entries and counts malformed ones', async () => {
    const fake = await fakeSpotify({ '/v1/tracks': (_q, res) => json(res, 200, { tracks: [full('t1'), null, { id: 't3' }] }) });
    const result = await fake.client().getTracks(['t1', 'gone', 't3']);

    expect(result.items).toEqual([
      { id: 't1', name: 'Song t1', durationMs: 180_000, popularity: 61, isrc: 'GBAYE0601234', albumId: 'AL', albumName: 'OK Computer', albumType: 'album', albumReleaseDate: null },
    ]);
    expect(result.skipped).toBe(1);
    expect(fake.apiRequests()[0]?.query.get('ids')).toBe('t1,gone,t3');
  });

  it('refuses more than 50 ids without calling Spotify', async () => {
    const fake = await fakeSpotify({});
    const ids = Array.from({ length: 51 }, (_, i) => `t${i}`);
    expect(await rejectionOf(fake.client().getTracks(ids))).toBeInstanceOf(RangeError);
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('SpotifyClient.getAudioFeatures', () => {
  it('reports a 403 as unavailable, with Spotify’s reason, instead of failing', async () => {
    const fake = await fakeSpotify({
      '/v1/audio-features': (_q, res) => json(res, 403, { error: { status: 403, message: 'Forbidden' } }),
    });
    const result = await fake.client().getAudioFeatures(['t1', 't2']);

    expect(result.available).toBe(false);
    if (!result.available) expect(result.reason).toBe('Spotify refused /v1/audio-features (403 Forbidden): Forbidden; liveness cannot be checked for this app');
    expect(fake.apiRequests()).toHaveLength(1);
  });

  it('maps features by id; a null or malformed entry means no features for that id', async () => {
    const fake = await fakeSpotify({
      '/v1/audio-features': (_q, res) =>
        json(res, 200, { audio_features: [{ id: 't1', liveness: 0.12, energy: 0.5 }, null, { id: 't3', liveness: 'high' }] }),
    });
    const result = await fake.client().getAudioFeatures(['t1', 't2', 't3']);

    expect(result.available).toBe(true);
    if (!result.available) return;
    expect([...result.features.entries()]).toEqual([
      ['t1', { id: 't1', liveness: 0.12 }],
      ['t2', null],
      ['t3', null],
    ]);
    expect(result.skipped).toBe(1);
  });

  it('refuses more than 100 ids without calling Spotify', async () => {
    const fake = await fakeSpotify({});
    const ids = Array.from({ length: 101 }, (_, i) => `t${i}`);
    expect(await rejectionOf(fake.client().getAudioFeatures(ids))).toBeInstanceOf(RangeError);
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe("SpotifyClient on Spotify's two contracts", () => {
  const albumsPage = (req: RecordedRequest, res: ServerResponse) => {
    const limit = Number(req.query.get('limit'));
    if (limit > 10) return json(res, 400, { error: { status: 400, message: 'Invalid limit' } });
    json(res, 200, { items: [album('a1')], next: null });
  };

  it('discovers the development-mode page size once (400 to 50 → 10) and asks for 10 from then on', async () => {
    const fake = await fakeSpotify({ '/v1/artists/A/albums': albumsPage });
    const spotify = fake.client();
    expect((await spotify.getArtistAlbums('A')).items.map((a) => a.id)).toEqual(['a1']);
    expect((await spotify.getArtistAlbums('A')).items.map((a) => a.id)).toEqual(['a1']);
    expect(fake.apiRequests().map((r) => r.query.get('limit'))).toEqual(['50', '10', '10']);
    expect(spotify.contract().summary).toMatch(/^development-mode contract: batch endpoints not tried, audio features not tried, pages of at most 10/);
  });

  it('takes a refused /albums?ids= as the development contract, remembered, and reads albums one by one', async () => {
    const fake = await fakeSpotify({
      '/v1/albums': (_req, res) => json(res, 403, { error: { status: 403, message: 'Forbidden' } }),
      '/v1/albums/a1': (_req, res, base) =>
        json(res, 200, { ...album('a1'), tracks: { items: [{ id: 't1', name: 'One', duration_ms: 1000, track_number: 1, disc_number: 1 }], next: `${base}/v1/albums/a1/tracks?offset=1&limit=50` } }),
      '/v1/albums/a1/tracks': (_req, res) => json(res, 200, { items: [{ id: 't2', name: 'Two', duration_ms: 2000, track_number: 2, disc_number: 1 }], next: null }),
    });
    const spotify = fake.client();
    expect(await spotify.getAlbumsWithTracks(['a1'])).toBeNull();
    expect(await spotify.getAlbumsWithTracks(['a1'])).toBeNull();
    expect(spotify.batchEndpoints).toBe(false);
    const one = await spotify.getAlbumWithTracks('a1');
    expect(one.items[0]?.tracks.items.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(one.items[0]?.album.releaseDate).toBe('2001-05-01');
    expect(fake.apiRequests().map((r) => r.path)).toEqual(['/v1/albums', '/v1/albums/a1', '/v1/albums/a1/tracks']);
  });

  it('reads absent popularity as unknown (null), not 0', async () => {
    const fake = await fakeSpotify({
      '/v1/tracks/t1': (_req, res) =>
        json(res, 200, { id: 't1', name: 'One', duration_ms: 1000, external_ids: { isrc: 'usrc1' }, album: { id: 'a1', name: 'A', album_type: 'album', release_date: '1999' } }),
    });
    expect(await fake.client().getTrack('t1')).toMatchObject({ popularity: null, isrc: 'USRC1', albumReleaseDate: '1999' });
  });

  it('reports a spent quota (429 QUOTA_EXCEEDED) at once with its wait, without retrying in-process', async () => {
    const fake = await fakeSpotify({
      '/v1/artists/A': (_req, res) => json(res, 429, { error: { status: 429, message: 'API rate limit exceeded', reason: 'QUOTA_EXCEEDED' } }, { 'retry-after': '3600' }),
    });
    const error = await rejectionOf(fake.client().getArtist('A'));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).quotaExceeded).toBe(true);
    expect((error as ProviderError).retryAfterMs).toBe(3_600_000);
    expect(fake.apiRequests()).toHaveLength(1);
  });
});
