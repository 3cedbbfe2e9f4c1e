// The read side of the API against real PostgreSQL: artist pages, keyset
// pagination, search, trending, setlists and votes, health, errors.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app';
import { createDb, type Db } from '../../db/client';
import type { TicketmasterApi, TmAttraction } from '../../providers/types';
import { listen, postJson, type RunningServer } from '../../harness/http';
import { testLogger, uniqueId, waitFor } from './helpers';

const ADMIN_TOKEN = `admin-${randomUUID()}`;
const run = uniqueId('q');

/** Ticketmaster as the search route sees it: attractions whose name contains the keyword. */
function ticketmasterWith(attractions: TmAttraction[]): TicketmasterApi {
  const unused = () => Promise.reject(new Error('not used by the search route'));
  return {
    searchAttractions: async (keyword, size = 20) => ({
      items: attractions.filter((a) => a.name.toLowerCase().includes(keyword.toLowerCase())).slice(0, size),
      skipped: 1,
    }),
    getAttraction: unused,
    getEventsPage: unused,
    planEventWindows: unused,
  };
}

const attraction = (id: string, name: string): TmAttraction => ({
  id,
  name,
  images: [
    { url: `https://img.example/${id}-small.jpg`, width: 100, height: 56 },
    { url: `https://img.example/${id}-large.jpg`, width: 1024, height: 576 },
  ],
  genres: ['Rock'],
  spotifyId: null,
  upcomingEvents: 4,
});

let db: Db;
let connection: Connection;
let client: Client;
let api: RunningServer;
const importedTmId = uniqueId('Kq');
const otherTmId = uniqueId('Kq');

