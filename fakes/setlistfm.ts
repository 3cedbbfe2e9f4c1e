// Fake setlist.fm REST 1.0: artist search and an artist's setlists, in the
// real JSON shapes and with the real quirks (x-api-key required, 404 — not an
// empty list — when a search finds nothing or a page is past the end).

import { Hono } from 'hono';
import type { FakeArtist, FakeSetlist, FakeSetlistArtist } from './catalog';
import { type FakeContext, intParam, providerError, providerGate } from './http';
import { Rng } from './random';

const SEARCH_PAGE_SIZE = 30;
const SETLIST_PAGE_SIZE = 20;

function notFound(): Response {
  return providerError('setlistfm', 404, 'not found');
}

function artistJson(a: FakeSetlistArtist): Record<string, unknown> {
  const slug = a.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    mbid: a.mbid,
    name: a.name,
    sortName: a.sortName,
    disambiguation: a.disambiguation,
    url: `https://www.setlist.fm/setlists/${slug}-${a.mbid.slice(0, 8)}.html`,
  };
}

function setlistJson(setlist: FakeSetlist, profile: FakeSetlistArtist, artist: FakeArtist): Record<string, unknown> {
  const venue = artist.venueById.get(setlist.venueId);
  const r = new Rng(`setlistfm-venue|${setlist.venueId}`);
  const city = venue?.city;
  const body: Record<string, unknown> = {};
  if (setlist.id !== null) body.id = setlist.id;
  Object.assign(body, {
    versionId: setlist.versionId,
    eventDate: setlist.eventDate,
    lastUpdated: setlist.lastUpdated,
    artist: artistJson(profile),
    venue: {
      id: r.hex(8),
      name: venue?.name ?? 'Unknown venue',
      city: city
        ? {
            id: String(r.int(1_000_000, 9_999_999)),
            name: city.name,
            ...(city.state ? { state: city.state, stateCode: city.stateCode } : {}),
            coords: { lat: city.latitude, long: city.longitude },
            country: { code: city.countryCode, name: city.country },
          }
        : undefined,
      url: `https://www.setlist.fm/venue/${r.hex(8)}.html`,
    },
  });
  if (setlist.tour) body.tour = { name: setlist.tour };
  body.sets = {
    set: setlist.sets.map((s) => ({
      ...(s.name ? { name: s.name } : {}),
      ...(s.encore ? { encore: s.encore } : {}),
      song: s.songs.map((name) => ({ name })),
    })),
  };
  body.url = `https://www.setlist.fm/setlist/${setlist.id ?? 'unknown'}.html`;
  return body;
}

export function setlistfmApp(ctx: FakeContext): Hono {
  const app = new Hono();
  app.use('*', providerGate(ctx, 'setlistfm'));
  app.use('*', async (c, next) => {
    const key = c.req.header('x-api-key');
    if (!key || key !== ctx.credentials.setlistfmApiKey) return providerError('setlistfm', 403, 'Forbidden');
    await next();
  });

  app.get('/search/artists', (c) => {
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
  });

  app.get('/artist/:mbid', (c) => {
    const entry = ctx.catalog.setlistArtist(c.req.param('mbid'));
    if (!entry) return notFound();
    return c.json(artistJson(entry.profile));
  });

  app.get('/artist/:mbid/setlists', (c) => {
    const entry = ctx.catalog.setlistArtist(c.req.param('mbid'));
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
  });

  app.all('*', () => notFound());
  return app;
}
