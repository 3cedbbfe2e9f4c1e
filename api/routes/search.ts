// Artist search: Ticketmaster attractions, each flagged when it is already imported here.
import { createRoute, z } from '@hono/zod-openapi';
import { utcClockTime } from '../../domain/provider-quota';
import { ProviderError } from '../../providers/errors';
import type { TmAttraction, Validated } from '../../providers/types';
import { isPublicArtist } from '../artist-lookup';
import type { AppDeps } from '../deps';
import { ApiError } from '../errors';
import { createRouter } from '../router';
import { cachedAttractionSearch } from '../search-cache';
import { ArtistImportStatusSchema, errorResponses, limitSchema, typeError } from '../schemas';

export const SearchResultSchema = z
  .object({
    tmAttractionId: z.string(),
    name: z.string(),
    imageUrl: z.string().nullable(),
    genres: z.array(z.string()),
    upcomingEvents: z.number().nullable(),
    imported: z.boolean(),
    artistId: z.string().nullable(),
    slug: z.string().nullable(),
    importStatus: ArtistImportStatusSchema.nullable(),
  })
  .openapi('SearchResult');

export const SearchResponseSchema = z.object({ items: z.array(SearchResultSchema), skipped: z.number() }).openapi('SearchResponse');

const searchRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Search Ticketmaster attractions',
  description: 'Ticketmaster answers are cached for a minute per query, so search as you type does not spend the daily quota.',
  request: {
    query: z.object({
      q: z
        .string(typeError('must be a string'))
        .trim()
        .min(1, { error: 'must not be empty' })
        .max(100, { error: 'must be at most 100 characters' })
        .openapi({ example: 'radiohead' }),
      limit: limitSchema(50, 20),
    }),
  },
  responses: {
    200: {
      description: 'Matching attractions',
      content: { 'application/json': { schema: SearchResponseSchema } },
    },
    502: { description: 'Ticketmaster did not answer', content: { 'application/json': { schema: z.object({ error: z.string(), message: z.string() }) } } },
    ...errorResponses,
  },
});

/** The largest image: what an artist card shows. */
function bestImage(attraction: TmAttraction): string | null {
  const [best] = [...attraction.images].sort((a, b) => (b.width ?? 0) - (a.width ?? 0));
  return best?.url ?? null;
}

export function searchRoutes(deps: AppDeps) {
  const searchAttractions = cachedAttractionSearch(deps.ticketmaster, deps.searchCacheTtlMs);
  return createRouter().openapi(searchRoute, async (c) => {
    const { q, limit } = c.req.valid('query');
    let found: Validated<TmAttraction>;
    try {
      found = await searchAttractions(q, limit);
    } catch (err) {
      deps.logger.warn({ err, q }, 'ticketmaster search failed');
      // The quota every worker and API process shares: nothing was sent, and the fan can be told until when.
      if (err instanceof ProviderError && err.kind === 'quota' && err.quotaResetsAt !== null) {
        throw new ApiError(502, 'upstream_unavailable', `Ticketmaster's request quota is spent until ${utcClockTime(err.quotaResetsAt)}; search again then.`);
      }
      throw new ApiError(502, 'upstream_unavailable', 'Ticketmaster search is unavailable right now; try again shortly.');
    }
    const ids = found.items.map((a) => a.id);
    const known = await deps.db.artist.findMany({
      where: { tmAttractionId: { in: ids } },
      select: { id: true, slug: true, tmAttractionId: true, importStatus: true, importedAt: true, lastSyncedAt: true },
    });
    // A shell whose import never found the artist is not an artist of this site.
    const byAttraction = new Map(known.filter(isPublicArtist).map((a) => [a.tmAttractionId, a]));
    const items = found.items.map((a) => {
      const artist = byAttraction.get(a.id);
      return {
        tmAttractionId: a.id,
        name: a.name,
        imageUrl: bestImage(a),
        genres: a.genres,
        upcomingEvents: a.upcomingEvents,
        imported: artist !== undefined,
        artistId: artist?.id ?? null,
        slug: artist?.slug ?? null,
        importStatus: artist?.importStatus ?? null,
      };
    });
    return c.json({ items, skipped: found.skipped }, 200);
  });
}
