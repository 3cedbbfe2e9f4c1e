// Setlist reads and bulk writes: actual setlists from setlist.fm with their
// entries in one statement, predicted setlists refreshed in a handful of
// statements for all upcoming shows at once (never one per row).
import { normaliseTitle } from '../domain/title-rules';
import type { PlayedSetlist } from '../domain/setlist-prediction';
import type { Db } from './client';

export interface ActualSetlistRow {
  setlistFmId: string;
  showId: string | null;
  name: string;
  url: string | null;
  eventDate: string;
  venueName: string | null;
  cityName: string | null;
  tourName: string | null;
  entries: Array<{ songId: string | null; title: string; coverOf: string | null; encore: boolean }>;
}

/**
 * Inserts setlists setlist.fm has not given before, with their entries, in
 * one statement (a crash cannot leave a setlist without its songs); a setlist
 * already stored, or a second one for the same show, is left alone.
 * Returns how many setlists and entries were added.
 */
export async function insertActualSetlists(db: Db, artistId: string, rows: ActualSetlistRow[]): Promise<{ setlists: number; entries: number }> {
  if (rows.length === 0) return { setlists: 0, entries: 0 };
  const col = <K extends keyof ActualSetlistRow>(k: K) => rows.map((r) => r[k]);
  const entries = rows.flatMap((r) => {
    // A catalog song played twice (a reprise) keeps its second entry by name only: one entry per song and setlist.
    const seen = new Set<string>();
    return r.entries.map((e, i) => {
      const songId = e.songId && !seen.has(e.songId) ? e.songId : null;
      if (songId) seen.add(songId);
      return { fmId: r.setlistFmId, position: i + 1, songId, title: e.title, coverOf: e.coverOf, encore: e.encore };
    });
  });
  const e = <K extends keyof (typeof entries)[number]>(k: K) => entries.map((x) => x[k]);
  const [row] = await db.$queryRaw<Array<{ setlists: number; entries: number }>>`
    WITH created AS (
      INSERT INTO "Setlist" ("showId", "artistId", "type", "source", "name", "setlistFmId", "url", "eventDate",
                             "venueName", "cityName", "tourName", "updatedAt")
      SELECT s."showId", ${artistId}::uuid, 'actual', 'setlist.fm', s."name", s."fmId", s."url", s."eventDate",
             s."venueName", s."cityName", s."tourName", (now() AT TIME ZONE 'UTC')
      FROM unnest(${col('showId')}::uuid[], ${col('name')}::text[], ${col('setlistFmId')}::text[], ${col('url')}::text[],
                  ${col('eventDate')}::text[], ${col('venueName')}::text[], ${col('cityName')}::text[], ${col('tourName')}::text[])
        AS s("showId", "name", "fmId", "url", "eventDate", "venueName", "cityName", "tourName")
      ON CONFLICT DO NOTHING
      RETURNING "id", "setlistFmId"
    ), songs AS (
      INSERT INTO "SetlistSong" ("setlistId", "songId", "title", "coverOf", "position", "isEncore")
      SELECT c."id", e."songId", e."title", e."coverOf", e."position", e."encore"
      FROM unnest(${e('fmId')}::text[], ${e('position')}::int[], ${e('songId')}::uuid[], ${e('title')}::text[],
                  ${e('coverOf')}::text[], ${e('encore')}::bool[]) AS e("fmId", "position", "songId", "title", "coverOf", "encore")
      JOIN created c ON c."setlistFmId" = e."fmId"
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM created)::int AS setlists, (SELECT count(*) FROM songs)::int AS entries`;
  return row ?? { setlists: 0, entries: 0 };
}

/** The artist's stored actual setlists as the predictor sees them (newest first, at most `limit`). */
export async function playedSetlists(db: Db, artistId: string, limit: number): Promise<PlayedSetlist[]> {
  const setlists = await db.setlist.findMany({
    where: { artistId, type: 'actual', eventDate: { not: null } },
    orderBy: [{ eventDate: 'desc' }, { setlistFmId: 'asc' }],
    take: limit,
    select: { setlistFmId: true, id: true, eventDate: true, tourName: true, songs: { orderBy: { position: 'asc' }, select: { songId: true, title: true, isEncore: true } } },
  });
  return setlists.map((s) => ({
    id: s.setlistFmId ?? s.id,
    eventDate: s.eventDate ?? '',
    tourName: s.tourName,
    entries: s.songs.map((x) => ({ key: songKey(x.songId, x.title), encore: x.isEncore })),
  }));
}

