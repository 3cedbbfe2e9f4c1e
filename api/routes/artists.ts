// Artist pages: the artist, its studio songs, its shows.
import { createRoute, z } from '@hono/zod-openapi';
import type { ImportRun, Prisma } from '../../generated/prisma/client';
import { readStoredRun } from '../../domain/progress-record';
import { requirePublicArtist } from '../artist-lookup';
import { decodeShowCursor, decodeSongCursor, encodeShowCursor, encodeSongCursor } from '../cursor';
import type { AppDeps } from '../deps';
import { invalidRequest } from '../errors';
import { createRouter } from '../router';
import {
  ArtistImportStatusSchema,
  ArtistRefParam,
  errorResponses,
  ImportCountsSchema,
  ImportErrorSchema,
  limitSchema,
  listResponse,
} from '../schemas';

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 50;

const ImageSchema = z.object({ url: z.string(), width: z.number().nullable(), height: z.number().nullable() });
const ImagesSchema = z.array(ImageSchema);

const ImportSummarySchema = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    status: ArtistImportStatusSchema,
    phase: z.string(),
    error: ImportErrorSchema.nullable(),
    counts: ImportCountsSchema,
    warnings: z.array(z.string()),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('ImportSummary');

export const ArtistSchema = z
  .object({
    id: z.string(),
    tmAttractionId: z.string(),
    spotifyId: z.string().nullable(),
    mbid: z.string().nullable(),
    slug: z.string(),
    name: z.string(),
    imageUrl: z.string().nullable(),
    images: ImagesSchema,
    genres: z.array(z.string()),
    popularity: z.number(),
    followers: z.number(),
    counts: z.object({ shows: z.number(), upcomingShows: z.number(), songs: z.number(), setlists: z.number() }),
    importStatus: ArtistImportStatusSchema,
    importedAt: z.string().nullable(),
    lastSyncedAt: z.string().nullable(),
    isTrending: z.boolean(),
    trendingScore: z.number(),
    latestImport: ImportSummarySchema.nullable(),
  })
  .openapi('Artist');

export const SongSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    albumName: z.string().nullable(),
    isrc: z.string().nullable(),
    spotifyId: z.string(),
    /** null when the Spotify app that imported it could not see popularity (development mode). */
    popularity: z.number().nullable(),
    durationMs: z.number(),
    isRemix: z.boolean(),
  })
  .openapi('Song');

export const ShowSchema = z
  .object({
    id: z.string(),
    tmEventId: z.string(),
    name: z.string(),
    date: z.string().openapi({ example: '2026-06-01T19:30:00.000Z' }),
    status: z.enum(['upcoming', 'past', 'cancelled', 'postponed']),
    ticketUrl: z.string().nullable().openapi({ description: "Ticketmaster's page for the event" }),
    venue: z.object({ name: z.string(), city: z.string().nullable(), country: z.string().nullable() }).nullable(),
  })
  .openapi('Show');

const pageQuery = {
  limit: limitSchema(MAX_LIMIT, DEFAULT_LIMIT),
  cursor: z.string().max(512, { error: 'is not a valid cursor' }).optional().openapi({ description: 'nextCursor of the previous page' }),
};

const artistRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'An artist by id, slug, or tm-<attractionId>',
  request: { params: ArtistRefParam },
  responses: { 200: { description: 'The artist', content: { 'application/json': { schema: ArtistSchema } } }, ...errorResponses },
});

const songsRoute = createRoute({
  method: 'get',
  path: '/{id}/songs',
  summary: "The artist's studio catalog, most popular first",
  request: { params: ArtistRefParam, query: z.object(pageQuery) },
  responses: {
    200: { description: 'A page of songs', content: { 'application/json': { schema: listResponse(SongSchema, 'SongPage') } } },
    ...errorResponses,
  },
});

