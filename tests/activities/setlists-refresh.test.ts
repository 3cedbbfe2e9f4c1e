// Predicted setlists refreshed when new history arrives (db/setlists.ts),
// against real PostgreSQL: songs still predicted keep their entry and votes
// and move to their new place; songs no longer predicted go; new ones come;
// the same prediction twice changes nothing. And actual setlists are stored once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../db/client';
import { insertActualSetlists, refreshPredictedSetlists } from '../../db/setlists';

let db: Db;
beforeAll(() => {
  db = createDb(inject('databaseUrl'));
});
afterAll(async () => {
  await db?.$disconnect();
});

async function fixture() {
  const tag = randomUUID().slice(0, 8);
  const artist = await db.artist.create({ data: { tmAttractionId: `refresh-${tag}`, slug: `refresh-${tag}`, name: `Refresh ${tag}` } });
  const show = await db.show.create({
    data: { tmEventId: `refresh-${tag}`, artistId: artist.id, name: 'Next show', date: new Date(Date.now() + 86_400_000), status: 'upcoming' },
  });
  const songs = await Promise.all(
    ['A', 'B', 'C', 'D'].map((name) => db.song.create({ data: { spotifyId: `refresh-${tag}-${name}`, name } })),
  );
  return { artist, show, songs };
}

const entries = async (setlistId: string) =>
  (
    await db.setlistSong.findMany({
      where: { setlistId },
      orderBy: { position: 'asc' },
      select: { id: true, position: true, title: true, isEncore: true, _count: { select: { votes: true } } },
    })
  ).map((e) => ({ id: e.id, position: e.position, title: e.title, isEncore: e.isEncore, votes: e._count.votes }));

it('moves kept songs with their votes, drops the rest, adds new ones, and changes nothing the second time', async () => {
  const { artist, show, songs } = await fixture();
  const [a, b, c, d] = songs.map((s) => ({ songId: s.id, title: s.name }));
  const first = [
    { ...a!, encore: false },
    { ...b!, encore: false },
    { ...c!, encore: true },
  ];
  expect(await refreshPredictedSetlists(db, artist.id, [show], 'setlist.fm history', first)).toBe(1);
  const setlist = await db.setlist.findFirstOrThrow({ where: { showId: show.id, type: 'predicted' } });
  const before = await entries(setlist.id);
  await db.vote.create({ data: { setlistSongId: before[1]!.id, voterKey: 'fan' } }); // a vote for B

  const second = [
    { ...b!, encore: false },
    { songId: null, title: 'Heroes', encore: false },
    { ...d!, encore: false },
    { ...a!, encore: true },
  ];
  expect(await refreshPredictedSetlists(db, artist.id, [show], 'setlist.fm history', second)).toBe(0);
  const after = await entries(setlist.id);
  expect(after.map((e) => [e.position, e.title, e.isEncore, e.votes])).toEqual([
    [1, 'B', false, 1],
    [2, 'Heroes', false, 0],
    [3, 'D', false, 0],
    [4, 'A', true, 0],
  ]);
  expect(after[0]!.id).toBe(before[1]!.id); // the same entry: its votes stayed

  await refreshPredictedSetlists(db, artist.id, [show], 'setlist.fm history', second);
  expect(await entries(setlist.id)).toEqual(after);
  expect(await db.setlist.count({ where: { artistId: artist.id } })).toBe(1);
});

it('stores an actual setlist once, with its entries, and a second setlist of the same show not at all', async () => {
  const { artist, show, songs } = await fixture();
  const row = (id: string) => ({
    setlistFmId: id,
    showId: show.id,
    name: 'Setlist',
    url: `https://www.setlist.fm/setlist/${id}.html`,
    eventDate: '2026-01-01',
    venueName: 'Hall',
    cityName: 'City',
    tourName: 'Tour',
    entries: [
      { songId: songs[0]!.id, title: 'a', coverOf: null, encore: false },
      { songId: null, title: 'Heroes', coverOf: 'David Bowie', encore: false },
      { songId: songs[0]!.id, title: 'A (reprise)', coverOf: null, encore: true },
    ],
  });
  const id = randomUUID().slice(0, 8);
  expect(await insertActualSetlists(db, artist.id, [row(id)])).toEqual({ setlists: 1, entries: 3 });
  expect(await insertActualSetlists(db, artist.id, [row(id)])).toEqual({ setlists: 0, entries: 0 });
  expect(await insertActualSetlists(db, artist.id, [row(`${id}x`)])).toEqual({ setlists: 0, entries: 0 });
  const stored = await db.setlist.findUniqueOrThrow({ where: { setlistFmId: id }, include: { songs: { orderBy: { position: 'asc' } } } });
  expect(stored.songs.map((s) => [s.position, s.songId, s.title, s.coverOf, s.isEncore])).toEqual([
    [1, songs[0]!.id, 'a', null, false],
    [2, null, 'Heroes', 'David Bowie', false],
    [3, null, 'A (reprise)', null, true], // a reprise keeps its name only: one entry per song
  ]);
});
