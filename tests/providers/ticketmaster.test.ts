import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DeepPagingError, ProviderError } from '../../providers/errors';
import { formatTmDateTime, spotifyIdOf, TicketmasterClient } from '../../providers/ticketmaster';
import type { EventWindow, TmEvent } from '../../providers/types';
import { json, rejectionOf, startServer, testHttp, type RecordedRequest, type TestServer } from './support';

const API_KEY = 'tm-sekrit-key';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// ------------------------------------------------------------ fake Discovery

interface FakeEvent {
  id: string;
  /** null: date to be announced (no `dates.start`). */
  dateMs: number | null;
  /** Replaces the generated JSON (to serve malformed items). */
  raw?: unknown;
}

/** How the fake treats startDateTime/endDateTime — Ticketmaster does not document it. */
type Bounds = 'inclusive' | 'end-exclusive' | 'start-exclusive';

function eventJson(e: FakeEvent): unknown {
  if (e.raw !== undefined) return e.raw;
  if (e.dateMs === null) return { id: e.id, name: `Show ${e.id}`, dates: { start: { dateTBD: true } } };
  const iso = formatTmDateTime(e.dateMs);
  return {
    id: e.id,
    name: `Show ${e.id}`,
    url: `https://www.ticketmaster.com/event/${e.id}`,
    dates: {
      start: { dateTime: iso, localDate: iso.slice(0, 10), localTime: iso.slice(11, 19) },
      status: { code: 'onsale' },
    },
    priceRanges: [{ type: 'standard', currency: 'USD', min: 25.5, max: 99 }],
    _embedded: {
      venues: [
        {
          id: `V-${e.id}`,
          name: 'The Forum',
          address: { line1: '3900 W Manchester Blvd' },
          city: { name: 'Inglewood' },
          state: { name: 'California', stateCode: 'CA' },
          country: { name: 'United States Of America', countryCode: 'US' },
          postalCode: '90305',
          location: { latitude: '33.958', longitude: '-118.341' },
          timezone: 'America/Los_Angeles',
        },
      ],
    },
  };
}

function discovery(events: FakeEvent[], bounds: Bounds = 'inclusive', opts: { ignoreSort?: boolean } = {}) {
  return (req: RecordedRequest, res: ServerResponse) => {
    if (req.query.get('apikey') !== API_KEY) return json(res, 401, { fault: { faultstring: 'Invalid ApiKey' } });
    if (req.path !== '/discovery/v2/events.json') return json(res, 404, {});
    const size = Number(req.query.get('size') ?? 20);
    const page = Number(req.query.get('page') ?? 0);
    if (size * page >= 1000) return json(res, 400, { errors: [{ code: 'DIS1035', detail: 'Result window is too large' }] });
    const start = req.query.get('startDateTime');
    const end = req.query.get('endDateTime');
    const from = start ? Date.parse(start) : -Infinity;
    const to = end ? Date.parse(end) : Infinity;
    // Undated events sort last and fall outside any date filter.
    const inWindow = events.filter((e) =>
      e.dateMs === null
        ? !start && !end
        : (bounds === 'start-exclusive' ? e.dateMs > from : e.dateMs >= from) &&
          (bounds === 'end-exclusive' ? e.dateMs < to : e.dateMs <= to),
    );
    const key = (e: FakeEvent) => e.dateMs ?? Infinity;
    const sorted = [...inWindow].sort((a, b) => key(a) - key(b) || a.id.localeCompare(b.id));
    if (req.query.get('sort') === 'date,desc' && !opts.ignoreSort) sorted.reverse();
    const slice = sorted.slice(page * size, page * size + size);
    json(res, 200, {
      ...(slice.length > 0 ? { _embedded: { events: slice.map(eventJson) } } : {}),
      page: { size, totalElements: sorted.length, totalPages: Math.ceil(sorted.length / size), number: page },
    });
  };
}

function client(baseUrl: string): TicketmasterClient {
  return new TicketmasterClient({ apiKey: API_KEY, baseUrl: `${baseUrl}/discovery/v2`, http: testHttp('ticketmaster') });
}

/** Deterministic spread of `count` events over `days` days from 2024-01-01. */
function spreadEvents(count: number, days: number, prefix = 'E'): FakeEvent[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const start = Date.parse('2024-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    dateMs: start + Math.floor(next() * days * 86_400) * 1000,
  }));
}