const showsRoute = createRoute({
  method: 'get',
  path: '/{id}/shows',
  summary: "The artist's shows by date",
  request: {
    params: ArtistRefParam,
    query: z.object({
      ...pageQuery,
      status: z.enum(['upcoming', 'past'], { error: 'must be "upcoming" or "past"' }).optional(),
      order: z
        .enum(['asc', 'desc'], { error: 'must be "asc" or "desc"' })
        .default('asc')
        .openapi({ description: 'By date: asc (soonest first, default) or desc (most recent first, for past shows); a cursor continues in the order it was made for' }),
    }),
  },
  responses: {
    200: { description: 'A page of shows', content: { 'application/json': { schema: listResponse(ShowSchema, 'ShowPage') } } },
    ...errorResponses,
  },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function artistRoutes(deps: AppDeps) {
  const { db } = deps;
  return createRouter()
    .openapi(artistRoute, async (c) => {
      const found = await requirePublicArtist(db, c.req.valid('param').id);
      const now = new Date();
      // A page view is what the trending score counts as a view.
      const [artist, shows, upcomingShows, songs, setlists, latestRun] = await Promise.all([
        db.artist.update({ where: { id: found.id }, data: { viewCount: { increment: 1 }, lastViewedAt: now } }),
        db.show.count({ where: { artistId: found.id } }),
        db.show.count({ where: { artistId: found.id, status: 'upcoming', date: { gte: now } } }),
        db.artistSong.count({ where: { artistId: found.id } }),
        db.setlist.count({ where: { artistId: found.id } }),
        db.importRun.findFirst({ where: { artistId: found.id }, orderBy: { startedAt: 'desc' } }),
      ]);
      return c.json(
        {
          id: artist.id,
          tmAttractionId: artist.tmAttractionId,
          spotifyId: artist.spotifyId,
          mbid: artist.mbid,
          slug: artist.slug,
          name: artist.name,
          imageUrl: artist.imageUrl,
          images: ImagesSchema.catch([]).parse(artist.images),
          genres: artist.genres,
          popularity: artist.popularity,
          followers: artist.followers,
          counts: { shows, upcomingShows, songs, setlists },
          importStatus: artist.importStatus,
          importedAt: iso(artist.importedAt),
          lastSyncedAt: iso(artist.lastSyncedAt),
          isTrending: artist.isTrending,
          trendingScore: artist.trendingScore,
          latestImport: latestRun ? importSummary(latestRun) : null,
        },
        200,
      );
    })
    .openapi(songsRoute, async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const after = cursor === undefined ? null : decodeSongCursor(cursor);
      if (cursor !== undefined && !after) throw invalidRequest('cursor', 'is not a valid cursor for this list');
      const artist = await requirePublicArtist(db, c.req.valid('param').id);
      const where: Prisma.SongWhereInput = {
        artists: { some: { artistId: artist.id } },
        // Most popular first, songs of unknown popularity last (development-mode imports), then by id.
        ...(after &&
          (after.popularity === null
            ? { popularity: null, id: { gt: after.id } }
            : {
                OR: [
                  { popularity: { lt: after.popularity } },
                  { popularity: after.popularity, id: { gt: after.id } },
                  { popularity: null },
                ],
              })),
      };
      const rows = await db.song.findMany({
        where,
        orderBy: [{ popularity: { sort: 'desc', nulls: 'last' } }, { id: 'asc' }],
        take: limit + 1,
        select: { id: true, name: true, albumName: true, isrc: true, spotifyId: true, popularity: true, durationMs: true, isRemix: true },
      });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const nextCursor = rows.length > limit && last ? encodeSongCursor(last.popularity, last.id) : null;
      return c.json({ items, nextCursor }, 200);
    })
    .openapi(showsRoute, async (c) => {
      const { limit, cursor, status, order } = c.req.valid('query');
      const after = cursor === undefined ? null : decodeShowCursor(cursor);
      if (cursor !== undefined && !after) throw invalidRequest('cursor', 'is not a valid cursor for this list');
      const artist = await requirePublicArtist(db, c.req.valid('param').id);
      const afterDate = after ? new Date(after.date) : null;
      const where: Prisma.ShowWhereInput = {
        artistId: artist.id,
        ...(status && { status }),
        ...(after &&
          afterDate &&
          (order === 'asc'
            ? { OR: [{ date: { gt: afterDate } }, { date: afterDate, id: { gt: after.id } }] }
            : { OR: [{ date: { lt: afterDate } }, { date: afterDate, id: { lt: after.id } }] })),
      };
      const rows = await db.show.findMany({
        where,
        orderBy: [{ date: order }, { id: order }],
        take: limit + 1,
        select: {
          id: true,
          tmEventId: true,
          name: true,
          date: true,
          status: true,
          ticketUrl: true,
          venue: { select: { name: true, city: true, country: true } },
        },
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = rows.length > limit && last ? encodeShowCursor(last.date, last.id) : null;
      return c.json({ items: page.map((s) => ({ ...s, date: s.date.toISOString() })), nextCursor }, 200);
    });
}

/** The artist's latest recorded run, its columns read by the same rules as a progress snapshot. */
function importSummary(run: ImportRun) {
  const { counts, warnings, error } = readStoredRun(run);
  return {
    workflowId: run.workflowId,
    runId: run.runId,
    status: run.status,
    phase: run.phase,
    error,
    counts,
    warnings,
    startedAt: run.startedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
  };
}
