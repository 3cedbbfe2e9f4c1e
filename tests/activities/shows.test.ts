// The shows activity (activities/shows.ts `importShows`) in a
// MockActivityEnvironment: no Temporal server, the real test database, and a
// stub Ticketmaster that records every page it is asked for. A retry given
// the checkpoint its previous attempt heartbeated resumes at that page, and
// stores exactly what a clean run stores.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ActivityDeps } from '../../activities';
import { createShowsActivities, type ShowsResult } from '../../activities/shows';
import { createDb, type Db } from '../../db/client';
import type { EventWindow, SetlistFmApi, SpotifyApi, TicketmasterApi, TmEvent, TmEventsPage, TmVenue } from '../../providers/types';

let db: Db;

beforeAll(() => {
  db = createDb(inject('databaseUrl'));
});

afterAll(async () => {
  await db?.$disconnect();
});

// ------------------------------------------------------------- the stub source

/** Two windows: 420 events (pages 0–2), then 230 (pages 0–1). */
const WINDOW_SIZES = [420, 230] as const;
const WINDOW_BOUNDS: Array<Pick<EventWindow, 'startDateTime' | 'endDateTime'>> = [
  { startDateTime: null, endDateTime: '2050-01-01T00:00:00Z' },
  { startDateTime: '2050-01-01T00:00:00Z', endDateTime: null },
];
const VENUES = 9;

/**
 * Every event of one attraction, each id prefixed so that two runs (two
 * artists) do not share rows. Long past in the first window, far ahead in the
 * second; some with a local date only, some with no date at all, some
 * cancelled or postponed, some without a venue.
 */
function eventsOf(prefix: string): TmEvent[][] {
  let n = 0;
  return WINDOW_SIZES.map((size, w) =>
    Array.from({ length: size }, (): TmEvent => {
      n++;
      const day = new Date(Date.UTC(w === 0 ? 2001 : 2090, 0, 1) + n * 86_400_000);
      const localDate = day.toISOString().slice(0, 10);
      const undated = n % 50 === 0;
      const venue: TmVenue | null =
        n % 17 === 0
          ? null
          : {
              id: `${prefix}-v${n % VENUES}`,
              name: `Venue ${n % VENUES}`,
              address: `${n % VENUES} Main Street`,
              city: 'Springfield',
              state: null,
              country: 'United States Of America',
              countryCode: 'US',
              postalCode: '12345',
              latitude: 40 + (n % VENUES),
              longitude: -70 - (n % VENUES),
              timezone: 'America/New_York',
            };
      return {
        id: `${prefix}-e${n}`,
        name: `Show ${n}`,
        url: `https://tickets.example/${n}`,
        startDateTime: undated || n % 7 === 0 ? null : `${localDate}T20:00:00Z`,
        localDate: undated ? null : localDate,
        localTime: undated || n % 7 === 0 ? null : '20:00:00',
        statusCode: n % 11 === 0 ? 'cancelled' : n % 13 === 0 ? 'postponed' : 'onsale',
        priceMin: n % 3 === 0 ? null : 20 + (n % 40),
        priceMax: n % 3 === 0 ? null : 60 + (n % 40),
        currency: n % 3 === 0 ? null : 'USD',
        venue,
      };
    }),
  );
}

interface StubTicketmaster extends TicketmasterApi {
  /** Pages asked for, as "window:page". */
  requests: string[];
  windowsPlanned: number;
}

/**
 * Ticketmaster for one attraction: serves `eventsOf(prefix)` page by page, the
 * way /events.json does (200 per page, an empty page past the end, one
 * malformed item dropped on the first page of each window). `failAt` makes
 * that page fail like a dropped connection.
 */