/** A setlist entry's identity: its catalog song, else its normalised title. */
export function songKey(songId: string | null, title: string | null): string {
  return songId ?? `title:${normaliseTitle(title ?? '')}`;
}

export interface PredictedEntryRow {
  songId: string | null;
  title: string;
  encore: boolean;
}

/**
 * Makes the predicted setlist of each show `entries`, in that order: the
 * setlist row is upserted (source and name updated), entries no longer
 * predicted are removed (their votes with them), kept entries move to their
 * new place with their votes, new ones are added. Statements, not rows: the
 * same five whatever the number of shows and songs. Returns how many
 * predicted setlists did not exist before.
 */
export async function refreshPredictedSetlists(
  db: Db,
  artistId: string,
  shows: Array<{ id: string; name: string }>,
  source: string,
  entries: PredictedEntryRow[],
): Promise<number> {
  if (shows.length === 0 || entries.length === 0) return 0;
  const showIds = shows.map((s) => s.id);
  const names = shows.map((s) => `Predicted setlist: ${s.name}`);
  const songIds = entries.map((e) => e.songId);
  const titles = entries.map((e) => e.title);
  const encores = entries.map((e) => e.encore);
  const positions = entries.map((_, i) => i + 1);
  return db.$transaction(async (tx) => {
    const setlists = await tx.$queryRaw<Array<{ id: string; created: boolean }>>`
      INSERT INTO "Setlist" ("showId", "artistId", "type", "source", "name", "updatedAt")
      SELECT s."showId", ${artistId}::uuid, 'predicted', ${source}, s."name", (now() AT TIME ZONE 'UTC')
      FROM unnest(${showIds}::uuid[], ${names}::text[]) AS s("showId", "name")
      ON CONFLICT ("showId", "artistId", "type") DO UPDATE SET "source" = EXCLUDED."source", "name" = EXCLUDED."name",
        "updatedAt" = (now() AT TIME ZONE 'UTC')
        WHERE "Setlist"."source" IS DISTINCT FROM EXCLUDED."source" OR "Setlist"."name" IS DISTINCT FROM EXCLUDED."name"
      RETURNING "id", (xmax = 0) AS "created"`;
    // Rows the upsert left untouched are not returned: read every id.
    const ids = (
      await tx.setlist.findMany({ where: { artistId, type: 'predicted', showId: { in: showIds } }, select: { id: true } })
    ).map((s) => s.id);
    await tx.$executeRaw`
      DELETE FROM "SetlistSong" ss WHERE ss."setlistId" = ANY(${ids}::uuid[])
        AND NOT EXISTS (SELECT 1 FROM unnest(${songIds}::uuid[], ${titles}::text[]) AS p("songId", "title")
                        WHERE (ss."songId" IS NOT NULL AND ss."songId" = p."songId")
                           OR (ss."songId" IS NULL AND p."songId" IS NULL AND ss."title" = p."title"))`;
    // Out of the way first, so no two entries of a setlist ever hold one position.
    await tx.$executeRaw`UPDATE "SetlistSong" SET "position" = "position" + 100000 WHERE "setlistId" = ANY(${ids}::uuid[])`;
    await tx.$executeRaw`
      UPDATE "SetlistSong" ss SET "position" = p."position", "isEncore" = p."encore", "title" = p."title"
      FROM unnest(${songIds}::uuid[], ${titles}::text[], ${encores}::bool[], ${positions}::int[]) AS p("songId", "title", "encore", "position")
      WHERE ss."setlistId" = ANY(${ids}::uuid[])
        AND ((ss."songId" IS NOT NULL AND ss."songId" = p."songId") OR (ss."songId" IS NULL AND p."songId" IS NULL AND ss."title" = p."title"))`;
    await tx.$executeRaw`
      INSERT INTO "SetlistSong" ("setlistId", "songId", "title", "position", "isEncore")
      SELECT s."id", p."songId", p."title", p."position", p."encore"
      FROM unnest(${ids}::uuid[]) AS s("id")
      CROSS JOIN unnest(${songIds}::uuid[], ${titles}::text[], ${encores}::bool[], ${positions}::int[]) AS p("songId", "title", "encore", "position")
      WHERE NOT EXISTS (SELECT 1 FROM "SetlistSong" ss WHERE ss."setlistId" = s."id" AND ss."position" = p."position")`;
    return setlists.filter((s) => s.created).length;
  });
}