beforeAll(async () => {
  db = createDb(inject('databaseUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection });
  const ticketmaster = ticketmasterWith([attraction(importedTmId, `Searchband ${run} One`), attraction(otherTmId, `Searchband ${run} Two`)]);
  const app = createApp({ db, temporal: client, taskQueue: `api-queries-${run}`, ticketmaster, adminToken: ADMIN_TOKEN, logger: testLogger() });
  api = await listen(app);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await connection?.close();
  await db?.$disconnect();
});

const get = async <T>(path: string, expected = 200): Promise<T> => {
  const res = await fetch(`${api.url}${path}`);
  expect(res.status, `${path} → ${res.status}`).toBe(expected);
  return (await res.json()) as T;
};

async function createArtist(name: string, extra: Partial<Parameters<Db['artist']['create']>[0]['data']> = {}) {
  const tmAttractionId = uniqueId('Kq');
  return db.artist.create({ data: { tmAttractionId, name, slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${tmAttractionId.toLowerCase()}`, ...extra } });
}

describe('GET /api/artists/:idOrSlug', () => {
  it('finds the artist by uuid, slug and tm-<attractionId> alias, with counts and the latest import', async () => {
    const artist = await createArtist('Detail Band', {
      images: [{ url: 'https://img.example/a.jpg', width: 640, height: 640 }],
      genres: ['indie', 'rock'],
      importStatus: 'completed',
      importedAt: new Date('2025-03-01T12:00:00Z'),
    });
    const venue = await db.venue.create({ data: { tmVenueId: uniqueId('V'), name: 'Hall', city: 'Oslo', country: 'Norway' } });
    await db.show.createMany({
      data: [
        { tmEventId: uniqueId('E'), artistId: artist.id, venueId: venue.id, name: 'Past', date: new Date('2020-01-01T20:00:00Z'), status: 'past' },
        { tmEventId: uniqueId('E'), artistId: artist.id, venueId: venue.id, name: 'Next', date: new Date(Date.now() + 86_400_000 * 30), status: 'upcoming' },
      ],
    });
    const song = await db.song.create({ data: { spotifyId: uniqueId('S'), name: 'Song', popularity: 50 } });
    await db.artistSong.create({ data: { artistId: artist.id, songId: song.id } });
    await db.importRun.create({
      data: { artistId: artist.id, workflowId: `artist-import-${artist.tmAttractionId}`, runId: randomUUID(), status: 'completed', phase: 'complete', counts: { shows: 2, songs: 1 } },
    });

    for (const ref of [artist.id, artist.slug, `tm-${artist.tmAttractionId}`, `tm-${artist.tmAttractionId.toLowerCase()}`]) {
      const body = await get<Record<string, unknown>>(`/api/artists/${ref}`);
      expect(body).toMatchObject({
        id: artist.id,
        slug: artist.slug,
        name: 'Detail Band',
        genres: ['indie', 'rock'],
        images: [{ url: 'https://img.example/a.jpg', width: 640, height: 640 }],
        counts: { shows: 2, upcomingShows: 1, songs: 1, setlists: 0 },
        importStatus: 'completed',
        importedAt: '2025-03-01T12:00:00.000Z',
        latestImport: { status: 'completed', phase: 'complete' },
      });
    }
    const views = await db.artist.findUniqueOrThrow({ where: { id: artist.id }, select: { viewCount: true } });
    expect(views.viewCount).toBe(4);
  });

  it('answers 404 JSON for an unknown artist', async () => {
    for (const path of [`/api/artists/${randomUUID()}`, '/api/artists/no-such-slug', `/api/artists/${randomUUID()}/songs`, `/api/artists/no-such-slug/shows`]) {
      expect(await get(path, 404)).toMatchObject({ error: 'not_found' });
    }
  });
});

describe('GET /api/artists/:id/songs', () => {
  it('pages through every song once, most popular first, with opaque cursors', async () => {
    const artist = await createArtist('Song Band');
    const other = await createArtist('Other Band');
    const popularities = [90, 70, 70, 70, 55, 30, 30, 10];
    const songs = [];
    for (const [i, popularity] of popularities.entries()) {
      songs.push(
        await db.song.create({
          data: { spotifyId: uniqueId('S'), name: `Track ${i}`, albumName: 'Album', isrc: `USX${i}`, popularity, durationMs: 200_000 + i, isRemix: i === 3 },
        }),
      );
    }
    await db.artistSong.createMany({ data: songs.map((s) => ({ artistId: artist.id, songId: s.id })) });
    // Someone else's song must not show up.
    const foreign = await db.song.create({ data: { spotifyId: uniqueId('S'), name: 'Foreign', popularity: 99 } });
    await db.artistSong.create({ data: { artistId: other.id, songId: foreign.id } });

    const expected = [...songs].sort((a, b) => (b.popularity ?? -1) - (a.popularity ?? -1) || (a.id < b.id ? -1 : 1)).map((s) => s.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Array<Record<string, unknown>>; nextCursor: string | null } = await get(
        `/api/artists/${artist.slug}/songs?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((s) => s.id as string));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);

    const { items } = await get<{ items: Array<Record<string, unknown>> }>(`/api/artists/${artist.id}/songs`);
    expect(Object.keys(items[0] as object).sort()).toEqual(['albumName', 'durationMs', 'id', 'isRemix', 'isrc', 'name', 'popularity', 'spotifyId']);
    expect(items.find((s) => s.name === 'Track 3')).toMatchObject({ isRemix: true, popularity: 70, isrc: 'USX3', albumName: 'Album' });
  });

  it.each([
    ['limit over 500', '?limit=501', 'limit'],
    ['limit of 0', '?limit=0', 'limit'],
    ['a non-numeric limit', '?limit=ten', 'limit'],
    ['a malformed cursor', '?cursor=not-a-cursor', 'cursor'],
    ['a cursor that is not base64 JSON', '?cursor=%25%25%25', 'cursor'],
  ])('answers 400 naming the field for %s', async (_case, query, field) => {
    const artist = await createArtist('Bad Query Band');
    const body = await get<{ error: string; field: string; message: string }>(`/api/artists/${artist.id}/songs${query}`, 400);
    expect(body).toMatchObject({ error: 'invalid_request', field });
    expect(body.message.startsWith(`${field}: `)).toBe(true);
  });
});

