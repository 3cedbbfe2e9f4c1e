// What a fan sees of an artist's setlists through the API, next to the fake
// setlist.fm's ground truth: the actual setlist of each past show, and the
// predicted setlists of the next shows scored against what the current tour
// plays there (held out by the fakes, never served).
import type { Db } from '../../db/client';
import { normaliseTitle } from '../../domain/title-rules';
import { overlap } from '../../domain/setlist-prediction';
import type { ExpectedImport, ExpectedSetlistSong } from '../../fakes/expected';

export interface ServedSetlist {
  id: string;
  type: 'predicted' | 'actual';
  source: string;
  url: string | null;
  songs: Array<{ id: string; songId: string | null; position: number; isEncore: boolean; name: string; coverOf: string | null; votes: number }>;
}

export async function servedSetlists(apiUrl: string, showId: string): Promise<ServedSetlist[]> {
  const res = await fetch(`${apiUrl}/api/shows/${showId}/setlists`);
  if (res.status !== 200) throw new Error(`GET /api/shows/${showId}/setlists answered ${res.status}`);
  return ((await res.json()) as { items: ServedSetlist[] }).items;
}

/** A served entry as the ground truth names songs: catalog songs by Spotify id, others by title. */
export function entryKey(entry: { songId: string | null; name: string }, spotifyIdOf: Map<string, string>): string {
  return entry.songId ? `spotify:${spotifyIdOf.get(entry.songId)}` : `title:${normaliseTitle(entry.name)}`;
}
export const truthKey = (song: ExpectedSetlistSong) => (song.spotifyId ? `spotify:${song.spotifyId}` : `title:${normaliseTitle(song.title)}`);

export async function spotifyIds(db: Db, artistId: string): Promise<Map<string, string>> {
  const songs = await db.song.findMany({ where: { artists: { some: { artistId } } }, select: { id: true, spotifyId: true } });
  return new Map(songs.map((s) => [s.id, s.spotifyId]));
}

/**
 * The past shows with a setlist.fm setlist, each with what the API serves as
 * its actual setlist compared to the truth: same setlist.fm page, the same
 * songs in the same order (catalog songs matched, covers by name and original
 * artist), the same encore.
 */
export async function actualSetlistReport(apiUrl: string, db: Db, artistId: string, expected: ExpectedImport) {
  const ids = await spotifyIds(db, artistId);
  const shows = new Map(
    (await db.show.findMany({ where: { artistId }, select: { id: true, tmEventId: true } })).map((s) => [s.tmEventId, s.id]),
  );
  const results: Array<{ setlistId: string; carried: boolean; exact: boolean }> = [];
  for (const truth of expected.setlistfm.pastSetlists) {
    if (truth.tmEventId === null) continue;
    const showId = shows.get(truth.tmEventId);
    const actual = showId ? (await servedSetlists(apiUrl, showId)).filter((s) => s.type === 'actual') : [];
    const served = actual[0];
    const want = truth.songs.map((s) => ({ key: truthKey(s), coverOf: s.coverOf, encore: s.encore }));
    const got = served?.songs.map((s) => ({ key: entryKey(s, ids), coverOf: s.coverOf, encore: s.isEncore })) ?? [];
    results.push({
      setlistId: truth.setlistId,
      carried: actual.length === 1,
      exact: actual.length === 1 && served?.url === truth.url && served.source === 'setlist.fm' && JSON.stringify(got) === JSON.stringify(want),
    });
  }
  return results;
}

/** Recall and precision of the predicted setlists of the next `n` upcoming shows against what the current tour plays there. */
export async function predictionReport(apiUrl: string, db: Db, artistId: string, expected: ExpectedImport, n: number) {
  const ids = await spotifyIds(db, artistId);
  const next = await db.show.findMany({
    where: { artistId, status: 'upcoming' },
    orderBy: [{ date: 'asc' }, { id: 'asc' }],
    take: n,
    select: { id: true, tmEventId: true },
  });
  return Promise.all(
    next.map(async (show) => {
      const truth = expected.setlistfm.upcoming.find((u) => u.tmEventId === show.tmEventId);
      if (!truth) throw new Error(`no ground truth for upcoming show ${show.tmEventId}`);
      const predicted = (await servedSetlists(apiUrl, show.id)).filter((s) => s.type === 'predicted');
      const keys = predicted[0]?.songs.map((s) => entryKey(s, ids)) ?? [];
      return {
        tmEventId: show.tmEventId,
        setlists: predicted.length,
        source: predicted[0]?.source ?? null,
        ...overlap(keys, truth.songs.map(truthKey)),
        missingCore: truth.coreSpotifyIds.filter((id) => !keys.includes(`spotify:${id}`)),
      };
    }),
  );
}
