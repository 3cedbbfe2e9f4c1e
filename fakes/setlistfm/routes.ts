// Fake setlist.fm REST 1.0: artist search, artist and an artist's setlists,
// one handler per endpoint, with the real quirks (x-api-key required, 404 —
// not an empty list — when a search finds nothing or a page is past the end).

import { type Context, Hono } from 'hono';
import type { FakeArtist } from '../catalog/types';
import { providerError } from '../errors';
import { type FakeContext, intParam, providerGate } from '../http';
import { artistJson, setlistJson } from './render';

// Own copy of the real API's page sizes, not the product's: a fake sharing them could not catch the product getting them wrong.
const SEARCH_PAGE_SIZE = 30;
const SETLIST_PAGE_SIZE = 20;

function notFound(): Response {
  return providerError('setlistfm', 404, 'not found');
}

/** GET /search/artists?artistName=&p=&sort= */
function searchArtists(ctx: FakeContext, c: Context): Response {
  const query = c.req.query();
  const page = intParam(query.p, 1);
  if (page === null || page < 1) return providerError('setlistfm', 400, 'invalid page');
  const sort = query.sort ?? 'sortName';
  if (sort !== 'sortName' && sort !== 'relevance') return providerError('setlistfm', 400, 'invalid sort');
  const name = query.artistName ?? '';
  let found = ctx.catalog.searchSetlistArtists(name);
  if (sort === 'sortName') found = [...found].sort((a, b) => a.sortName.localeCompare(b.sortName));
  const items = found.slice((page - 1) * SEARCH_PAGE_SIZE, page * SEARCH_PAGE_SIZE);
  if (items.length === 0) return notFound();
  return c.json({ type: 'artists', itemsPerPage: SEARCH_PAGE_SIZE, page, total: found.length, artist: items.map(artistJson) });
}

/** GET /artist/:mbid */
function getArtist(ctx: FakeContext, c: Context): Response {
  const entry = ctx.catalog.setlistArtist(c.req.param('mbid') as string);
  if (!entry) return notFound();
  return c.json(artistJson(entry.profile));
}

/** GET /artist/:mbid/setlists?p= — most recent first. */
function listSetlists(ctx: FakeContext, c: Context): Response {
  const entry = ctx.catalog.setlistArtist(c.req.param('mbid') as string);
  if (!entry) return notFound();
  const page = intParam(c.req.query('p'), 1);
  if (page === null || page < 1) return providerError('setlistfm', 400, 'invalid page');
  const setlists = entry.artist?.setlists ?? [];
  const items = setlists.slice((page - 1) * SETLIST_PAGE_SIZE, page * SETLIST_PAGE_SIZE);
  if (items.length === 0) return notFound();
  return c.json({
    type: 'setlists',
    itemsPerPage: SETLIST_PAGE_SIZE,
    page,
    total: setlists.length,
    setlist: items.map((s) => setlistJson(s, entry.profile, entry.artist as FakeArtist)),
  });
}

export function setlistfmApp(ctx: FakeContext): Hono {
  const app = new Hono();
  app.use('*', providerGate(ctx, 'setlistfm'));
  app.use('*', async (c, next) => {
    const key = c.req.header('x-api-key');
    if (!key || key !== ctx.credentials.setlistfmApiKey) return providerError('setlistfm', 403, 'Forbidden');
    await next();
  });
  app.get('/search/artists', (c) => searchArtists(ctx, c));
  app.get('/artist/:mbid', (c) => getArtist(ctx, c));
  app.get('/artist/:mbid/setlists', (c) => listSetlists(ctx, c));
  app.all('*', () => notFound());
  return app;
}
