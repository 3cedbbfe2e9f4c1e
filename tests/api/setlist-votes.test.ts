// What a fan sees of setlists through the API: an actual setlist from
// setlist.fm (its link, covers by name, encore) and a predicted setlist whose
// order fans' votes move (domain/setlist-prediction.ts orderByVotes).
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app';
import { createDb, type Db } from '../../db/client';
import { VOTES_PER_PLACE } from '../../domain/setlist-prediction';
import { listen, postJson, type RunningServer } from '../../harness/http';
import type { TicketmasterApi } from '../../providers/types';
import { testLogger, uniqueId } from './helpers';

let db: Db;
let connection: Connection;
let api: RunningServer;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  const unused = () => Promise.reject(new Error('not used'));
  const ticketmaster: TicketmasterApi = { searchAttractions: unused, getAttraction: unused, getEventsPage: unused, planEventWindows: unused };
  const app = createApp({ db, temporal: new Client({ connection }), taskQueue: uniqueId('votes'), ticketmaster, adminToken: 'x', logger: testLogger() });
  api = await listen(app);
}, 60_000);

afterAll(async () => {
  await api?.close();
  await connection?.close();
  await db?.$disconnect();
});

interface Served {
  items: Array<{
    type: string;
    source: string;
    url: string | null;
    tourName: string | null;
    songs: Array<{ id: string; songId: string | null; name: string; position: number; predictedPosition: number; isEncore: boolean; coverOf: string | null; votes: number }>;
  }>;
}
const served = async (showId: string) => (await (await fetch(`${api.url}/api/shows/${showId}/setlists`)).json()) as Served;

async function fixture() {
  const tm = uniqueId('Kv');
  const artist = await db.artist.create({ data: { tmAttractionId: tm, slug: `votes-${tm.toLowerCase()}`, name: 'Vote Band' } });
  const show = await db.show.create({ data: { tmEventId: uniqueId('E'), artistId: artist.id, name: 'Gig', date: new Date('2026-05-01T20:00:00Z'), status: 'past' } });
  const songs = await Promise.all(['One', 'Two', 'Three', 'Four'].map((name) => db.song.create({ data: { spotifyId: uniqueId('S'), name } })));
  return { artist, show, songs };
}

it('serves an actual setlist as played: setlist.fm link and tour, covers by name with their artist, encore', async () => {
  const { artist, show, songs } = await fixture();
  await db.setlist.create({
    data: {
      showId: show.id,
      artistId: artist.id,
      type: 'actual',
      source: 'setlist.fm',
      name: 'Setlist',
      setlistFmId: uniqueId('sfm'),
      url: 'https://www.setlist.fm/setlist/vote-band/2026/gig.html',
      tourName: 'Spring Tour',
      songs: {
        create: [
          { songId: songs[0]!.id, title: 'one', position: 1 },
          { title: 'Heroes', coverOf: 'David Bowie', position: 2 },
          { songId: songs[1]!.id, title: 'Two', position: 3, isEncore: true },
        ],
      },
    },
  });
  const [actual] = (await served(show.id)).items;
  expect(actual).toMatchObject({ type: 'actual', source: 'setlist.fm', url: 'https://www.setlist.fm/setlist/vote-band/2026/gig.html', tourName: 'Spring Tour' });
  expect(actual!.songs.map((s) => [s.position, s.name, s.songId, s.coverOf, s.isEncore])).toEqual([
    [1, 'One', songs[0]!.id, null, false],
    [2, 'Heroes', null, 'David Bowie', false],
    [3, 'Two', songs[1]!.id, null, true],
  ]);
});

it(`moves a predicted song up one place per ${VOTES_PER_PLACE} votes, never into the encore`, async () => {
  const { artist, show, songs } = await fixture();
  const setlist = await db.setlist.create({
    data: {
      showId: show.id,
      artistId: artist.id,
      type: 'predicted',
      source: 'setlist.fm history',
      name: 'Predicted setlist: Gig',
      songs: { create: songs.map((s, i) => ({ songId: s.id, title: s.name, position: i + 1, isEncore: i === 3 })) },
    },
  });
  const order = async () => (await served(show.id)).items[0]!.songs.map((s) => [s.name, s.position, s.predictedPosition, s.votes]);
  for (let v = 0; v < VOTES_PER_PLACE - 1; v++) await postJson(`${api.url}/api/setlists/${setlist.id}/songs/${songs[2]!.id}/vote`, { voterKey: `fan-${v}` });
  expect(await order()).toEqual([
    ['One', 1, 1, 0],
    ['Two', 2, 2, 0],
    ['Three', 3, 3, VOTES_PER_PLACE - 1],
    ['Four', 4, 4, 0],
  ]);
  await postJson(`${api.url}/api/setlists/${setlist.id}/songs/${songs[2]!.id}/vote`, { voterKey: 'fan-last' });
  expect(await order()).toEqual([
    ['One', 1, 1, 0],
    ['Three', 2, 3, VOTES_PER_PLACE],
    ['Two', 3, 2, 0],
    ['Four', 4, 4, 0],
  ]);
  for (let v = 0; v < 3 * VOTES_PER_PLACE; v++) await postJson(`${api.url}/api/setlists/${setlist.id}/songs/${songs[3]!.id}/vote`, { voterKey: `enc-${v}` });
  expect((await order()).at(-1)).toEqual(['Four', 4, 4, 3 * VOTES_PER_PLACE]);
});
