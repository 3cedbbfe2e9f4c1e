import { TRENDING, type TrendingResult } from '../domain/scheduled-workflows';
import type { ActivityDeps } from './deps';

const [WEEK, MONTH] = TRENDING.activeBonus;

/**
 * Scores every artist in ONE statement (see TRENDING in
 * domain/scheduled-workflows.ts for each term's definition): the scores, the
 * isTrending flags and the scoring time are written for all artists at once,
 * and the statement returns the top of the list. No per-artist round trip.
 */
export function createTrendingActivities(deps: ActivityDeps) {
  return {
    async scoreTrendingArtists(): Promise<TrendingResult> {
      const rows = await deps.db.$queryRaw<
        Array<{ id: string; name: string; score: number; scored: number; trending: number; scoredAt: Date }>
      >`
        WITH clock AS (SELECT (now() AT TIME ZONE 'UTC') AS now),
        votes AS (
          SELECT sl."artistId",
                 count(*) FILTER (WHERE v."createdAt" >= clock.now - make_interval(days => ${TRENDING.recentVotesDays}::int)) AS recent,
                 max(v."createdAt") AS "lastVote"
          FROM "Vote" v
          JOIN "SetlistSong" ss ON ss."id" = v."setlistSongId"
          JOIN "Setlist" sl ON sl."id" = ss."setlistId"
          CROSS JOIN clock
          GROUP BY sl."artistId"
        ),
        upcoming AS (
          SELECT s."artistId", count(*) AS n
          FROM "Show" s CROSS JOIN clock
          WHERE s."status" = 'upcoming' AND s."date" >= clock.now
          GROUP BY s."artistId"
        ),
        scored AS (
          SELECT a."id",
                 ( COALESCE(v.recent, 0) * ${TRENDING.voteWeight}::int
                 + COALESCE(u.n, 0) * ${TRENDING.upcomingShowWeight}::int
                 + COALESCE(a."popularity", 0) * ${TRENDING.popularityWeight}::int
                 + LEAST(COALESCE(a."followers", 0)::float8 / ${TRENDING.followersPerPoint}::float8, ${TRENDING.followersCap}::float8)
                 + COALESCE(a."viewCount", 0) * ${TRENDING.viewWeight}::int
                 + CASE
                     WHEN GREATEST(v."lastVote", a."lastViewedAt", a."createdAt") >= clock.now - make_interval(days => ${WEEK.withinDays}::int) THEN ${WEEK.points}::int
                     WHEN GREATEST(v."lastVote", a."lastViewedAt", a."createdAt") >= clock.now - make_interval(days => ${MONTH.withinDays}::int) THEN ${MONTH.points}::int
                     ELSE 0
                   END
                 )::float8 AS score,
                 -- Listed only once an import has completed: a shell of an attraction Ticketmaster
                 -- does not know (or whose imports all failed) is scored but never trending.
                 a."importedAt" IS NOT NULL AS listed
          FROM "Artist" a
          CROSS JOIN clock
          LEFT JOIN votes v ON v."artistId" = a."id"
          LEFT JOIN upcoming u ON u."artistId" = a."id"
        ),
        updated AS (
          UPDATE "Artist" a
          SET "trendingScore" = s.score, "isTrending" = s.listed AND s.score > ${TRENDING.threshold}::float8, "trendingUpdatedAt" = clock.now
          FROM scored s CROSS JOIN clock
          WHERE a."id" = s."id"
          RETURNING a."id", a."name", a."trendingScore", a."isTrending", a."trendingUpdatedAt", s.listed
        ),
        totals AS (
          SELECT count(*)::int AS scored, (count(*) FILTER (WHERE "isTrending"))::int AS trending FROM updated
        )
        SELECT t.scored, t.trending, c.now AS "scoredAt", top."id", top."name", top."trendingScore" AS score
        FROM totals t CROSS JOIN clock c
        LEFT JOIN LATERAL (
          SELECT "id", "name", "trendingScore" FROM updated WHERE listed ORDER BY "trendingScore" DESC, "id" ASC LIMIT ${TRENDING.topListSize}::int
        ) top ON true
        ORDER BY top."trendingScore" DESC NULLS LAST, top."id" ASC`;
      const first = rows[0];
      const result: TrendingResult = {
        scoredAt: (first?.scoredAt ?? new Date()).toISOString(),
        artistsScored: first?.scored ?? 0,
        trendingCount: first?.trending ?? 0,
        top: rows.filter((r) => r.id !== null).map((r) => ({ artistId: r.id, name: r.name, score: Number(r.score) })),
      };
      deps.logger.info({ scored: result.artistsScored, trending: result.trendingCount }, 'trending scores computed');
      return result;
    },
  };
}
