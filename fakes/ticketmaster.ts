// Fake Ticketmaster Discovery v2: attractions, attraction search and events
// with embedded venues, in the real JSON shapes and with the real limits
// (apikey, size ≤ 200, deep-paging refusal at size × page ≥ 1,000, strict
// YYYY-MM-DDTHH:mm:ssZ date filters inclusive on both ends).

import { Hono } from 'hono';
import type { FakeArtist, FakeEvent, FakeVenue } from './catalog';
import { type FakeContext, PREFIX, intParam, providerError, providerGate, ticketmasterError } from './http';

const BASE = PREFIX.ticketmaster;
const MAX_SIZE = 200;
const MAX_DEPTH = 1000;
const TM_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const MUSIC_SEGMENT = { id: 'KZFzniwnSyZfZ7v7nJ', name: 'Music' };

function classifications(artist: FakeArtist): unknown[] {
  return [
    {
      primary: true,
      segment: MUSIC_SEGMENT,
      genre: { id: 'KnvZfZ7vAeA', name: artist.genre },
      subGenre: { id: 'KZazBEonSMnZfZ7v6F1', name: artist.genre },
      type: { id: 'KZAyXgnZfZ7v7nI', name: 'Undefined' },
      subType: { id: 'KZFzBErXgnZfZ7v7lJ', name: 'Undefined' },
      family: false,
    },
  ];
}

function images(artist: FakeArtist): unknown[] {
  return artist.images.map((i) => ({ ratio: i.ratio, url: i.url, width: i.width, height: i.height, fallback: false }));
}

// Attraction and venue bodies are embedded in every event: build them once per artist.
const rendered = new WeakMap<FakeArtist, { attraction: Record<string, unknown>; venues: Map<string, Record<string, unknown>> }>();

function renderedFor(artist: FakeArtist): { attraction: Record<string, unknown>; venues: Map<string, Record<string, unknown>> } {
  let r = rendered.get(artist);
  if (!r) {
    const upcomingByVenue = new Map<string, number>();
    for (const e of artist.events) if (e.upcoming) upcomingByVenue.set(e.venueId, (upcomingByVenue.get(e.venueId) ?? 0) + 1);
    r = {
      attraction: renderAttraction(artist),
      venues: new Map(artist.venues.map((v) => [v.id, renderVenue(v, upcomingByVenue.get(v.id) ?? 0)])),
    };
    rendered.set(artist, r);
  }
  return r;
}

export function attractionJson(artist: FakeArtist): Record<string, unknown> {
  return renderedFor(artist).attraction;
}

function renderAttraction(artist: FakeArtist): Record<string, unknown> {
  const externalLinks: Record<string, unknown[]> = {
    homepage: [{ url: `https://www.${artist.attractionId.replace(/[^a-z0-9]/g, '')}.example.com/` }],
  };
  if (artist.spotify && artist.spotifyLinked) externalLinks.spotify = [{ url: `https://open.spotify.com/artist/${artist.spotify.id}` }];
  if (artist.setlistfm) externalLinks.musicbrainz = [{ id: artist.setlistfm.mbid, url: `https://musicbrainz.org/artist/${artist.setlistfm.mbid}` }];
  const upcoming = artist.events.filter((e) => e.upcoming).length;
  return {
    name: artist.name,
    type: 'attraction',
    id: artist.attractionId,
    test: false,
    url: artist.url,
    locale: 'en-us',
    externalLinks,
    images: images(artist),
    classifications: classifications(artist),
    upcomingEvents: { ticketmaster: upcoming, _total: upcoming, _filtered: 0 },
    _links: { self: { href: `${BASE}/attractions/${artist.attractionId}?locale=en-us` } },
  };
}

function renderVenue(venue: FakeVenue, upcoming: number): Record<string, unknown> {
  const city = venue.city;
  return {
    name: venue.name,
    type: 'venue',
    id: venue.id,
    test: false,
    url: venue.url,
    locale: 'en-us',
    postalCode: city.postalCode,
    timezone: city.timezone,
    city: { name: city.name },
    ...(city.state ? { state: { name: city.state, stateCode: city.stateCode } } : {}),
    country: { name: city.country, countryCode: city.countryCode },
    address: { line1: venue.address },
    // Ticketmaster sends coordinates as strings.
    location: { longitude: city.longitude.toFixed(6), latitude: city.latitude.toFixed(6) },
    upcomingEvents: { ticketmaster: upcoming, _total: upcoming, _filtered: 0 },
    _links: { self: { href: `${BASE}/venues/${venue.id}?locale=en-us` } },
  };
}