describe('GET /api/artists/:id/shows', () => {
  it('pages by date with venues, filters by status, and refuses a songs cursor', async () => {
    const artist = await createArtist('Show Band');
    const venue = await db.venue.create({ data: { tmVenueId: uniqueId('V'), name: 'Arena', city: 'Lyon', country: 'France' } });
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 20));
    const shows = [
      { date: day(5), status: 'upcoming' as const },
      { date: day(1), status: 'upcoming' as const },
      { date: day(1), status: 'upcoming' as const },
      { date: day(-400), status: 'past' as const },
      { date: day(9), status: 'upcoming' as const },
    ];
    for (const [i, s] of shows.entries()) {
      await db.show.create({ data: { tmEventId: uniqueId('E'), artistId: artist.id, venueId: i === 4 ? null : venue.id, name: `Show ${i}`, ...s } });
    }
    const all = await db.show.findMany({ where: { artistId: artist.id }, orderBy: [{ date: 'asc' }, { id: 'asc' }] });

    const first = await get<{ items: Array<Record<string, unknown>>; nextCursor: string | null }>(`/api/artists/${artist.id}/shows?limit=2`);
    expect(first.items.map((s) => s.id)).toEqual(all.slice(0, 2).map((s) => s.id));
    expect(first.items[0]).toEqual({
      id: all[0]?.id,
      tmEventId: all[0]?.tmEventId,
      name: all[0]?.name,
      date: all[0]?.date.toISOString(),
      status: 'past',
      ticketUrl: null,
      venue: { name: 'Arena', city: 'Lyon', country: 'France' },
    });
    const second = await get<{ items: Array<Record<string, unknown>>; nextCursor: string | null }>(
      `/api/artists/${artist.id}/shows?limit=2&cursor=${first.nextCursor}`,
    );
    const third = await get<{ items: Array<Record<string, unknown>>; nextCursor: string | null }>(
      `/api/artists/${artist.id}/shows?limit=2&cursor=${second.nextCursor}`,
    );
    expect([...first.items, ...second.items, ...third.items].map((s) => s.id)).toEqual(all.map((s) => s.id));
    expect(third.nextCursor).toBeNull();
    expect(third.items[0]?.venue).toBeNull();

    const upcoming = await get<{ items: Array<{ status: string }> }>(`/api/artists/${artist.id}/shows?status=upcoming`);
    expect(upcoming.items).toHaveLength(4);
    expect(upcoming.items.every((s) => s.status === 'upcoming')).toBe(true);
    expect(await get(`/api/artists/${artist.id}/shows?status=soon`, 400)).toMatchObject({ field: 'status' });

    // Most recent first (the artist page's past shows), page by page.
    const recent = await get<{ items: Array<{ id: string }>; nextCursor: string | null }>(`/api/artists/${artist.id}/shows?order=desc&limit=3`);
    const older = await get<{ items: Array<{ id: string }>; nextCursor: string | null }>(
      `/api/artists/${artist.id}/shows?order=desc&limit=3&cursor=${recent.nextCursor}`,
    );
    expect([...recent.items, ...older.items].map((s) => s.id)).toEqual(all.map((s) => s.id).reverse());
    expect(older.nextCursor).toBeNull();
    expect(await get(`/api/artists/${artist.id}/shows?order=up`, 400)).toMatchObject({ field: 'order' });

    const songBand = await createArtist('Cursor Band');
    const songs = await Promise.all(
      [1, 2].map((p) => db.song.create({ data: { spotifyId: uniqueId('S'), name: `S${p}`, popularity: p } })),
    );
    await db.artistSong.createMany({ data: songs.map((s) => ({ artistId: songBand.id, songId: s.id })) });
    const songPage = await get<{ nextCursor: string }>(`/api/artists/${songBand.id}/songs?limit=1`);
    expect(await get(`/api/artists/${artist.id}/shows?cursor=${songPage.nextCursor}`, 400)).toMatchObject({ field: 'cursor' });
  });
});

