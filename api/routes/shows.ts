// A show's setlists (predicted and actual), songs in order with their vote counts.
// Predicted setlists are served in their voted order (domain/setlist-prediction.ts orderByVotes).
import { createRoute, z } from '@hono/zod-openapi';
import { orderByVotes, VOTES_PER_PLACE } from '../../domain/setlist-prediction';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { createRouter } from '../router';
import { errorResponses, UuidSchema } from '../schemas';

export const SetlistSongSchema = z.object({
  id: z.string().openapi({ description: 'Entry of the song in this setlist' }),
  songId: z.string().nullable().openapi({ description: 'The catalog song; null for a song the catalog does not hold (a cover)' }),
  position: z.number().openapi({ description: `Place in the setlist as served: for a predicted setlist, after fans' votes (${VOTES_PER_PLACE} votes lift a song one place within its main set or encore)` }),
  predictedPosition: z.number().openapi({ description: 'Place as played (actual) or as predicted before votes' }),
  isEncore: z.boolean(),
  name: z.string(),
  coverOf: z.string().nullable().openapi({ description: 'Original artist when the song is a cover' }),
  albumName: z.string().nullable(),
  votes: z.number(),
});

export const SetlistSchema = z
  .object({
    id: z.string(),
    type: z.enum(['predicted', 'actual']),
    source: z.string(),
    name: z.string(),
    url: z.string().nullable().openapi({ description: 'The setlist on setlist.fm (actual setlists)' }),
    tourName: z.string().nullable(),
    createdAt: z.string(),
    songs: z.array(SetlistSongSchema),
  })
  .openapi('Setlist');

export const ShowSetlistsSchema = z
  .object({
    show: z.object({ id: z.string(), name: z.string(), date: z.string(), artistId: z.string() }),
    items: z.array(SetlistSchema),
  })
  .openapi('ShowSetlists');

const setlistsRoute = createRoute({
  method: 'get',
  path: '/{id}/setlists',
  summary: "A show's setlists with ordered songs and vote counts",
  request: { params: z.object({ id: UuidSchema.openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: {
      description: 'Setlists of the show',
      content: {
        'application/json': {
          schema: ShowSetlistsSchema,
        },
      },
    },
    ...errorResponses,
  },
});

export function showRoutes(deps: AppDeps) {
  return createRouter().openapi(setlistsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const show = await deps.db.show.findUnique({ where: { id }, select: { id: true, name: true, date: true, artistId: true } });
    if (!show) throw notFound(`No show "${id}"`);
    const setlists = await deps.db.setlist.findMany({
      where: { showId: id },
      orderBy: [{ type: 'asc' }, { createdAt: 'asc' }],
      include: {
        songs: {
          orderBy: { position: 'asc' },
          include: { song: { select: { name: true, albumName: true } }, _count: { select: { votes: true } } },
        },
      },
    });
    return c.json(
      {
        show: { ...show, date: show.date.toISOString() },
        items: setlists.map((s) => {
          const songs = s.songs.map((entry) => ({
            id: entry.id,
            songId: entry.songId,
            position: entry.position,
            predictedPosition: entry.position,
            isEncore: entry.isEncore,
            name: entry.song?.name ?? entry.title ?? 'Unknown song',
            coverOf: entry.coverOf,
            albumName: entry.song?.albumName ?? null,
            votes: entry._count.votes,
          }));
          const served = s.type === 'predicted' ? orderByVotes(songs) : songs;
          return {
            id: s.id,
            type: s.type,
            source: s.source,
            name: s.name,
            url: s.url,
            tourName: s.tourName,
            createdAt: s.createdAt.toISOString(),
            songs: served.map((entry, i) => ({ ...entry, position: s.type === 'predicted' ? i + 1 : entry.position })),
          };
        }),
      },
      200,
    );
  });
}
