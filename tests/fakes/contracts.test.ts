// The fakes' two Spotify worlds and their MusicBrainz, over real HTTP: what a
// development-mode app is refused, what an extended-quota app gets, and
// MusicBrainz's User-Agent and 1 request/s rules and release-group types.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeArtist } from '../../fakes/catalog/types';
import { type FakeProviders, startFakeProviders } from '../../fakes/server';

let fakes: FakeProviders;
let token: string;
let artist: FakeArtist;
type Json = Record<string, unknown>;

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as Json) : { text } };
}
const spotify = (path: string) => getJson(`${fakes.env.SPOTIFY_API_BASE_URL}${path}`, { authorization: `Bearer ${token}` });
const musicbrainz = (path: string, userAgent: string | null = 'artist-import-tests/1.0 ( tests@example.com )') =>
  getJson(`${fakes.env.MUSICBRAINZ_BASE_URL}${path}`, userAgent ? { 'user-agent': userAgent } : {});

beforeAll(async () => {
  fakes = await startFakeProviders({ referenceDate: new Date('2025-06-01T00:00:00Z') });
  const res = await fetch(`${fakes.env.SPOTIFY_ACCOUNTS_BASE_URL}/api/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${fakes.env.SPOTIFY_CLIENT_ID}:${fakes.env.SPOTIFY_CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  token = ((await res.json()) as { access_token: string }).access_token;
  artist = fakes.catalog.artist('gen-5-e20-a60') as FakeArtist;
});

afterAll(async () => {
  await fakes?.close();
});

beforeEach(() => {
  fakes.control.reset();
});

describe('Spotify development-mode contract', () => {
  it('refuses pages above 10 and the batch endpoints, answers the per-item ones without popularity', async () => {
    fakes.control.configure({ spotifyContract: 'development' });
    const id = artist.spotify?.id as string;
    const album = artist.albums.find((a) => a.truth === 'studio') as { id: string };
    const track = artist.tracks[0] as { id: string };
    expect((await spotify(`/artists/${id}/albums?include_groups=album,single&limit=50`)).status).toBe(400);
    const page = await spotify(`/artists/${id}/albums?include_groups=album,single&limit=10`);
    expect(page.status).toBe(200);
    expect((page.body.items as Json[])[0]).not.toHaveProperty('album_group');
    expect((await spotify(`/albums?ids=${album.id}`)).status).toBe(403);
    expect((await spotify(`/tracks?ids=${track.id}`)).status).toBe(403);
    expect((await spotify(`/audio-features?ids=${track.id}`)).status).toBe(403);
    const full = await spotify(`/albums/${album.id}`);
    expect(full.status).toBe(200);
    expect(full.body).not.toHaveProperty('popularity');
    expect(full.body).not.toHaveProperty('label');
    const one = await spotify(`/tracks/${track.id}`);
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty('popularity');
    expect(one.body).toHaveProperty('external_ids');
    expect((await spotify(`/artists/${id}`)).body).not.toHaveProperty('followers');
    expect(fakes.stats().spotifyPageSizeAbove10).toBe(1);
  });

  it('can be chosen per artist while the server stays extended', async () => {
    fakes.control.configure({ spotifyContractByArtist: { [artist.attractionId]: 'development' } });
    const album = artist.albums.find((a) => a.truth === 'studio') as { id: string };
    expect((await spotify(`/albums?ids=${album.id}`)).status).toBe(403);
    const other = fakes.catalog.artist('gen-6-e20-a30') as FakeArtist;
    const otherAlbum = other.albums.find((a) => a.truth === 'studio') as { id: string };
    expect((await spotify(`/albums?ids=${otherAlbum.id}`)).status).toBe(200);
  });
});

describe('Spotify extended-quota contract', () => {
  it('serves up to 20 full albums with their first 50 tracks inline, and refuses 21', async () => {
    const ids = artist.albums.filter((a) => a.id !== null).slice(0, 21).map((a) => a.id as string);
    const ok = await spotify(`/albums?ids=${ids.slice(0, 20).join(',')}`);
    expect(ok.status).toBe(200);
    const albums = ok.body.albums as Array<{ id: string; tracks: { items: unknown[] } }>;
    expect(albums.map((a) => a.id)).toEqual(ids.slice(0, 20));
    expect(albums[0]?.tracks.items.length).toBe(artist.albums.find((a) => a.id === ids[0])?.trackIds.length);
    expect((await spotify(`/albums?ids=${ids.join(',')}`)).status).toBe(400);
  });
});

describe('MusicBrainz WS/2', () => {
  const mbid = () => artist.setlistfm?.mbid as string;
  const browse = (offset = 0) => `/release-group?artist=${mbid()}&type=album|single&limit=100&offset=${offset}&fmt=json`;

  it('refuses a request without a meaningful User-Agent', async () => {
    // Node's fetch sends its default "node", which names no application.
    expect((await musicbrainz(browse(), null)).status).toBe(403);
    expect((await musicbrainz(browse(), 'curl/8.5.0')).status).toBe(403);
    expect(fakes.stats().musicbrainz.missingUserAgent).toBe(2);
  });

  it('answers 503 above 1 request per second', async () => {
    await sleep(1_000);
    expect((await musicbrainz(browse())).status).toBe(200);
    expect((await musicbrainz(browse())).status).toBe(503);
    await sleep(1_000);
    expect((await musicbrainz(browse())).status).toBe(200);
  });

  it('types the live albums whose names do not say so as Live, and does not know every studio album', async () => {
    await sleep(1_000);
    const res = await musicbrainz(browse());
    expect(res.status).toBe(200);
    const groups = res.body['release-groups'] as Array<{ title: string; 'secondary-types': string[] }>;
    for (const album of artist.albums.filter((a) => a.truth === 'live-unnamed')) {
      const title = album.musicbrainzTitle ?? album.name;
      expect(groups.find((g) => g.title === title)?.['secondary-types']).toEqual(['Live']);
    }
    const studio = artist.albums.filter((a) => a.truth === 'studio');
    const known = studio.filter((a) => groups.some((g) => g.title === a.name));
    expect(known.length).toBeGreaterThan(0);
    expect(known.length).toBeLessThan(studio.length);
  });
});