describe('GET /api/search', () => {
  it('flags attractions that are already imported', async () => {
    const imported = await db.artist.create({ data: { tmAttractionId: importedTmId, name: 'One', slug: `one-${importedTmId.toLowerCase()}` } });
    const body = await get<{ items: Array<Record<string, unknown>> }>(`/api/search?q=${encodeURIComponent(`searchband ${run}`)}`);
    expect(body.items).toEqual([
      expect.objectContaining({ tmAttractionId: importedTmId, imported: true, artistId: imported.id, slug: imported.slug, imageUrl: `https://img.example/${importedTmId}-large.jpg` }),
      expect.objectContaining({ tmAttractionId: otherTmId, imported: false, artistId: null, slug: null }),
    ]);
  });

  it('answers 400 without q and 502 when Ticketmaster fails', async () => {
    expect(await get('/api/search', 400)).toMatchObject({ error: 'invalid_request', field: 'q' });
    expect(await get('/api/search?q=', 400)).toMatchObject({ field: 'q' });

    const failing: TicketmasterApi = { ...ticketmasterWith([]), searchAttractions: () => Promise.reject(new Error('ticketmaster: 500 on /attractions.json')) };
    const app = createApp({ db, temporal: client, taskQueue: 'unused', ticketmaster: failing, logger: testLogger() });
    const res = await app.request('/api/search?q=x');
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: 'upstream_unavailable' });
  });
});

describe('GET /api/trending', () => {
  it('lists trending artists by score, highest first', async () => {
    const scores = [1_000_001, 1_000_003, 1_000_002];
    const importedAt = new Date();
    const created = await Promise.all(scores.map((trendingScore, i) => createArtist(`Trend ${i}`, { isTrending: true, trendingScore, importedAt })));
    await createArtist('Not Trending', { isTrending: false, trendingScore: 2_000_000, importedAt });
    // A shell never imported nor identified is not listed, whatever its flag says.
    const shell = await createArtist('Shell', { isTrending: true, trendingScore: 1_500_000, importStatus: 'failed' });
    const { items } = await get<{ items: Array<{ id: string; trendingScore: number }> }>('/api/trending?limit=100');
    const mine = items.filter((a) => created.some((c) => c.id === a.id));
    expect(mine.map((a) => a.trendingScore)).toEqual([1_000_003, 1_000_002, 1_000_001]);
    expect(items.map((a) => a.trendingScore)).toEqual([...items.map((a) => a.trendingScore)].sort((a, b) => b - a));
    expect(items.some((a) => a.trendingScore === 2_000_000)).toBe(false);
    expect(items.some((a) => a.id === shell.id)).toBe(false);
  });
});

