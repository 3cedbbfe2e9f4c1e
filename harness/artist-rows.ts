// Everything an import of one artist left in the database, table by table,
// as comparable values: rows named by their natural keys (tmAttractionId,
// tmVenueId, tmEventId, spotifyId, show + position) with every column an
// import determines, sorted. Two imports of the same attraction from the
// same fakes must produce equal snapshots, whatever database they ran in.
//
// Left out: generated primary keys and the foreign keys that carry them
// (replaced by natural keys), and clock columns (createdAt, updatedAt, the
// *SyncedAt, importedAt and finishedAt instants, phase timings, run ids),
// which only say whether they are set.
//
// Predicted setlists break ties (two upcoming shows at the same instant, two
// songs of equal popularity) by those generated uuids (activities/setlists.ts),
// so which of two tied rows a setlist holds differs from one database to
// another. A show or song that ties with another on the rule's sort key is
// therefore named here by that key ("tie:…") instead of its id; everything
// else is compared exactly. (tests/import/expected-setlists.ts checks the
// exact choice within one database.)
import type { Db } from '../db/client';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const byKey = <T>(rows: T[], key: (r: T) => string): T[] => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

export async function artistRows(db: Db, tmAttractionId: string) {
  const artist = await db.artist.findUniqueOrThrow({ where: { tmAttractionId } });
  const artistId = artist.id;
  const shows = await db.show.findMany({ where: { artistId }, include: { venue: true } });
  const venues = await db.venue.findMany({ where: { shows: { some: { artistId } } } });
  const links = await db.artistSong.findMany({ where: { artistId }, include: { song: true } });
  const setlists = await db.setlist.findMany({ where: { artistId }, include: { show: true, songs: { include: { song: true, votes: true } } } });
  const runs = await db.importRun.findMany({ where: { artistId } });

  // Tie classes of the setlist rule's sort keys.
  const count = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const showSortKey = (s: { date: Date }) => `tie:date=${s.date.toISOString()}`;
  const songSortKey = (s: { isRemix: boolean; popularity: number | null }) => `tie:remix=${s.isRemix},popularity=${s.popularity}`;
  const showTies = count(shows.filter((s) => s.status === 'upcoming').map(showSortKey));
  const songTies = count(links.map((l) => songSortKey(l.song)));
  const showName = (s: { tmEventId: string; date: Date } | null) =>
    s === null ? 'no show' : (showTies.get(showSortKey(s)) ?? 0) > 1 ? showSortKey(s) : s.tmEventId;
  const songName = (s: { spotifyId: string; isRemix: boolean; popularity: number | null }) =>
    (songTies.get(songSortKey(s)) ?? 0) > 1 ? songSortKey(s) : s.spotifyId;

  const { id: _id, createdAt, updatedAt, importedAt, lastSyncedAt, showsSyncedAt, catalogSyncedAt, trendingUpdatedAt, ...artistColumns } = artist;
  return {
    Artist: {
      ...artistColumns,
      set: {
        createdAt: createdAt !== null,
        updatedAt: updatedAt !== null,
        importedAt: importedAt !== null,
        lastSyncedAt: lastSyncedAt !== null,
        showsSyncedAt: showsSyncedAt !== null,
        catalogSyncedAt: catalogSyncedAt !== null,
        trendingUpdatedAt: trendingUpdatedAt !== null,
      },
    },
    Venue: byKey(
      venues.map(({ id: _v, createdAt: _c, updatedAt: _u, ...v }) => v),
      (v) => v.tmVenueId,
    ),
    Show: byKey(
      shows.map(({ id: _s, artistId: _a, venueId: _v, createdAt: _c, updatedAt: _u, venue, date, ...s }) => ({
        ...s,
        date: iso(date),
        venue: venue?.tmVenueId ?? null,
      })),
      (s) => s.tmEventId,
    ),
    Song: byKey(
      links.map(({ song: { id: _s, createdAt: _c, updatedAt: _u, ...song } }) => song),
      (s) => s.spotifyId,
    ),
    ArtistSong: links.map((l) => `${tmAttractionId} ${l.song.spotifyId}`).sort(),
    Setlist: byKey(
      setlists.map((s) => {
        const show = showName(s.show);
        return {
          show,
          type: s.type,
          source: s.source,
          name: s.type === 'actual' || show === s.show?.tmEventId ? s.name : `Predicted setlist: (${show})`,
          setlistFmId: s.setlistFmId,
          url: s.url,
        };
      }),
      (s) => `${s.show} ${s.type} ${s.setlistFmId ?? ''}`,
    ),
    SetlistSong: byKey(
      setlists.flatMap((s) =>
        s.songs.map((x) => ({
          show: showName(s.show),
          setlistFmId: s.setlistFmId,
          type: s.type,
          position: x.position,
          isEncore: x.isEncore,
          song: x.song ? songName(x.song) : null,
          title: x.title,
          coverOf: x.coverOf,
        })),
      ),
      (x) => `${x.show} ${x.type} ${x.setlistFmId ?? ''} ${String(x.position).padStart(3, '0')}`,
    ),
    Vote: setlists
      .flatMap((s) => s.songs.flatMap((x) => x.votes.map((v) => `${showName(s.show)} ${x.position} ${v.voterKey}`)))
      .sort(),
    ImportRun: byKey(
      runs.map((r) => ({
        workflowId: r.workflowId,
        status: r.status,
        phase: r.phase,
        counts: r.counts,
        filters: r.filters,
        // Shows and catalog run side by side: which adds its warnings first is not part of the outcome.
        warnings: Array.isArray(r.warnings) ? r.warnings.map(String).sort() : r.warnings,
        errorPhase: r.errorPhase,
        errorMessage: r.errorMessage,
        phasesTimed: Object.keys(r.timings as object).sort(),
        finished: r.finishedAt !== null,
      })),
      (r) => `${r.status} ${JSON.stringify(r.counts)}`,
    ),
  };
}
