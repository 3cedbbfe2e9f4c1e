// Trending artists, as the hourly trending schedule last scored them.
import { createRoute, z } from '@hono/zod-openapi';
import { LISTED_ARTIST } from '../artist-lookup';
import type { AppDeps } from '../deps';
import { createRouter } from '../router';
import { errorResponses, limitSchema } from '../schemas';

export const TrendingArtistSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    imageUrl: z.string().nullable(),
    trendingScore: z.number(),
    popularity: z.number(),
    upcomingShows: z.number(),
    trendingUpdatedAt: z.string().nullable(),
  })
  .openapi('TrendingArtist');

const trendingRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Trending artists, highest score first',
  request: { query: z.object({ limit: limitSchema(100, 20) }) },
  responses: {
    200: { description: 'Trending artists', content: { 'application/json': { schema: z.object({ items: z.array(TrendingArtistSchema) }) } } },
    ...errorResponses,
  },
});

export function trendingRoutes(deps: AppDeps) {
  return createRouter().openapi(trendingRoute, async (c) => {
    const { limit } = c.req.valid('query');
    const rows = await deps.db.artist.findMany({
      // The trending run flags listed artists only; a flag older than that rule is not trusted.
      where: { isTrending: true, ...LISTED_ARTIST },
      orderBy: [{ trendingScore: 'desc' }, { id: 'asc' }],
      take: limit,
      select: {
        id: true,
        slug: true,
        name: true,
        imageUrl: true,
        trendingScore: true,
        popularity: true,
        upcomingShows: true,
        trendingUpdatedAt: true,
      },
    });
    return c.json({ items: rows.map((r) => ({ ...r, trendingUpdatedAt: r.trendingUpdatedAt?.toISOString() ?? null })) }, 200);
  });
}