/** What a caller does with the plan: read every window to the end (≤ 1,000 each) and dedupe by id. */
async function readAll(tm: TicketmasterClient, attractionId: string, windows: EventWindow[]): Promise<Map<string, TmEvent>> {
  const seen = new Map<string, TmEvent>();
  for (const w of windows) {
    for (let page = 0; page * 200 < Math.min(w.totalElements, 1000); page++) {
      const result = await tm.getEventsPage({ attractionId, page, size: 200, startDateTime: w.startDateTime, endDateTime: w.endDateTime });
      for (const e of result.items) seen.set(e.id, e);
    }
  }
  return seen;
}

// ------------------------------------------------------------------ tests

describe('TicketmasterClient.getAttraction', () => {
  it('maps identity, images, genres, the Spotify id and upcoming count', async () => {
    server = await startServer((req, res) =>
      json(res, 200, {
        id: 'K8vZ9171ob7',
        name: 'Radiohead',
        images: [{ url: 'https://img/1.jpg', width: 640, height: 360 }, { width: 10 }],
        classifications: [
          { segment: { name: 'Music' }, genre: { name: 'Rock' }, subGenre: { name: 'Alternative Rock' } },
          { genre: { name: 'Undefined' }, subGenre: { name: 'Rock' } },
        ],
        externalLinks: { spotify: [{ url: 'https://open.spotify.com/artist/4Z8W4fKeB5YxbusRsdQVPb?si=x' }] },
        upcomingEvents: { _total: 12, ticketmaster: 12 },
      }),
    );
    const attraction = await client(server.baseUrl).getAttraction('K8vZ9171ob7');

    expect(attraction).toEqual({
      id: 'K8vZ9171ob7',
      name: 'Radiohead',
      images: [{ url: 'https://img/1.jpg', width: 640, height: 360 }],
      genres: ['Rock', 'Alternative Rock'],
      spotifyId: '4Z8W4fKeB5YxbusRsdQVPb',
      upcomingEvents: 12,
    });
    expect(server.requests[0]?.path).toBe('/discovery/v2/attractions/K8vZ9171ob7.json');
    expect(server.requests[0]?.query.get('apikey')).toBe(API_KEY);
  });

  it('fails a 404 at once, naming source, path and status but never the key', async () => {
    server = await startServer((_req, res) => json(res, 404, { errors: [{ detail: 'Resource not found' }] }));
    const error = await rejectionOf(client(server.baseUrl).getAttraction('Knope'));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe('ticketmaster GET /discovery/v2/attractions/Knope.json answered 404 Not Found');
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects an attraction without a name as an unusable response', async () => {
    server = await startServer((_req, res) => json(res, 200, { id: 'K1' }));
    const error = await rejectionOf(client(server.baseUrl).getAttraction('K1'));
    expect(error).toMatchObject({ kind: 'invalid-response', retryable: false });
    expect((error as Error).message).toContain('ticketmaster GET /discovery/v2/attractions/K1.json answered 200 OK that could not be used: unexpected shape — name');
  });
});

describe('spotifyIdOf', () => {
  it('reads artist links and URIs, and nothing else', () => {
    expect(spotifyIdOf('https://open.spotify.com/artist/0OdUWJ0sBjDrqHygGUXeCF')).toBe('0OdUWJ0sBjDrqHygGUXeCF');
    expect(spotifyIdOf('https://open.spotify.com/intl-de/artist/0OdUWJ0sBjDrqHygGUXeCF?si=1')).toBe('0OdUWJ0sBjDrqHygGUXeCF');
    expect(spotifyIdOf('spotify:artist:0OdUWJ0sBjDrqHygGUXeCF')).toBe('0OdUWJ0sBjDrqHygGUXeCF');
    expect(spotifyIdOf('https://open.spotify.com/album/0OdUWJ0sBjDrqHygGUXeCF')).toBeNull();
    expect(spotifyIdOf('https://evil.example/artist/abc')).toBeNull();
    expect(spotifyIdOf('not a url')).toBeNull();
    expect(spotifyIdOf(undefined)).toBeNull();
  });
});

