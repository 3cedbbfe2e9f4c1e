import type { ActivityDeps } from './deps';

/** How many upcoming shows get a predicted setlist, and how it is shaped (seed 001 §5.1). */
export const PREDICTED_SHOWS = 10;
export const PREDICTED_SONGS = 15;
/** Songs after this position are the encore. */
export const ENCORE_AFTER = 12;

export interface SetlistsResult {
  created: number;
  warnings: string[];
}

/** Phase 4: a predicted setlist for each of the next upcoming shows, from the artist's most popular songs. */
export function createSetlistActivities(deps: ActivityDeps) {
  return {
    async createPredictedSetlists(input: { artistId: string }): Promise<SetlistsResult> {
      const top = await deps.db.$queryRaw<Array<{ id: string }>>`
        SELECT s."id" FROM "Song" s JOIN "ArtistSong" a ON a."songId" = s."id"
        WHERE a."artistId" = ${input.artistId}::uuid
        ORDER BY s."isRemix" ASC, s."popularity" DESC NULLS LAST, s."id" ASC
        LIMIT ${PREDICTED_SONGS}`;
      if (top.length === 0) {
        return { created: 0, warnings: ['No songs in the catalog: no predicted setlists were created'] };
      }
      const songIds = top.map((s) => s.id);
      // One statement: the setlists that do not exist yet (the unique key on
      // show + artist + type makes a re-run a no-op), and their songs.
      const [row] = await deps.db.$queryRaw<Array<{ created: number }>>`
        WITH next_shows AS (
          SELECT "id", "name" FROM "Show"
          WHERE "artistId" = ${input.artistId}::uuid AND "status" = 'upcoming'
          ORDER BY "date" ASC, "id" ASC
          LIMIT ${PREDICTED_SHOWS}
        ), created AS (
          INSERT INTO "Setlist" ("showId", "artistId", "type", "source", "name", "updatedAt")
          SELECT "id", ${input.artistId}::uuid, 'predicted', 'system', 'Predicted setlist: ' || "name", (now() AT TIME ZONE 'UTC')
          FROM next_shows
          ON CONFLICT ("showId", "artistId", "type") DO NOTHING
          RETURNING "id"
        ), songs AS (
          INSERT INTO "SetlistSong" ("setlistId", "songId", "position", "isEncore")
          SELECT c."id", t."songId", t."position"::int, t."position" > ${ENCORE_AFTER}
          FROM created c
          CROSS JOIN unnest(${songIds}::uuid[]) WITH ORDINALITY AS t("songId", "position")
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM created)::int AS created`;
      return { created: row?.created ?? 0, warnings: [] };
    },
  };
}