describe('setlists and votes', () => {
  async function setlistFixture() {
    const artist = await createArtist('Setlist Band');
    const show = await db.show.create({ data: { tmEventId: uniqueId('E'), artistId: artist.id, name: 'Gig', date: new Date('2026-05-01T20:00:00Z'), status: 'upcoming' } });
    const songs = await Promise.all(['Opener', 'Middle', 'Encore'].map((name) => db.song.create({ data: { spotifyId: uniqueId('S'), name } })));
    const setlist = await db.setlist.create({
      data: {
        showId: show.id,
        artistId: artist.id,
        type: 'predicted',
        source: 'top-songs',
        name: 'Predicted setlist',
        // Inserted out of order: the API orders by position.
        songs: {
          create: [
            { songId: songs[2]!.id, position: 3, isEncore: true },
            { songId: songs[0]!.id, position: 1 },
            { songId: songs[1]!.id, position: 2 },
          ],
        },
      },
    });
    return { show, songs, setlist };
  }

  it('lists a show’s setlists with songs in order and their votes', async () => {
    const { show, setlist, songs } = await setlistFixture();
    await postJson(`${api.url}/api/setlists/${setlist.id}/songs/${songs[1]!.id}/vote`, { voterKey: 'fan-1' });
    const body = await get<{ items: Array<{ id: string; songs: Array<{ name: string; position: number; isEncore: boolean; votes: number }> }> }>(
      `/api/shows/${show.id}/setlists`,
    );
    expect(body.items).toHaveLength(1);
    expect(body.items[0]?.songs.map((s) => [s.name, s.position, s.isEncore, s.votes])).toEqual([
      ['Opener', 1, false, 0],
      ['Middle', 2, false, 1],
      ['Encore', 3, true, 0],
    ]);
    expect(await get(`/api/shows/${randomUUID()}/setlists`, 404)).toMatchObject({ error: 'not_found' });
    expect(await get('/api/shows/not-a-uuid/setlists', 400)).toMatchObject({ field: 'id' });
  });

  /** A vote as a browser sends it: with the voter cookie it holds, if any; returns the cookie it holds after. */
  async function vote(url: string, cookie?: string): Promise<{ res: Response; cookie: string | undefined }> {
    const res = await fetch(url, { method: 'POST', headers: cookie ? { Cookie: cookie } : {} });
    const issued = res.headers.get('set-cookie')?.split(';')[0];
    return { res, cookie: issued ?? cookie };
  }

  it('counts one vote per voter per setlist song, the voter being the signed cookie the server issued', async () => {
    const { setlist, songs } = await setlistFixture();
    const url = `${api.url}/api/setlists/${setlist.id}/songs/${songs[0]!.id}/vote`;
    const first = await vote(url);
    expect(first.res.status).toBe(201);
    expect(await first.res.json()).toMatchObject({ votes: 1, counted: true });
    const setCookie = first.res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^voter=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    // The same browser again, even twice at once: nothing changes, and no new cookie is issued.
    const repeats = await Promise.all([vote(url, first.cookie), vote(url, first.cookie)]);
    for (const repeat of repeats) {
      expect(repeat.res.status).toBe(200);
      expect(repeat.res.headers.get('set-cookie')).toBeNull();
      expect(await repeat.res.json()).toMatchObject({ votes: 1, counted: false });
    }
    // Another browser counts once.
    const other = await vote(url);
    expect(other.res.status).toBe(201);
    expect(await other.res.json()).toMatchObject({ votes: 2 });

    const entry = await db.setlistSong.findFirstOrThrow({ where: { setlistId: setlist.id, songId: songs[0]!.id } });
    expect(await db.vote.count({ where: { setlistSongId: entry.id } })).toBe(2);
  });

  it('a voter key the client chooses or forges is not the voter: it cannot take over another voter', async () => {
    const { setlist, songs } = await setlistFixture();
    const url = `${api.url}/api/setlists/${setlist.id}/songs/${songs[1]!.id}/vote`;
    const first = await vote(url);
    const [, signed] = first.cookie!.split('=');
    const [value, signature] = decodeURIComponent(signed!).split('.');
    // The first voter's id with another signature, another id with the first voter's signature, and a body key: all new voters.
    for (const forged of [`voter=${encodeURIComponent(`${value}.${'A'.repeat(signature!.length)}`)}`, `voter=${encodeURIComponent(`fan-x.${signature}`)}`]) {
      const res = await vote(url, forged);
      expect(res.res.status).toBe(201);
      expect(res.cookie).not.toBe(forged);
    }
    const withBody = await postJson(url, { voterKey: value });
    expect(withBody.status).toBe(201);
    // The first voter's own cookie still says it has voted.
    expect((await vote(url, first.cookie)).res.status).toBe(200);
  });

  it('answers 404 for a song not in the setlist', async () => {
    const { setlist } = await setlistFixture();
    const notInSetlist = await postJson(`${api.url}/api/setlists/${setlist.id}/songs/${randomUUID()}/vote`, {});
    expect(notInSetlist.status).toBe(404);
  });
});

describe('health', () => {
  it('/healthz answers 200 and /readyz 200 when PostgreSQL and Temporal answer', async () => {
    expect(await get('/healthz')).toEqual({ status: 'ok' });
    expect(await get('/readyz')).toMatchObject({ status: 'ready', failed: [] });
  });

  it('/readyz answers 503 naming what does not answer', async () => {
    const deadTemporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const deadDb = createDb('postgresql://postgres@127.0.0.1:1/none');
    try {
      const noTemporal = createApp({ db, temporal: deadTemporal, taskQueue: 'unused', ticketmaster: ticketmasterWith([]), logger: testLogger() });
      const a = await noTemporal.request('/readyz');
      expect(a.status).toBe(503);
      expect(await a.json()).toMatchObject({ status: 'unready', failed: ['temporal'] });
      expect((await noTemporal.request('/healthz')).status).toBe(200);

      const noDb = createApp({ db: deadDb, temporal: client, taskQueue: 'unused', ticketmaster: ticketmasterWith([]), logger: testLogger() });
      const b = await noDb.request('/readyz');
      expect(b.status).toBe(503);
      expect(await b.json()).toMatchObject({ failed: ['database'] });
      const page = await noDb.request(`/api/artists/${randomUUID()}`);
      expect(page.status).toBe(503);
    } finally {
      await deadTemporal.connection.close();
      await deadDb.$disconnect();
    }
  });
});

