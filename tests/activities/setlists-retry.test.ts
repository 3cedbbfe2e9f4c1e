// The setlists activity (activities/setlists.ts `importSetlists`) retried
// after an attempt that stored the history and then lost its worker: the
// retry reports what the import stored — not "nothing new" because the
// setlists are in the database already — while a later import of the same
// artist (a resync) still counts only what is new to it.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { ActivityDeps } from '../../activities';
import { createSetlistActivities, type SetlistsResult } from '../../activities/setlists';
import { createDb, type Db } from '../../db/client';
import type { SetlistFmApi, SetlistFmSetlist, SpotifyApi, TicketmasterApi } from '../../providers/types';

let db: Db;
beforeAll(() => {
  db = createDb(inject('databaseUrl'));
});
afterAll(async () => {
  await db?.$disconnect();
});

const unused = () => Promise.reject(new Error('not used by the setlists activity'));
const noTemporal = { workflow: { getHandle: () => ({ signal: async () => undefined }) } } as unknown as Client;

/** setlist.fm with `count` setlists of the artist, newest first, 2 a page, at shows Ticketmaster never listed. */
function setlistFm(prefix: string, count: number): SetlistFmApi {
  const all: SetlistFmSetlist[] = Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-sl${i}`,
    eventDate: `2020-0${9 - i}-01`,
    venueName: 'Hall',
    cityName: 'Springfield',
    tourName: null,
    url: null,
    songs: [{ name: `Song ${i}`, encore: false, coverOf: null }],
    tapes: 0,
  }));
  return {
    searchArtist: unused,
    async getArtistSetlists(_mbid, page) {
      return { items: all.slice((page - 1) * 2, page * 2), skipped: 0, total: all.length, itemsPerPage: 2 };
    },
  };
}

function deps(setlistfm: SetlistFmApi): ActivityDeps {
  return {
    db,
    ticketmaster: {} as TicketmasterApi,
    spotify: {} as SpotifyApi,
    setlistfm,
    temporal: noTemporal,
    logger: pino({ level: 'silent' }),
  };
}

function environment(heartbeatDetails?: unknown) {
  const env = new MockActivityEnvironment(
    { activityType: 'importSetlists', heartbeatTimeoutMs: 15_000, ...(heartbeatDetails === undefined ? {} : { attempt: 2, heartbeatDetails }) },
    { logger: new DefaultLogger('ERROR') },
  );
  // What the server keeps of the heartbeats: their details, serialized.
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => heartbeats.push(JSON.parse(JSON.stringify(details))));
  return { env, heartbeats };
}

const counts = (r: SetlistsResult) => ({ read: r.setlistsRead, stored: r.actualStored, withoutShow: r.actualWithoutShow, warnings: r.warnings });

it('a retry after the history was stored counts it as the first attempt did; a later import counts only what is new', async () => {
  const prefix = `R${randomBytes(5).toString('hex')}`;
  const artist = await db.artist.create({ data: { tmAttractionId: prefix, name: prefix, slug: `setlists-${prefix.toLowerCase()}`, mbid: `${prefix}-mbid` } });
  const { importSetlists } = createSetlistActivities(deps(setlistFm(prefix, 5)));

  const run = (env: MockActivityEnvironment): Promise<SetlistsResult> => env.run(importSetlists, { artistId: artist.id });

  const first = environment();
  const clean = await run(first.env);
  expect(counts(clean)).toMatchObject({ read: 5, stored: 5, withoutShow: 5 });
  expect(clean.warnings).toContain('5 of 5 setlist.fm setlists matched no Ticketmaster show (same date, city or venue): kept without a show');
  expect(first.heartbeats.length).toBeGreaterThan(0);

  // The same activity again, as Temporal retries it after its worker died having stored the history.
  const retry = environment(first.heartbeats.at(-1));
  expect(counts(await run(retry.env))).toEqual(counts(clean));
  expect(await db.setlist.count({ where: { artistId: artist.id, type: 'actual' } })).toBe(5);

  // A later import of the artist (its own activity, no heartbeat): nothing new to read or count.
  const later = environment();
  expect(counts(await run(later.env))).toMatchObject({ stored: 0, withoutShow: 0 });
});
