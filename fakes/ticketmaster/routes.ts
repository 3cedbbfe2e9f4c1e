// Fake Ticketmaster Discovery v2: attractions, attraction search and events
// with embedded venues, one handler per endpoint, behind the apikey check
// and the shared gate (latency, faults, rate limits, stats).

import { type Context, Hono } from 'hono';
import type { FakeArtist, FakeEvent } from '../catalog/types';
import { providerError, ticketmasterError } from '../errors';
import { type FakeContext, providerGate } from '../http';
import { SORTS, pageLinks, parseInstant, parsePaging } from './query';
import { attractionJson, eventJson } from './render';

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

/** GET /attractions.json — by id list, by keyword, or the fixtures. */
function listAttractions(ctx: FakeContext, c: Context): Response {
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
}

/** GET /attractions/:id(.json) */
function getAttraction(ctx: FakeContext, c: Context): Response {
  const id = (c.req.param('file') as string).replace(/\.json$/, '');
  const artist = ctx.catalog.artist(id);
  if (!artist) return ticketmasterError(404, 'DIS1004', `Resource not found with provided criteria (locale=en-us, id=${id})`);
  return c.json(attractionJson(artist));
}

/** Events of the given attractions whose start lies in [from, to] (inclusive; null = open). */
function eventsBetween(artists: FakeArtist[], from: number | null, to: number | null): Array<{ event: FakeEvent; artist: FakeArtist }> {
  const matched: Array<{ event: FakeEvent; artist: FakeArtist }> = [];
  for (const artist of artists) {
    // Inclusive on both ends, compared with dateTime (or localDate at 00:00Z).
    const lo = from === null ? 0 : lowerBound(artist.events, from);
    const hi = to === null ? artist.events.length : upperBound(artist.events, to);
    for (let i = lo; i < hi; i++) matched.push({ event: artist.events[i] as FakeEvent, artist });
  }
  return matched;
}

/** GET /events.json — an attraction's events, filtered by start instant, sorted, paged. */
function listEvents(ctx: FakeContext, c: Context): Response {
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
  const matched = eventsBetween(artists, from, to);
  if (sort !== 'date,asc' || artists.length > 1) matched.sort((a, b) => compare(a.event, b.event));

  const totalElements = matched.length;
  const totalPages = Math.ceil(totalElements / paging.size);
  const items = matched.slice(paging.page * paging.size, (paging.page + 1) * paging.size);
  return c.json({
    ...(items.length > 0 ? { _embedded: { events: items.map(({ event, artist }) => eventJson(event, artist)) } } : {}),
    _links: pageLinks('/events.json', query, paging.page, paging.size, totalPages),
    page: { size: paging.size, totalElements, totalPages, number: paging.page },
  });
}

/** GET /events/:id(.json) */
function getEvent(ctx: FakeContext, c: Context): Response {
  const id = (c.req.param('file') as string).replace(/\.json$/, '');
  for (const artist of ctx.catalog.list()) {
    const event = artist.events.find((e) => e.id === id);
    if (event) return c.json(eventJson(event, artist));
  }
  return ticketmasterError(404, 'DIS1004', `Resource not found with provided criteria (locale=en-us, id=${id})`);
}

export function ticketmasterApp(ctx: FakeContext): Hono {
  const app = new Hono();
  app.use('*', providerGate(ctx, 'ticketmaster'));
  app.use('*', async (c, next) => {
    const key = c.req.query('apikey');
    if (!key) return providerError('ticketmaster', 401, 'Failed to resolve API Key variable request.queryparam.apikey');
    if (key !== ctx.credentials.ticketmasterApiKey) return providerError('ticketmaster', 401, 'Invalid ApiKey');
    await next();
  });
  app.get('/attractions.json', (c) => listAttractions(ctx, c));
  app.get('/attractions/:file', (c) => getAttraction(ctx, c));
  app.get('/events.json', (c) => listEvents(ctx, c));
  app.get('/events/:file', (c) => getEvent(ctx, c));
  app.all('*', (c) => ticketmasterError(404, 'DIS1004', `Resource not found: ${new URL(c.req.url).pathname}`));
  return app;
}