export function eventJson(event: FakeEvent, artist: FakeArtist): Record<string, unknown> {
  const venue = artist.venueById.get(event.venueId) as FakeVenue;
  const start: Record<string, unknown> = { localDate: event.localDate };
  if (event.localTime) start.localTime = event.localTime;
  if (event.dateTime) start.dateTime = event.dateTime;
  Object.assign(start, { dateTBD: false, dateTBA: false, timeTBA: event.localTime === null, noSpecificTime: event.localTime === null });
  const onsaleMs = event.startMs - 120 * 86_400_000;
  const body: Record<string, unknown> = {};
  if (event.name !== null) body.name = event.name;
  body.type = 'event';
  if (event.id !== null) body.id = event.id;
  Object.assign(body, {
    test: false,
    url: event.url,
    locale: 'en-us',
    images: images(artist),
    sales: {
      public: {
        startDateTime: new Date(onsaleMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        startTBD: false,
        startTBA: false,
        endDateTime: event.dateTime ?? `${event.localDate}T23:59:00Z`,
      },
    },
    dates: { start, timezone: venue.city.timezone, status: { code: event.statusCode }, spanMultipleDays: false },
    classifications: classifications(artist),
  });
  if (event.priceRange) body.priceRanges = [{ type: 'standard', currency: event.priceRange.currency, min: event.priceRange.min, max: event.priceRange.max }];
  body._links = {
    self: { href: `${BASE}/events/${event.id ?? ''}?locale=en-us` },
    attractions: [{ href: `${BASE}/attractions/${artist.attractionId}?locale=en-us` }],
    venues: [{ href: `${BASE}/venues/${venue.id}?locale=en-us` }],
  };
  const r = renderedFor(artist);
  body._embedded = { venues: [r.venues.get(venue.id)], attractions: [r.attraction] };
  return body;
}

/** Index of the first event with startMs ≥ ms (events are sorted by startMs). */
function lowerBound(events: FakeEvent[], ms: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as FakeEvent).startMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index after the last event with startMs ≤ ms. */
function upperBound(events: FakeEvent[], ms: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as FakeEvent).startMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `_links` of a page: origin-relative hrefs without the apikey, as the real API writes them. */
function pageLinks(path: string, query: Record<string, string>, page: number, size: number, totalPages: number): Record<string, { href: string }> {
  const href = (p: number | null): string => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (k !== 'apikey' && k !== 'page' && k !== 'size') params.set(k, v);
    if (p !== null) params.set('page', String(p));
    params.set('size', String(size));
    return `${BASE}${path}?${params.toString().replace(/%2C/gi, ',')}`;
  };
  const links: Record<string, { href: string }> = { first: { href: href(0) }, self: { href: href(page) } };
  if (page > 0) links.prev = { href: href(page - 1) };
  if (page + 1 < totalPages) links.next = { href: href(page + 1) };
  links.last = { href: href(Math.max(0, totalPages - 1)) };
  return links;
}

type Paging = { page: number; size: number } | Response;

function parsePaging(ctx: FakeContext, query: Record<string, string>, defaultSize: number): Paging {
  const size = intParam(query.size, defaultSize);
  const page = intParam(query.page, 0);
  if (size === null || size < 1) return ticketmasterError(400, 'DIS1015', 'Query param "size" must be a positive integer');
  if (size > MAX_SIZE) return ticketmasterError(400, 'DIS1015', `Query param "size" must be less than or equal to ${MAX_SIZE}`);
  if (page === null || page < 0) return ticketmasterError(400, 'DIS1015', 'Query param "page" must be a non-negative integer');
  if (size * page >= MAX_DEPTH) {
    ctx.state.recordDeepPagingRefusal();
    return ticketmasterError(400, 'DIS1035', 'API Limits Exceeded: Max paging depth exceeded. (page * size) must be less than 1,000');
  }
  return { page, size };
}

function parseInstant(name: string, value: string | undefined): number | null | Response {
  if (value === undefined || value === '') return null;
  const ms = Date.parse(value);
  if (!TM_INSTANT.test(value) || Number.isNaN(ms)) {
    return ticketmasterError(400, 'DIS1015', `Query param with name ${name} must be of valid format YYYY-MM-DDTHH:mm:ssZ {example: 2020-08-01T14:00:00Z}`);
  }
  return ms;
}

