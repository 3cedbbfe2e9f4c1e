// The predicted setlists an import must create, computed from the fake
// providers' ground truth — not from the database's own shows and songs, and
// not with the activity's SQL — and the setlists an import did create, in the
// same shape.
//
// The rule (seed 001 §5.1, activities/setlists.ts): one setlist for each of
// the next 10 upcoming shows (date ascending, then id); each lists the
// artist's 15 top songs (non-remixes first, then popularity descending, then
// id), positions 1–15, the last three (13–15) the encore. "id" is the row's
// primary key, a random uuid PostgreSQL generated: it only breaks ties of
// date or popularity, and it is the one thing taken from the database here.
import type { Db } from '../../db/client';
import type { FakeCatalog } from '../../fakes/catalog/fake-catalog';
import type { ExpectedImport } from '../../fakes/expected';

const PREDICTED_SHOWS = 10;
const PREDICTED_SONGS = 15;
const ENCORE_AFTER = 12;

export interface SetlistView {
  tmEventId: string;
  type: string;
  source: string;
  name: string;
  songs: Array<{ position: number; spotifyId: string; isEncore: boolean }>;
}

/** Primary keys of the artist's shows and songs by natural key: the rule's last tie-breaker. */
async function rowIds(db: Db, artistId: string) {
  const shows = await db.show.findMany({ where: { artistId }, select: { id: true, tmEventId: true } });
  const songs = await db.song.findMany({ where: { artists: { some: { artistId } } }, select: { id: true, spotifyId: true } });
  return {
    show: new Map(shows.map((s) => [s.tmEventId, s.id])),
    song: new Map(songs.map((s) => [s.spotifyId, s.id])),
  };
}

/** PostgreSQL orders uuids bytewise: the same order as their canonical lower-case text. */
function byUuid(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) throw new Error('a show or song of the ground truth is missing from the database');
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The setlists a correct import of `tmAttractionId` creates, in show order.
 * `catalog` and `expected` are those of the fakes the import read from
 * (sys.fakes.catalog, sys.fakes.expected(…)).
 */
export async function expectedSetlists(db: Db, artistId: string, catalog: FakeCatalog, expected: ExpectedImport): Promise<SetlistView[]> {
  const artist = catalog.artist(expected.attractionId);
  if (!artist) throw new Error(`no fake artist ${expected.attractionId}`);
  const ids = await rowIds(db, artistId);

  // Upcoming and still on: not cancelled, not postponed (a rescheduled show has its new date).
  // "Upcoming" in the fake is relative to today's midnight; it keeps every event at least a day
  // away from it, so the import's "now" draws the same line.
  const shows = artist.events
    .filter((e) => e.truth === 'valid' && e.upcoming && e.statusCode !== 'cancelled' && e.statusCode !== 'postponed')
    .sort((a, b) => a.startMs - b.startMs || byUuid(ids.show.get(a.id!), ids.show.get(b.id!)))
    .slice(0, PREDICTED_SHOWS);

  const remixes = new Set(expected.spotify.remixTrackIds);
  const songs = expected.spotify.trackIds
    .map((id) => {
      const entry = catalog.track(id);
      if (!entry) throw new Error(`no fake track ${id}`);
      return { spotifyId: id, popularity: entry.track.popularity, isRemix: remixes.has(id) };
    })
    .sort((a, b) => Number(a.isRemix) - Number(b.isRemix) || b.popularity - a.popularity || byUuid(ids.song.get(a.spotifyId), ids.song.get(b.spotifyId)))
    .slice(0, PREDICTED_SONGS);

  if (songs.length === 0) return [];
  return shows.map((e) => ({
    tmEventId: e.id!,
    type: 'predicted',
    source: 'system',
    name: `Predicted setlist: ${e.name}`,
    songs: songs.map((s, i) => ({ position: i + 1, spotifyId: s.spotifyId, isEncore: i + 1 > ENCORE_AFTER })),
  }));
}

/** The artist's stored setlists, ordered like expectedSetlists (show date, then show id). */
export async function storedSetlists(db: Db, artistId: string): Promise<SetlistView[]> {
  const setlists = await db.setlist.findMany({
    where: { artistId },
    include: { show: true, songs: { include: { song: true }, orderBy: { position: 'asc' } } },
  });
  return setlists
    .sort((a, b) => a.show.date.getTime() - b.show.date.getTime() || byUuid(a.show.id, b.show.id))
    .map((s) => ({
      tmEventId: s.show.tmEventId,
      type: s.type,
      source: s.source,
      name: s.name,
      songs: s.songs.map((x) => ({ position: x.position, spotifyId: x.song.spotifyId, isEncore: x.isEncore })),
    }));
}