describe('errors and documentation', () => {
  it('answers JSON 404 for an unknown route and documents the API at /openapi.json', async () => {
    expect(await get('/api/nothing-here', 404)).toMatchObject({ error: 'not_found' });
    const doc = await get<{ openapi: string; paths: Record<string, unknown> }>('/openapi.json');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/artists/import',
        '/api/artists/import/batch',
        '/api/artists/{id}/stream',
        '/api/artists/{id}/status',
        '/api/artists/{id}/import',
        '/api/artists/{id}',
        '/api/artists/{id}/songs',
        '/api/artists/{id}/shows',
        '/api/search',
        '/api/trending',
        '/api/config',
        '/api/shows/{id}/setlists',
        '/api/setlists/{id}/songs/{songId}/vote',
        '/healthz',
        '/readyz',
      ]),
    );
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await postJson(`${api.url}/api/artists/import`, { tmAttractionId: 'x'.repeat(100_000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('counts a chunked body (no Content-Length) against the limit as it arrives', async () => {
    // A body streamed in pieces: fetch sends it with Transfer-Encoding: chunked.
    const chunked = (json: string) => {
      const bytes = new TextEncoder().encode(json);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 16 * 1024) controller.enqueue(bytes.subarray(at, at + 16 * 1024));
          controller.close();
        },
      });
      return fetch(`${api.url}/api/artists/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    };
    const over = await chunked(JSON.stringify({ tmAttractionId: 'x'.repeat(100_000) }));
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ error: 'payload_too_large' });
    // Within the limit, the chunked body reaches the route, which validates it.
    const within = await chunked(JSON.stringify({ tmAttractionId: '' }));
    expect(within.status).toBe(400);
    expect(await within.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('admin', () => {
  it('requires the bearer token', async () => {
    expect((await fetch(`${api.url}/api/admin/schedules`)).status).toBe(401);
    expect((await fetch(`${api.url}/api/admin/schedules`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const disabled = createApp({ db, temporal: client, taskQueue: 'unused', ticketmaster: ticketmasterWith([]), logger: testLogger() });
    expect((await disabled.request('/api/admin/schedules')).status).toBe(403);
  });

  it('lists, pauses and resumes schedules', async () => {
    const scheduleId = `api-test-${run}`;
    const handle = await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: '1 day' }] },
      action: { type: 'startWorkflow', workflowType: 'Nothing', taskQueue: `api-queries-${run}`, args: [] },
      state: { paused: false },
    });
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    try {
      const listed = await waitFor(async () => {
        const body = (await (await fetch(`${api.url}/api/admin/schedules`, { headers: auth })).json()) as { items: Array<{ id: string; paused: boolean }> };
        return body.items.find((s) => s.id === scheduleId);
      });
      expect(listed.paused).toBe(false);

      const pause = await postJson(`${api.url}/api/admin/schedules/${scheduleId}/pause`, { note: 'maintenance' }, auth);
      expect(pause.status).toBe(202);
      expect((await handle.describe()).state).toMatchObject({ paused: true, note: 'maintenance' });
      const unpause = await fetch(`${api.url}/api/admin/schedules/${scheduleId}/unpause`, { method: 'POST', headers: auth });
      expect(unpause.status).toBe(202);
      expect((await handle.describe()).state.paused).toBe(false);

      const missing = await fetch(`${api.url}/api/admin/schedules/no-such-${run}/trigger`, { method: 'POST', headers: auth });
      expect(missing.status).toBe(404);
    } finally {
      await handle.delete();
    }
  });
});