const SORTS: Record<string, (a: FakeEvent, b: FakeEvent) => number> = {
  'date,asc': (a, b) => a.startMs - b.startMs || a.ordinal - b.ordinal,
  'date,desc': (a, b) => b.startMs - a.startMs || b.ordinal - a.ordinal,
  'name,asc': (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.startMs - b.startMs || a.ordinal - b.ordinal,
  'name,desc': (a, b) => (b.name ?? '').localeCompare(a.name ?? '') || a.startMs - b.startMs || a.ordinal - b.ordinal,
  // Relevance has no meaning for one attraction's events: date order, as the real API tends to give.
  'relevance,desc': (a, b) => a.startMs - b.startMs || a.ordinal - b.ordinal,
};

export function ticketmasterApp(ctx: FakeContext): Hono {
  const app = new Hono();
  app.use('*', providerGate(ctx, 'ticketmaster'));
  app.use('*', async (c, next) => {
    const key = c.req.query('apikey');
    if (!key) return providerError('ticketmaster', 401, 'Failed to resolve API Key variable request.queryparam.apikey');
    if (key !== ctx.credentials.ticketmasterApiKey) return providerError('ticketmaster', 401, 'Invalid ApiKey');
    await next();
  });

  app.get('/attractions.json', (c) => {
    const query = c.req.query();
    const paging = parsePaging(ctx, query, 20);
    if (paging instanceof Response) return paging;
    let found: FakeArtist[];
    if (query.id) found = query.id.split(',').map((id) => ctx.catalog.artist(id.trim())).filter((a): a is FakeArtist => a !== null);
    else if (query.keyword) found = ctx.catalog.searchAttractions(query.keyword);
    else found = ctx.catalog.list().filter((a) => !a.attractionId.startsWith('gen-'));
    const totalPages = Math.ceil(found.length / paging.size);
    const items = found.slice(paging.page * paging.size, (paging.page + 1) * paging.size);
    return c.json({
      ...(items.length > 0 ? { _embedded: { attractions: items.map(attractionJson) } } : {}),
      _links: pageLinks('/attractions.json', query, paging.page, paging.size, totalPages),
      page: { size: paging.size, totalElements: found.length, totalPages, number: paging.page },
    });
  });

  app.get('/attractions/:file', (c) => {
    const id = c.req.param('file').replace(/\.json$/, '');
    const artist = ctx.catalog.artist(id);
    if (!artist) return ticketmasterError(404, 'DIS1004', `Resource not found with provided criteria (locale=en-us, id=${id})`);
    return c.json(attractionJson(artist));
  });

  app.get('/events.json', (c) => {
    const query = c.req.query();
    const paging = parsePaging(ctx, query, 20);
    if (paging instanceof Response) return paging;
    const from = parseInstant('startDateTime', query.startDateTime);
    if (from instanceof Response) return from;
    const to = parseInstant('endDateTime', query.endDateTime);
    if (to instanceof Response) return to;
    const sort = query.sort ?? 'relevance,desc';
    const compare = SORTS[sort];
    if (!compare) return ticketmasterError(400, 'DIS1015', `Query param "sort" has an invalid value: ${sort}`);

    const artists = (query.attractionId ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean)
      .map((id) => ctx.catalog.artist(id))
      .filter((a): a is FakeArtist => a !== null);
    const matched: Array<{ event: FakeEvent; artist: FakeArtist }> = [];
    for (const artist of artists) {
      // Inclusive on both ends, compared with dateTime (or localDate at 00:00Z).
      const lo = from === null ? 0 : lowerBound(artist.events, from);
      const hi = to === null ? artist.events.length : upperBound(artist.events, to);
      for (let i = lo; i < hi; i++) matched.push({ event: artist.events[i] as FakeEvent, artist });
    }
    if (sort !== 'date,asc' || artists.length > 1) matched.sort((a, b) => compare(a.event, b.event));

    const totalElements = matched.length;
    const totalPages = Math.ceil(totalElements / paging.size);
    const items = matched.slice(paging.page * paging.size, (paging.page + 1) * paging.size);
    return c.json({
      ...(items.length > 0 ? { _embedded: { events: items.map(({ event, artist }) => eventJson(event, artist)) } } : {}),
      _links: pageLinks('/events.json', query, paging.page, paging.size, totalPages),
      page: { size: paging.size, totalElements, totalPages, number: paging.page },
    });
  });

  app.get('/events/:file', (c) => {
    const id = c.req.param('file').replace(/\.json$/, '');
    for (const artist of ctx.catalog.list()) {
      const event = artist.events.find((e) => e.id === id);
      if (event) return c.json(eventJson(event, artist));
    }
    return ticketmasterError(404, 'DIS1004', `Resource not found with provided criteria (locale=en-us, id=${id})`);
  });

  app.all('*', (c) => ticketmasterError(404, 'DIS1004', `Resource not found: ${new URL(c.req.url).pathname}`));
  return app;
}
