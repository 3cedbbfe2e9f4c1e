// The fake providers over real HTTP: the real services' shapes and limits,
// the control surface, and the statistics tests use to judge clients.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeArtist } from '../../fakes/catalog/types';
import { type FakeProviders, startFakeProviders } from '../../fakes/server';

const referenceDate = new Date('2025-06-01T00:00:00Z');
let fakes: FakeProviders;
let token: string;

type Json = Record<string, unknown>;

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as Json) : { text }, headers: res.headers };
}

function tm(path: string, params: Record<string, string | number> = {}, apikey: string | null = fakes.env.TICKETMASTER_API_KEY) {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  if (apikey !== null) q.set('apikey', apikey);
  return getJson(`${fakes.env.TICKETMASTER_BASE_URL}${path}?${q}`);
}

async function newToken(): Promise<string> {
  const res = await getJson(`${fakes.env.SPOTIFY_ACCOUNTS_BASE_URL}/api/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${fakes.env.SPOTIFY_CLIENT_ID}:${fakes.env.SPOTIFY_CLIENT_SECRET}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

function spotify(pathOrUrl: string, bearer: string | null = token) {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${fakes.env.SPOTIFY_API_BASE_URL}${pathOrUrl}`;
  return getJson(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
}

function setlistfm(path: string, key: string | null = fakes.env.SETLISTFM_API_KEY) {
  return getJson(`${fakes.env.SETLISTFM_BASE_URL}${path}`, { headers: { accept: 'application/json', ...(key ? { 'x-api-key': key } : {}) } });
}

function events(body: Json): Json[] {
  return ((body._embedded as Json | undefined)?.events as Json[] | undefined) ?? [];
}

/** Follows Ticketmaster `_links.next` (origin-relative, without apikey) from a first page to the end. */
async function followTicketmaster(first: Json): Promise<Json[]> {
  const out = [...events(first)];
  let links = first._links as Json;
  while ((links.next as Json | undefined)?.href) {
    const next = new URL((links.next as { href: string }).href, fakes.url);
    next.searchParams.set('apikey', fakes.env.TICKETMASTER_API_KEY);
    const page = await getJson(next.toString());
    expect(page.status).toBe(200);
    out.push(...events(page.body));
    links = page.body._links as Json;
  }
  return out;
}

/** Follows Spotify's absolute `next` links to the end. */
async function followSpotify(url: string): Promise<Json[]> {
  const items: Json[] = [];
  let next: string | null = url;
  while (next) {
    expect(next.startsWith(fakes.env.SPOTIFY_API_BASE_URL)).toBe(true);
    const page = await spotify(next);
    expect(page.status).toBe(200);
    items.push(...(page.body.items as Json[]));
    next = page.body.next as string | null;
  }
  return items;
}

beforeAll(async () => {
  fakes = await startFakeProviders({ port: 0, seed: 1, referenceDate });
  token = await newToken();
});

afterAll(async () => {
  await fakes?.close();
});

beforeEach(() => {
  fakes.control.reset();
});

describe('authentication', () => {
  it('Ticketmaster requires the apikey query parameter (401)', async () => {
    expect((await tm('/attractions/fake-small.json', {}, null)).status).toBe(401);
    expect((await tm('/attractions/fake-small.json', {}, 'wrong')).status).toBe(401);
    expect((await tm('/attractions/fake-small.json')).status).toBe(200);
  });

  it('Spotify issues client-credentials tokens only to the right client and requires a Bearer token', async () => {
    const wrong = await getJson(`${fakes.env.SPOTIFY_ACCOUNTS_BASE_URL}/api/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${fakes.env.SPOTIFY_CLIENT_ID}:nope`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_client');
    const noGrant = await getJson(`${fakes.env.SPOTIFY_ACCOUNTS_BASE_URL}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `client_id=${fakes.env.SPOTIFY_CLIENT_ID}&client_secret=${fakes.env.SPOTIFY_CLIENT_SECRET}`,
    });
    expect(noGrant.status).toBe(400);
    expect(noGrant.body.error).toBe('unsupported_grant_type');
    const fresh = await getJson(`${fakes.env.SPOTIFY_ACCOUNTS_BASE_URL}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${fakes.env.SPOTIFY_CLIENT_ID}&client_secret=${fakes.env.SPOTIFY_CLIENT_SECRET}`,
    });
    expect(fresh.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });

    const artistId = fakes.expected('fake-small').spotify.artistId as string;
    expect((await spotify(`/artists/${artistId}`, null)).status).toBe(401);
    const bad = await spotify(`/artists/${artistId}`, 'not-a-token');
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ error: { status: 401, message: 'Invalid access token' } });
    expect((await spotify(`/artists/${artistId}`)).status).toBe(200);
  });

  it('expires Spotify tokens after expires_in', async () => {
    fakes.control.configure({ spotifyTokenTtlSeconds: 1 });
    const shortLived = await newToken();
    const artistId = fakes.expected('fake-small').spotify.artistId as string;
    expect((await spotify(`/artists/${artistId}`, shortLived)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await spotify(`/artists/${artistId}`, shortLived);
    expect(expired.status).toBe(401);
    expect((expired.body.error as Json).message).toBe('The access token expired');
  });

  it('setlist.fm requires the x-api-key header (403)', async () => {
    expect((await setlistfm('/search/artists?artistName=Velvet%20Static', null)).status).toBe(403);
    expect((await setlistfm('/search/artists?artistName=Velvet%20Static', 'wrong')).status).toBe(403);
    expect((await setlistfm('/search/artists?artistName=Velvet%20Static')).status).toBe(200);
  });
});

describe('Ticketmaster Discovery v2', () => {
  it('serves attractions with the Spotify link (or without it) and 404 for unknown ids', async () => {
    const small = await tm('/attractions/fake-small.json');
    expect(small.body).toMatchObject({ id: 'fake-small', name: 'Velvet Static', type: 'attraction' });
    const spotifyLinks = (small.body.externalLinks as Json).spotify as Array<{ url: string }>;
    expect(spotifyLinks[0]?.url).toBe(`https://open.spotify.com/artist/${fakes.expected('fake-small').spotify.artistId}`);
    const none = await tm('/attractions/fake-nospotify.json');
    expect((none.body.externalLinks as Json).spotify).toBeUndefined();
    const missing = await tm('/attractions/nobody.json');
    expect(missing.status).toBe(404);
    expect(((missing.body.errors as Json[])[0] as Json).code).toBe('DIS1004');
  });

  it('searches attractions by name', async () => {
    const res = await tm('/attractions.json', { keyword: 'velvet', size: 5 });
    const found = ((res.body._embedded as Json).attractions as Json[]).map((a) => a.id);
    expect(found).toEqual(['fake-small']);
    const nothing = await tm('/attractions.json', { keyword: 'zzzz' });
    expect(nothing.body._embedded).toBeUndefined();
    expect(nothing.body.page).toMatchObject({ totalElements: 0 });
  });

  it('refuses deep paging (size × page ≥ 1,000) with 400 and counts it', async () => {
    expect((await tm('/events.json', { attractionId: 'fake-large', size: 200, page: 4 })).status).toBe(200);
    const refused = await tm('/events.json', { attractionId: 'fake-large', size: 200, page: 5 });
    expect(refused.status).toBe(400);
    expect(((refused.body.errors as Json[])[0] as Json).code).toBe('DIS1035');
    expect((await tm('/events.json', { attractionId: 'fake-large', size: 100, page: 10 })).status).toBe(400);
    expect((await tm('/events.json', { attractionId: 'fake-large', size: 201 })).status).toBe(400);
    expect(fakes.stats().ticketmaster.deepPagingRefusals).toBe(2);
    expect(fakes.stats().ticketmaster.byStatus['400']).toBe(3);
  });

  it('reports totals beyond 1,000 and a next link that leads into the refusal', async () => {
    const first = await tm('/events.json', { attractionId: 'fake-large', size: 200, sort: 'date,asc' });
    expect(first.body.page).toEqual({ size: 200, totalElements: 1500, totalPages: 8, number: 0 });
    // Blind paging (the seeds' bug) gets 5 pages, then a 400: the date-window split avoids it.
    let links = first.body._links as Json;
    const statuses: number[] = [first.status];
    while ((links.next as Json | undefined)?.href) {
      const next = new URL((links.next as { href: string }).href, fakes.url);
      next.searchParams.set('apikey', fakes.env.TICKETMASTER_API_KEY);
      const page = await getJson(next.toString());
      statuses.push(page.status);
      if (page.status !== 200) break;
      links = page.body._links as Json;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 400]);
  });

  it('splits by date window: next links followed to completion give every event exactly once', async () => {
    const expected = fakes.expected('fake-large');
    const large = fakes.catalog.artist('fake-large') as FakeArtist;
    const years = [...new Set(large.events.map((e) => Number(e.localDate.slice(0, 4))))].sort();
    // One window per year, adjacent to the second; the first and last are open-ended.
    const seen: Json[] = [];
    for (const [i, y] of years.entries()) {
      const window: Record<string, string> = {};
      if (i > 0) window.startDateTime = `${y - 1}-12-31T00:00:00Z`;
      if (i < years.length - 1) window.endDateTime = `${y}-12-30T23:59:59Z`;
      const first = await tm('/events.json', { attractionId: 'fake-large', size: 200, sort: 'date,asc', ...window });
      expect(first.status).toBe(200);
      expect((first.body.page as Json).totalElements as number).toBeLessThan(1000);
      seen.push(...(await followTicketmaster(first.body)));
    }
    expect(seen).toHaveLength(1500);
    const valid = seen.filter((e) => typeof e.id === 'string' && typeof e.name === 'string');
    expect(valid.map((e) => e.id).sort()).toEqual(expected.ticketmaster.eventIds);
    const venues = new Set(valid.map((e) => (((e._embedded as Json).venues as Json[])[0] as Json).id));
    expect([...venues].sort()).toEqual(expected.ticketmaster.venueIds);
    expect(fakes.stats().ticketmaster.deepPagingRefusals).toBe(0);
  });

  it('filters dates inclusively on both ends, by dateTime or by localDate at 00:00Z', async () => {
    const large = fakes.catalog.artist('fake-large') as FakeArtist;
    const timed = large.events.find((e) => e.truth === 'valid' && e.dateTime !== null)!;
    const exact = await tm('/events.json', { attractionId: 'fake-large', startDateTime: timed.dateTime!, endDateTime: timed.dateTime! });
    expect(events(exact.body).map((e) => e.id)).toContain(timed.id);
    const dateOnly = large.events.find((e) => e.truth === 'valid' && e.dateTime === null)!;
    const midnight = `${dateOnly.localDate}T00:00:00Z`;
    const atMidnight = await tm('/events.json', { attractionId: 'fake-large', startDateTime: midnight, endDateTime: midnight });
    expect(events(atMidnight.body).map((e) => e.id)).toContain(dateOnly.id);
    const onlyDate = events(atMidnight.body).find((e) => e.id === dateOnly.id) as Json;
    expect(((onlyDate.dates as Json).start as Json).dateTime).toBeUndefined();
    const withMillis = await tm('/events.json', { attractionId: 'fake-large', startDateTime: '2024-01-01T00:00:00.000Z' });
    expect(withMillis.status).toBe(400);
  });

  it('sorts by date descending on request and answers an unknown attraction with an empty page', async () => {
    const desc = await tm('/events.json', { attractionId: 'fake-small', size: 50, sort: 'date,desc' });
    const dates = events(desc.body).map((e) => (((e.dates as Json).start as Json).dateTime as string | undefined) ?? `${((e.dates as Json).start as Json).localDate}T00:00:00Z`);
    expect(dates).toEqual([...dates].sort().reverse());
    const unknown = await tm('/events.json', { attractionId: 'nobody' });
    expect(unknown.body._embedded).toBeUndefined();
    expect(unknown.body.page).toEqual({ size: 20, totalElements: 0, totalPages: 0, number: 0 });
  });

  it('embeds venues in the real shape (coordinates as strings)', async () => {
    const page = await tm('/events.json', { attractionId: 'fake-small', size: 5 });
    const venue = ((events(page.body)[0] as Json)._embedded as Json).venues as Json[];
    expect(venue[0]).toMatchObject({ type: 'venue', city: { name: expect.any(String) }, country: { countryCode: expect.any(String) } });
    expect(typeof ((venue[0] as Json).location as Json).latitude).toBe('string');
  });
});

describe('Spotify Web API', () => {
  it('lists albums with absolute next links, followable to completion', async () => {
    const expected = fakes.expected('fake-large');
    const albums = await followSpotify(`${fakes.env.SPOTIFY_API_BASE_URL}/artists/${expected.spotify.artistId}/albums?include_groups=album,single&limit=50`);
    expect(albums.length).toBe(expected.spotify.listedAlbumIds.length + expected.spotify.malformed.albums);
    expect(albums.filter((a) => typeof a.id === 'string').map((a) => a.id).sort()).toEqual(expected.spotify.listedAlbumIds);
    expect(albums.every((a) => a.album_group === 'album' || a.album_group === 'single')).toBe(true);
    expect(albums.some((a) => a.album_type === 'compilation')).toBe(true);
    expect((await spotify(`/artists/${expected.spotify.artistId}/albums?limit=51`)).status).toBe(400);
  });

  it('pages album tracks past 50 and serves a malformed duration as the real API would not', async () => {
    const large = fakes.catalog.artist('fake-large') as FakeArtist;
    const big = large.albums.find((a) => a.trackIds.length > 50)!;
    const tracks = await followSpotify(`${fakes.env.SPOTIFY_API_BASE_URL}/albums/${big.id}/tracks?limit=50`);
    expect(tracks.map((t) => t.id)).toEqual(big.trackIds);
    const malformed = large.tracks.find((t) => t.truth === 'malformed')!;
    const listing = await followSpotify(`${fakes.env.SPOTIFY_API_BASE_URL}/albums/${malformed.albumId}/tracks?limit=50`);
    expect(typeof listing.find((t) => t.id === malformed.id)?.duration_ms).toBe('string');
  });

  it('/tracks: ISRC and popularity, ≤ 50 ids, null for unknown ids', async () => {
    const small = fakes.catalog.artist('fake-small') as FakeArtist;
    const withIsrc = small.tracks.find((t) => t.isrc !== null && t.truth === 'studio')!;
    const withoutIsrc = small.tracks.find((t) => t.isrc === null)!;
    const res = await spotify(`/tracks?ids=${withIsrc.id},${withoutIsrc.id},AAAAAAAAAAAAAAAAAAAAAA`);
    const [a, b, c] = res.body.tracks as Array<Json | null>;
    expect(a).toMatchObject({ id: withIsrc.id, popularity: withIsrc.popularity, external_ids: { isrc: withIsrc.isrc }, album: { id: withIsrc.albumId } });
    expect(b?.external_ids).toEqual({});
    expect(c).toBeNull();
    const tooMany = await spotify(`/tracks?ids=${Array.from({ length: 51 }, () => withIsrc.id).join(',')}`);
    expect(tooMany.status).toBe(400);
  });

  it('/audio-features: liveness, null where Spotify has none, ≤ 100 ids, 403 in forbidden mode', async () => {
    const small = fakes.catalog.artist('fake-small') as FakeArtist;
    const liveFeel = small.tracks.find((t) => t.truth === 'live-feel')!;
    const noFeatures = small.tracks.find((t) => t.liveness === null)!;
    const ok = await spotify(`/audio-features?ids=${liveFeel.id},${noFeatures.id}`);
    const [f, none] = ok.body.audio_features as Array<Json | null>;
    expect(f).toMatchObject({ id: liveFeel.id, type: 'audio_features', liveness: liveFeel.liveness });
    expect(none).toBeNull();
    expect((await spotify(`/audio-features?ids=${Array.from({ length: 101 }, () => liveFeel.id).join(',')}`)).status).toBe(400);

    fakes.control.setAudioFeatures('forbidden');
    const refused = await spotify(`/audio-features?ids=${liveFeel.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: { status: 403, message: 'Forbidden' } });
    expect(fakes.stats().spotify.audioFeaturesRefusals).toBe(1);
    // The same switch over HTTP.
    await getJson(`${fakes.url}/_fake/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ audioFeaturesForbidden: false }) });
    expect((await spotify(`/audio-features?ids=${liveFeel.id}`)).status).toBe(200);
  });

  it('search: exact match first; near misses only for fake-nospotify', async () => {
    const byName = fakes.expected('fake-nolink');
    const found = await spotify(`/search?type=artist&q=${encodeURIComponent('Glass Meridian')}`);
    const items = (found.body.artists as Json).items as Json[];
    expect(items[0]).toMatchObject({ id: byName.spotify.artistId, name: 'Glass Meridian' });
    const miss = await spotify(`/search?type=artist&q=${encodeURIComponent('Nowhere Radio')}`);
    const names = ((miss.body.artists as Json).items as Json[]).map((a) => (a.name as string).toLowerCase());
    expect(names.length).toBeGreaterThan(0);
    expect(names).not.toContain('nowhere radio');
  });
});