function stubTicketmaster(prefix: string, opts: { failAt?: string } = {}): StubTicketmaster {
  const events = eventsOf(prefix);
  const refuse = () => Promise.reject(new Error('not used by the shows activity'));
  const stub: StubTicketmaster = {
    requests: [],
    windowsPlanned: 0,
    getAttraction: refuse,
    searchAttractions: refuse,
    async planEventWindows() {
      stub.windowsPlanned++;
      return WINDOW_BOUNDS.map((bounds, w) => ({ ...bounds, totalElements: WINDOW_SIZES[w]! }));
    },
    async getEventsPage(params): Promise<TmEventsPage> {
      const w = WINDOW_BOUNDS.findIndex((b) => b.startDateTime === (params.startDateTime ?? null) && b.endDateTime === (params.endDateTime ?? null));
      if (w < 0) throw new Error(`no such window: ${params.startDateTime} – ${params.endDateTime}`);
      const key = `${w}:${params.page}`;
      stub.requests.push(key);
      if (key === opts.failAt) throw new Error('socket hang up');
      const all = events[w]!;
      const items = all.slice(params.page * params.size, (params.page + 1) * params.size);
      const skipped = params.page === 0 ? 1 : 0;
      return { items, skipped, page: params.page, size: params.size, totalElements: all.length + 1, totalPages: Math.ceil(all.length / params.size) };
    },
  };
  return stub;
}

const unused = () => Promise.reject(new Error('not used by the shows activity'));
const noSpotify: SpotifyApi = {
  getArtist: unused,
  searchArtist: unused,
  getArtistAlbums: unused,
  getAlbumTracks: unused,
  getTracks: unused,
  getAudioFeatures: unused,
  getAlbumsWithTracks: unused,
  getAlbumWithTracks: unused,
  getTrack: unused,
  contract: () => {
    throw new Error('not used by the shows activity');
  },
  batchEndpoints: null,
};
const noSetlistFm: SetlistFmApi = { searchArtist: unused, getArtistSetlists: unused };
/** Progress signals go nowhere: there is no workflow. */
const noTemporal = { workflow: { getHandle: () => ({ signal: async () => undefined }) } } as unknown as Client;

function depsWith(ticketmaster: TicketmasterApi): ActivityDeps {
  return { db, ticketmaster, spotify: noSpotify, setlistfm: noSetlistFm, temporal: noTemporal, logger: pino({ level: 'silent' }) };
}

// --------------------------------------------------------------------- helpers

interface Run {
  prefix: string;
  tmAttractionId: string;
  artistId: string;
}

async function newRun(): Promise<Run> {
  const prefix = `S${randomBytes(5).toString('hex')}`;
  const artist = await db.artist.create({ data: { tmAttractionId: prefix, name: prefix, slug: `shows-${prefix.toLowerCase()}` } });
  return { prefix, tmAttractionId: prefix, artistId: artist.id };
}

function environment(heartbeatDetails?: unknown) {
  const env = new MockActivityEnvironment(
    { activityType: 'importShows', heartbeatTimeoutMs: 15_000, ...(heartbeatDetails === undefined ? {} : { attempt: 2, heartbeatDetails }) },
    { logger: new DefaultLogger('ERROR') },
  );
  // What the server would keep of each heartbeat: its details, serialized then.
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(JSON.parse(JSON.stringify(details))));
  return { env, heartbeats };
}

function importShows(env: MockActivityEnvironment, ticketmaster: TicketmasterApi, run: Run): Promise<ShowsResult> {
  const { importShows: activity } = createShowsActivities(depsWith(ticketmaster));
  return env.run(activity, { artistId: run.artistId, tmAttractionId: run.tmAttractionId });
}

/** The run's shows and their venues, with the run's id prefix taken off, in event order. */
async function storedShows(run: Run) {
  const strip = (id: string) => id.slice(run.prefix.length);
  const rows = await db.show.findMany({ where: { artistId: run.artistId }, include: { venue: true } });
  return rows
    .map(({ id: _id, artistId: _a, venueId: _v, createdAt: _c, updatedAt: _u, venue, ...show }) => ({
      ...show,
      tmEventId: strip(show.tmEventId),
      venue: venue && (({ id: _vid, createdAt: _vc, updatedAt: _vu, ...v }) => ({ ...v, tmVenueId: strip(v.tmVenueId) }))(venue),
    }))
    .sort((a, b) => Number(a.tmEventId.slice(2)) - Number(b.tmEventId.slice(2)));
}

async function artistTotals(run: Run) {
  return db.artist.findUniqueOrThrow({ where: { id: run.artistId }, select: { totalShows: true, upcomingShows: true } });
}

const ALL_PAGES = ['0:0', '0:1', '0:2', '1:0', '1:1'];
const EVENTS = WINDOW_SIZES[0] + WINDOW_SIZES[1];
const UNDATED = Math.floor(EVENTS / 50);

