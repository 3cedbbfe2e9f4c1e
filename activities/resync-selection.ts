import { RESYNC_ACTIVE, type ResyncTarget } from '../domain/scheduled-workflows';
import type { ActivityDeps } from './deps';

type Row = { artistId: string; tmAttractionId: string; name: string; trendingScore: number };
const toTarget = (r: Row): ResyncTarget => ({ ...r, trendingScore: Number(r.trendingScore) });

/** Which artists the scheduled resyncs re-import (one query each). */
export function createResyncSelectionActivities(deps: ActivityDeps) {
  return {
    /**
     * SPEC "Schedules", resync-active: artists with an upcoming show (status
     * upcoming, dated now or later), or popularity ≥ 70, or ≥ 100 page views;
     * not synced for 24 h (never synced counts as not synced); the top 50 by
     * trending score (ties: id).
     */
    async selectActiveArtists(): Promise<ResyncTarget[]> {
      const rows = await deps.db.$queryRaw<Row[]>`
        SELECT a."id" AS "artistId", a."tmAttractionId", a."name", a."trendingScore"
        FROM "Artist" a
        WHERE ( EXISTS (SELECT 1 FROM "Show" s
                        WHERE s."artistId" = a."id" AND s."status" = 'upcoming' AND s."date" >= (now() AT TIME ZONE 'UTC'))
             OR COALESCE(a."popularity", 0) >= ${RESYNC_ACTIVE.minPopularity}::int
             OR a."viewCount" >= ${RESYNC_ACTIVE.minViews}::int )
          AND ( a."lastSyncedAt" IS NULL
             OR a."lastSyncedAt" < (now() AT TIME ZONE 'UTC') - make_interval(hours => ${RESYNC_ACTIVE.staleHours}::int) )
        ORDER BY a."trendingScore" DESC, a."id" ASC
        LIMIT ${RESYNC_ACTIVE.limit}::int`;
      return rows.map(toTarget);
    },

    /**
     * One page of the trending artists (isTrending), by id after `afterId`.
     * Paged by id, not by score: the hourly trending run may rescore artists
     * while a deep resync is under way, and a score cursor would then skip or
     * repeat them; an id cursor visits each artist at most once.
     */
    async selectTrendingArtists(input: { afterId: string | null; limit: number }): Promise<ResyncTarget[]> {
      const rows = input.afterId
        ? await deps.db.$queryRaw<Row[]>`
            SELECT "id" AS "artistId", "tmAttractionId", "name", "trendingScore" FROM "Artist"
            WHERE "isTrending" AND "id" > ${input.afterId}::uuid
            ORDER BY "id" ASC LIMIT ${input.limit}::int`
        : await deps.db.$queryRaw<Row[]>`
            SELECT "id" AS "artistId", "tmAttractionId", "name", "trendingScore" FROM "Artist"
            WHERE "isTrending"
            ORDER BY "id" ASC LIMIT ${input.limit}::int`;
      return rows.map(toTarget);
    },
  };
}