describe('setlist.fm', () => {
  it('finds the artist by name and 404s when nothing matches', async () => {
    const res = await setlistfm('/search/artists?artistName=Velvet%20Static&p=1&sort=relevance');
    expect(((res.body.artist as Json[])[0] as Json).mbid).toBe(fakes.expected('fake-small').setlistfm.mbid);
    const none = await setlistfm('/search/artists?artistName=Nowhere%20Radio&p=1&sort=relevance');
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ code: 404, status: 'Not Found' });
  });

  it('pages setlists with sets.set[].song[] and 404s past the last page', async () => {
    const expected = fakes.expected('fake-large');
    const mbid = expected.setlistfm.mbid as string;
    const ids: unknown[] = [];
    for (let p = 1; ; p++) {
      const page = await setlistfm(`/artist/${mbid}/setlists?p=${p}`);
      if (page.status === 404) break;
      expect(page.body).toMatchObject({ type: 'setlists', itemsPerPage: 20, total: expected.setlistfm.totalSetlists });
      for (const s of page.body.setlist as Json[]) {
        ids.push(s.id);
        expect(((s.sets as Json).set as Json[])[0]).toMatchObject({ song: expect.any(Array) });
        expect(s.eventDate).toMatch(/^\d{2}-\d{2}-\d{4}$/);
      }
    }
    expect(ids.length).toBe(expected.setlistfm.totalSetlists);
    expect(ids.filter((i) => typeof i === 'string').sort()).toEqual(expected.setlistfm.setlistIds);
  });
});