describe('TicketmasterClient.searchAttractions', () => {
  it('sends keyword and size, keeps valid attractions and counts the malformed', async () => {
    server = await startServer((_req, res) =>
      json(res, 200, { _embedded: { attractions: [{ id: 'A1', name: 'Muse' }, { id: 'A2' }, { name: 'no id' }] }, page: {} }),
    );
    const result = await client(server.baseUrl).searchAttractions('muse', 5);

    expect(result.items.map((a) => a.name)).toEqual(['Muse']);
    expect(result.skipped).toBe(2);
    expect(server.requests[0]?.path).toBe('/discovery/v2/attractions.json');
    expect(server.requests[0]?.query.get('keyword')).toBe('muse');
    expect(server.requests[0]?.query.get('size')).toBe('5');
  });

  it('answers an empty list when Ticketmaster has no _embedded', async () => {
    server = await startServer((_req, res) => json(res, 200, { page: { size: 20, totalElements: 0, totalPages: 0, number: 0 } }));
    expect(await client(server.baseUrl).searchAttractions('zzzz')).toEqual({ items: [], skipped: 0 });
  });
});

describe('TicketmasterClient.getEventsPage', () => {
  it('maps events and venues, sorted by date ascending', async () => {
    const events = spreadEvents(3, 10);
    server = await startServer(discovery(events));
    const page = await client(server.baseUrl).getEventsPage({ attractionId: 'K1', page: 0, size: 2 });

    expect(server.requests[0]?.query.get('sort')).toBe('date,asc');
    expect(server.requests[0]?.query.get('attractionId')).toBe('K1');
    expect(page).toMatchObject({ page: 0, size: 2, totalElements: 3, totalPages: 2, skipped: 0 });
    const first = page.items[0]!;
    expect(Date.parse(first.startDateTime!)).toBeLessThanOrEqual(Date.parse(page.items[1]!.startDateTime!));
    expect(first).toMatchObject({ statusCode: 'onsale', priceMin: 25.5, priceMax: 99, currency: 'USD' });
    expect(first.venue).toEqual({
      id: `V-${first.id}`,
      name: 'The Forum',
      address: '3900 W Manchester Blvd',
      city: 'Inglewood',
      state: 'CA',
      country: 'United States Of America',
      countryCode: 'US',
      postalCode: '90305',
      latitude: 33.958,
      longitude: -118.341,
      timezone: 'America/Los_Angeles',
    });
  });

  it('skips and counts malformed events; a malformed venue leaves the event without one', async () => {
    const when = Date.parse('2025-06-01T20:00:00Z');
    const events: FakeEvent[] = [
      { id: 'ok', dateMs: when },
      { id: 'no-id', dateMs: when + 1, raw: { name: 'Nameless id' } },
      { id: 'bad-date', dateMs: when + 2, raw: { id: 'bad-date', name: 'X', dates: { start: { dateTime: 'tomorrow-ish' } } } },
      { id: 'bad-venue', dateMs: when + 3, raw: { id: 'bad-venue', name: 'Y', _embedded: { venues: [{ id: 'V9' }] } } },
    ];
    server = await startServer(discovery(events));
    const page = await client(server.baseUrl).getEventsPage({ attractionId: 'K1', page: 0, size: 10 });

    expect(page.items.map((e) => e.id)).toEqual(['ok', 'bad-venue']);
    expect(page.skipped).toBe(2);
    expect(page.items[1]).toMatchObject({ venue: null, startDateTime: null, localDate: null });
  });

  it('fails when the paging envelope is not Ticketmaster’s', async () => {
    server = await startServer((_req, res) => json(res, 200, { _embedded: { events: [] } }));
    const error = await rejectionOf(client(server.baseUrl).getEventsPage({ attractionId: 'K1', page: 0, size: 10 }));
    expect(error).toMatchObject({ kind: 'invalid-response' });
    expect((error as Error).message).toContain('page');
  });

  it('refuses a deep page (size × page ≥ 1,000) without sending it', async () => {
    server = await startServer(discovery(spreadEvents(1_200, 30)));
    const tm = client(server.baseUrl);

    const last = await tm.getEventsPage({ attractionId: 'K1', page: 4, size: 200 }); // items 800..999
    expect(last.items).toHaveLength(200);
    const error = await rejectionOf(tm.getEventsPage({ attractionId: 'K1', page: 5, size: 200 }));
    expect(error).toBeInstanceOf(DeepPagingError);
    expect((error as Error).message).toContain('size × page = 1000 ≥ 1000');
    expect(await rejectionOf(tm.getEventsPage({ attractionId: 'K1', page: 1, size: 999 }))).toBeInstanceOf(RangeError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('TicketmasterClient.planEventWindows', () => {
  it('answers one open window when the attraction has ≤ 1,000 events', async () => {
    server = await startServer(discovery(spreadEvents(1_000, 365)));
    const windows = await client(server.baseUrl).planEventWindows('K1');
    expect(windows).toEqual([{ startDateTime: null, endDateTime: null, totalElements: 1_000 }]);
    expect(server.requests).toHaveLength(1);
  });

  for (const bounds of ['inclusive', 'end-exclusive', 'start-exclusive'] as const) {
    it(`splits 2,500 events into windows of ≤ 1,000 that together reach every event (${bounds} bounds)`, async () => {
      // The range spans exactly 1,024 days, so every bisection point is a
      // midnight — and an event sits on every midnight: any window boundary
      // that is not shared would lose one of them under one of the semantics.
      const day0 = Date.parse('2024-01-01T00:00:00Z');
      const events: FakeEvent[] = [
        ...Array.from({ length: 1_025 }, (_, d) => ({ id: `D${d}`, dateMs: day0 + d * 86_400_000 })),
        ...spreadEvents(1_475, 1_024),
      ];
      server = await startServer(discovery(events, bounds));
      const tm = client(server.baseUrl);
      const windows = await tm.planEventWindows('K1');

      expect(windows.length).toBeGreaterThan(2);
      expect(windows.every((w) => w.totalElements <= 1_000)).toBe(true);
      expect(windows[0]?.startDateTime).toBeNull();
      expect(windows.at(-1)?.endDateTime).toBeNull();
      for (let i = 1; i < windows.length; i++) {
        expect(windows[i]?.startDateTime).toBe(windows[i - 1]?.endDateTime);
        expect(windows[i]?.startDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      }
      const read = await readAll(tm, 'K1', windows);
      expect(read.size).toBe(2_500);
      expect([...read.keys()].sort()).toEqual(events.map((e) => e.id).sort());
      // No request, planning or reading, hit the deep-paging refusal.
      expect(server.requests.every((r) => Number(r.query.get('size')) * Number(r.query.get('page')) < 1_000)).toBe(true);
    });
  }

  it('reaches every event of a source that ignores sort=date,desc (the latest probe answers the earliest events)', async () => {
    const events = spreadEvents(2_600, 900);
    server = await startServer(discovery(events, 'inclusive', { ignoreSort: true }));
    const tm = client(server.baseUrl);
    const windows = await tm.planEventWindows('K1');

    expect(windows.every((w) => w.totalElements <= 1_000)).toBe(true);
    const read = await readAll(tm, 'K1', windows);
    expect([...read.keys()].sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('still finds the range when the latest events are undated', async () => {
    const dated = spreadEvents(1_500, 365);
    const undated = Array.from({ length: 5 }, (_, i) => ({ id: `TBD${i}`, dateMs: null }));
    server = await startServer(discovery([...dated, ...undated]));
    const tm = client(server.baseUrl);
    const windows = await tm.planEventWindows('K1');

    expect(windows.length).toBeGreaterThan(1);
    expect(windows.every((w) => w.totalElements <= 1_000)).toBe(true);
    const read = await readAll(tm, 'K1', windows);
    expect(dated.every((e) => read.has(e.id))).toBe(true);
  });

  it('returns a one-second window that still holds > 1,000 events instead of looping', async () => {
    const crowd = Date.parse('2024-06-15T19:00:00Z');
    const events = [
      ...spreadEvents(100, 365),
      ...Array.from({ length: 1_200 }, (_, i) => ({ id: `C${i}`, dateMs: crowd })),
    ];
    server = await startServer(discovery(events));
    const windows = await client(server.baseUrl).planEventWindows('K1');

    const overfull = windows.filter((w) => w.totalElements > 1_000);
    expect(overfull.length).toBeGreaterThanOrEqual(1);
    for (const w of overfull) {
      expect(w.startDateTime).not.toBeNull();
      expect(w.endDateTime).not.toBeNull();
      expect(Date.parse(w.endDateTime!) - Date.parse(w.startDateTime!)).toBeLessThanOrEqual(1_000);
      expect(w.totalElements).toBeGreaterThanOrEqual(1_200);
    }
    expect(windows.filter((w) => w.totalElements <= 1_000).length).toBeGreaterThan(0);
    expect(server.requests.length).toBeLessThan(200);
  });

  it('rejects a window size Ticketmaster could not page through', async () => {
    server = await startServer(discovery([]));
    expect(await rejectionOf(client(server.baseUrl).planEventWindows('K1', 1_001))).toBeInstanceOf(RangeError);
    expect(server.requests).toHaveLength(0);
  });
});