// ----------------------------------------------------------------------- tests

describe('importShows', () => {
  let clean: { run: Run; result: ShowsResult; shows: Awaited<ReturnType<typeof storedShows>> };

  beforeAll(async () => {
    const run = await newRun();
    const ticketmaster = stubTicketmaster(run.prefix);
    const { env } = environment();
    const result = await importShows(env, ticketmaster, run);
    expect(ticketmaster.requests).toEqual(ALL_PAGES);
    clean = { run, result, shows: await storedShows(run) };
  });

  it('a clean run reads every page once and stores every dated event with its venue', () => {
    expect(clean.result).toMatchObject({
      eventsRead: EVENTS,
      eventsSkipped: UNDATED,
      malformed: WINDOW_SIZES.length,
      windows: WINDOW_SIZES.length,
      unreachable: 0,
      shows: EVENTS - UNDATED,
      venues: VENUES,
    });
    expect(clean.result.upcomingShows).toBeGreaterThan(0);
    expect(clean.shows).toHaveLength(EVENTS - UNDATED);
    const statuses = new Set(clean.shows.map((s) => s.status));
    expect([...statuses].sort()).toEqual(['cancelled', 'past', 'postponed', 'upcoming']);
    expect(clean.shows.some((s) => s.venue === null)).toBe(true);
    expect(clean.result.warnings).toEqual([
      `${UNDATED} events had no usable date and were skipped`,
      `${WINDOW_SIZES.length} malformed events from Ticketmaster were skipped`,
    ]);
  });

  it.each([
    ['in the middle of a window', '1:1', ['1:1']],
    // After a window's last page the checkpoint points at the next window: no page is asked for twice.
    ['at the start of a window', '1:0', ['1:0', '1:1']],
    ['on the first page of the first window', '0:1', ['0:1', '0:2', '1:0', '1:1']],
  ])('a retry resumes where its previous attempt failed (%s) and stores what a clean run stores', async (_case, failAt, resumedRequests) => {
    const run = await newRun();

    // The first attempt reads pages until `failAt` fails; its heartbeats are the checkpoint.
    const first = environment();
    const failing = stubTicketmaster(run.prefix, { failAt });
    await expect(importShows(first.env, failing, run)).rejects.toThrow('socket hang up');
    expect(failing.requests).toEqual(ALL_PAGES.slice(0, ALL_PAGES.indexOf(failAt) + 1));
    const checkpoint = first.heartbeats.at(-1);
    expect(checkpoint).toMatchObject({ pagesDone: ALL_PAGES.indexOf(failAt) });

    // The retry is given that checkpoint as its heartbeat details.
    const retry = environment(checkpoint);
    const ticketmaster = stubTicketmaster(run.prefix);
    const result = await importShows(retry.env, ticketmaster, run);
    expect(ticketmaster.windowsPlanned).toBe(0);
    expect(ticketmaster.requests).toEqual(resumedRequests);
    for (const page of ALL_PAGES.slice(0, ALL_PAGES.indexOf(failAt))) expect(ticketmaster.requests).not.toContain(page);

    expect(result).toEqual(clean.result);
    expect(await storedShows(run)).toEqual(clean.shows);
    expect(await artistTotals(run)).toEqual(await artistTotals(clean.run));
  });
});

describe('importShows checkpoints', () => {
  it('heartbeats its position after every page', async () => {
    const run = await newRun();
    const { env, heartbeats } = environment();
    await importShows(env, stubTicketmaster(run.prefix), run);
    const positions = heartbeats
      .map((h) => {
        const cp = h as { windowIndex: number; page: number; pagesDone: number };
        return `${cp.windowIndex}:${cp.page}/${cp.pagesDone}`;
      })
      // A slow page also heartbeats on a timer, repeating the latest checkpoint.
      .filter((p, i, all) => p !== all[i - 1]);
    // After each page: the next page to read, and how many were read.
    expect(positions).toEqual(['0:1/1', '0:2/2', '1:0/3', '1:1/4', '2:0/5']);
    const last = heartbeats.at(-1) as { eventsRead: number; windows: EventWindow[] };
    expect(last.eventsRead).toBe(EVENTS);
    expect(last.windows).toHaveLength(2);
  });
});