describe('control: faults, rate limits, latency, stats', () => {
  it('fails the next N matching requests, with Retry-After on 429, then recovers', async () => {
    const track = (fakes.catalog.artist('fake-small') as FakeArtist).tracks[0]!;
    fakes.control.injectFault({ provider: 'spotify', pathIncludes: '/tracks', status: 429, count: 2, retryAfterSeconds: 3 });
    const attraction = await tm('/attractions/fake-small.json');
    expect(attraction.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await spotify(`/tracks?ids=${track.id}`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');
    }
    expect((await spotify(`/tracks?ids=${track.id}`)).status).toBe(200);
    expect(fakes.stats().faultsServed).toBe(2);
    expect(fakes.stats().spotify.byStatus).toMatchObject({ '429': 2, '200': 1 });
  });

  it('answers 502 with an HTML gateway page and 503 with the provider body', async () => {
    fakes.control.injectFaults({ provider: 'setlistfm', status: 502, count: 1 }, { provider: 'ticketmaster', status: 503, count: 1 });
    const bad = await fetch(`${fakes.env.SETLISTFM_BASE_URL}/search/artists?artistName=x`, { headers: { 'x-api-key': fakes.env.SETLISTFM_API_KEY } });
    expect(bad.status).toBe(502);
    expect(bad.headers.get('content-type')).toContain('text/html');
    const unavailable = await tm('/attractions/fake-small.json');
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.fault).toBeDefined();
  });

  it('accepts faults over HTTP and names the invalid field', async () => {
    const invalid = await getJson(`${fakes.url}/_fake/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 418, count: 1 }) });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/status/);
    const ok = await getJson(`${fakes.url}/_fake/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'ticketmaster', status: 500, count: 1 }) });
    expect(ok.status).toBe(200);
    expect((await tm('/attractions/fake-small.json')).status).toBe(500);
    expect((await tm('/attractions/fake-small.json')).status).toBe(200);
  });

  it('answers late, cuts JSON in half, or sends JSON of the wrong shape — as a 200 — when asked', async () => {
    const url = `${fakes.env.TICKETMASTER_BASE_URL}/attractions/fake-small.json?apikey=${fakes.env.TICKETMASTER_API_KEY}`;
    const whole = await (await fetch(url)).text();
    fakes.control.injectFaults({ provider: 'ticketmaster', body: 'truncated', count: 1 }, { provider: 'ticketmaster', body: 'wrong-shape', count: 1 }, { provider: 'ticketmaster', delayMs: 300, count: 1 });
    const cut = await fetch(url);
    expect(cut.status).toBe(200);
    const cutText = await cut.text();
    expect(whole.startsWith(cutText) && cutText.length < whole.length).toBe(true);
    expect(() => JSON.parse(cutText)).toThrow();
    const shaped = await fetch(url);
    expect(shaped.status).toBe(200);
    expect(JSON.parse(await shaped.text())).not.toHaveProperty('name');
    const started = performance.now();
    expect(await (await fetch(url)).text()).toBe(whole);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(await (await fetch(url)).text()).toBe(whole);
    expect(fakes.stats().ticketmaster.faultsServed).toBe(3);
  });

  it('hits only a share of the matching requests when a fault has a ratio, lapses after forMs, and refuses a fault that does nothing', async () => {
    fakes.control.injectFault({ provider: 'ticketmaster', status: 503, ratio: 0.3, count: 1_000 });
    const statuses = await Promise.all(Array.from({ length: 200 }, () => tm('/attractions/fake-small.json').then((r) => r.status)));
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);
    expect(statuses.filter((s) => s !== 503).every((s) => s === 200)).toBe(true);
    fakes.control.reset();
    fakes.control.injectFault({ provider: 'ticketmaster', status: 429, count: 1_000, forMs: 300 });
    expect((await tm('/attractions/fake-small.json')).status).toBe(429);
    await new Promise((r) => setTimeout(r, 350));
    expect((await tm('/attractions/fake-small.json')).status).toBe(200);
    expect(fakes.control.pendingFaults()).toEqual([]);
    const nothing = await getJson(`${fakes.url}/_fake/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'ticketmaster', count: 1 }) });
    expect(nothing.status).toBe(400);
  });

  it('enforces an optional rolling rate limit with 429 + Retry-After', async () => {
    fakes.control.setRateLimit('ticketmaster', { maxRequests: 3, windowMs: 1000 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await tm('/attractions/fake-small.json');
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(fakes.stats().ticketmaster.rateLimited).toBe(1);
  });

  it('adds latency to one provider only and tracks the peak request rate', async () => {
    fakes.control.setLatency(200, 'setlistfm');
    let started = performance.now();
    await setlistfm('/search/artists?artistName=Velvet%20Static');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    started = performance.now();
    await tm('/attractions/fake-small.json');
    expect(performance.now() - started).toBeLessThan(150);

    await Promise.all(Array.from({ length: 12 }, () => tm('/attractions/fake-small.json')));
    expect(fakes.stats().ticketmaster.maxRequestsPerSecond).toBeGreaterThanOrEqual(12);
    expect(fakes.stats().endpoints['ticketmaster GET /attractions/:id.json']).toBe(13);
  });

  it('reset() clears faults, configuration and statistics', async () => {
    fakes.control.injectFault({ status: 500, count: 5 });
    fakes.control.setAudioFeatures('forbidden');
    await tm('/attractions/fake-small.json');
    fakes.control.reset();
    expect(fakes.control.pendingFaults()).toEqual([]);
    expect(fakes.control.config().audioFeatures).toBe('available');
    expect(fakes.stats().ticketmaster.requests).toBe(0);
    expect((await tm('/attractions/fake-small.json')).status).toBe(200);
  });

  it('serves the expected import and the artist list over HTTP', async () => {
    const list = await getJson(`${fakes.url}/_fake/artists`);
    expect((list.body.fixtures as Json[]).map((a) => a.attractionId)).toEqual(['fake-small', 'fake-large', 'fake-nospotify', 'fake-nolink']);
    const over = await getJson(`${fakes.url}/_fake/artists/fake-small/expected?audioFeatures=forbidden`);
    expect(over.body).toEqual(JSON.parse(JSON.stringify(fakes.expected('fake-small', 'forbidden'))));
    expect((await getJson(`${fakes.url}/_fake/artists/nobody/expected`)).status).toBe(404);
    expect((await getJson(`${fakes.url}/_fake/artists/fake-small/expected?audioFeatures=maybe`)).status).toBe(400);
  });
});

describe('determinism and speed over HTTP', () => {
  it('two servers with the same seed and reference date answer identically', async () => {
    const other = await startFakeProviders({ port: 0, seed: 1, referenceDate });
    try {
      const a = await tm('/events.json', { attractionId: 'fake-large', size: 200, page: 2 });
      const b = await getJson(`${other.env.TICKETMASTER_BASE_URL}/events.json?attractionId=fake-large&size=200&page=2&apikey=${other.env.TICKETMASTER_API_KEY}`);
      expect(b.body).toEqual(a.body);
      expect(other.expected('gen-5-e50-a5')).toEqual(fakes.expected('gen-5-e50-a5'));
    } finally {
      await other.close();
    }
  });

  it('serves all of fake-large (1,500 events, ~3,000 tracks) quickly', async () => {
    const large = fakes.catalog.artist('fake-large') as FakeArtist;
    const started = performance.now();
    const pages = await Promise.all(
      [0, 1, 2, 3, 4].map((page) => tm('/events.json', { attractionId: 'fake-large', size: 200, page, endDateTime: '2100-01-01T00:00:00Z' })),
    );
    expect(pages.every((p) => p.status === 200)).toBe(true);
    const ids = large.tracks.map((t) => t.id);
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += 50) batches.push(ids.slice(i, i + 50));
    const tracks = await Promise.all(batches.map((b) => spotify(`/tracks?ids=${b.join(',')}`)));
    expect(tracks.flatMap((t) => t.body.tracks as Json[]).length).toBe(ids.length);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
