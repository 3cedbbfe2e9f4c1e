// The setlists an import must store, computed from the fake providers' ground
// truth (fakes/expected.ts: what setlist.fm served, labelled with the catalog
// track each song is) — not from the database's own setlists and not with the
// activity's SQL — and the setlists an import did store, in the same shape.
//
// The prediction rule (activities/setlists.ts): one predicted setlist for each
// of the next 10 upcoming shows (date ascending, then id), all the same:
// domain/setlist-prediction.ts `predictSetlist` over the artist's setlist
// history, each song named by its catalog song (covers by their title). Songs
// are keyed by the database's primary keys so that the rule's last
// tie-breaker (the key) picks as it does in the activity: it is the one thing
// taken from the database here.
import type { Db } from '../../db/client';
import { normaliseTitle } from '../../domain/title-rules';
import { predictSetlist, RECENT_SETLISTS } from '../../domain/setlist-prediction';
import type { FakeCatalog } from '../../fakes/catalog/fake-catalog';
import type { ExpectedImport } from '../../fakes/expected';

const PREDICTED_SHOWS = 10;

export interface SetlistView {
  tmEventId: string | null;
  type: string;
  source: string;
  songs: Array<{ position: number; spotifyId: string | null; title: string; isEncore: boolean }>;
}

/** PostgreSQL orders uuids bytewise: the same order as their canonical lower-case text. */
function byUuid(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) throw new Error('a show or song of the ground truth is missing from the database');
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The predicted setlists a correct import of `expected.attractionId` stores,
 * in show order, learned from every setlist setlist.fm served.
 */
export async function expectedPredictedSetlists(db: Db, artistId: string, catalog: FakeCatalog, expected: ExpectedImport): Promise<SetlistView[]> {
  const artist = catalog.artist(expected.attractionId);
  if (!artist) throw new Error(`no fake artist ${expected.attractionId}`);
  const shows = await db.show.findMany({ where: { artistId }, select: { id: true, tmEventId: true } });
  const songs = await db.song.findMany({ where: { artists: { some: { artistId } } }, select: { id: true, spotifyId: true, name: true } });
  const showId = new Map(shows.map((s) => [s.tmEventId, s.id]));
  const songId = new Map(songs.map((s) => [s.spotifyId, s.id]));
  const bySongId = new Map(songs.map((s) => [s.id, s]));

  const next = artist.events
    .filter((e) => e.truth === 'valid' && e.upcoming && e.statusCode !== 'cancelled' && e.statusCode !== 'postponed')
    .sort((a, b) => a.startMs - b.startMs || byUuid(showId.get(a.id!), showId.get(b.id!)))
    .slice(0, PREDICTED_SHOWS);

  const titles = new Map<string, string>();
  const history = expected.setlistfm.pastSetlists.map((s) => ({
    id: s.setlistId,
    eventDate: s.eventDate,
    tourName: s.tour,
    entries: s.songs.map((x) => {
      const key = x.spotifyId ? songId.get(x.spotifyId) : `title:${normaliseTitle(x.title)}`;
      if (!key) throw new Error(`song ${x.spotifyId} of the ground truth is missing from the database`);
      if (!titles.has(key)) titles.set(key, x.title);
      return { key, encore: x.encore };
    }),
  }));
  // The 40 most recent (newest first, same date by id): what the activity reads.
  const recent = history
    .sort((a, b) => (a.eventDate < b.eventDate ? 1 : a.eventDate > b.eventDate ? -1 : a.id < b.id ? -1 : 1))
    .slice(0, RECENT_SETLISTS);
  const prediction = predictSetlist(recent);
  if (!prediction) throw new Error('the ground truth has no setlist history');
  const predicted = prediction.entries.map((e, i) => {
    const song = bySongId.get(e.key);
    return { position: i + 1, spotifyId: song?.spotifyId ?? null, title: song?.name ?? titles.get(e.key) ?? e.key, isEncore: e.encore };
  });
  return next.map((e) => ({ tmEventId: e.id!, type: 'predicted', source: 'setlist.fm history', songs: predicted }));
}

/** The artist's stored setlists of one type, ordered by show date (then show id; setlists of no show last, by date). */
export async function storedSetlists(db: Db, artistId: string, type: 'predicted' | 'actual'): Promise<SetlistView[]> {
  const setlists = await db.setlist.findMany({
    where: { artistId, type },
    include: { show: true, songs: { include: { song: true }, orderBy: { position: 'asc' } } },
  });
  const at = (s: (typeof setlists)[number]) => s.show?.date.toISOString() ?? `~${s.eventDate}`;
  return setlists
    .sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : byUuid(a.show?.id ?? a.id, b.show?.id ?? b.id)))
    .map((s) => ({
      tmEventId: s.show?.tmEventId ?? null,
      type: s.type,
      source: s.source,
      songs: s.songs.map((x) => ({ position: x.position, spotifyId: x.song?.spotifyId ?? null, title: x.song?.name ?? x.title ?? '', isEncore: x.isEncore })),
    }));
}
