// Votes on the songs of a setlist: one per voter per song, so voting twice changes nothing.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { createRouter } from '../router';
import { errorResponses, jsonBody, typeError, UuidSchema } from '../schemas';

const VoteResultSchema = z
  .object({
    setlistId: z.string(),
    songId: z.string().nullable().openapi({ description: 'The catalog song; null for a song the catalog does not hold' }),
    setlistSongId: z.string(),
    votes: z.number().openapi({ description: 'Votes on this song of this setlist after the request' }),
    counted: z.boolean().openapi({ description: 'False when this voter had already voted for it' }),
  })
  .openapi('VoteResult');

const voteRoute = createRoute({
  method: 'post',
  path: '/{id}/songs/{songId}/vote',
  summary: 'Vote for a song of a setlist',
  description: '`songId` is the song (or its setlist entry id). A repeated vote by the same voter answers 200 with the unchanged count.',
  request: {
    params: z.object({
      id: UuidSchema.openapi({ param: { name: 'id', in: 'path' } }),
      songId: UuidSchema.openapi({ param: { name: 'songId', in: 'path' } }),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: jsonBody({
            voterKey: z
              .string(typeError('must be a string'))
              .trim()
              .min(1, { error: 'must not be empty' })
              .max(128, { error: 'must be at most 128 characters' })
              .openapi({ description: 'Stable anonymous id of the voter (e.g. a browser id)', example: 'b4f0c2d6' }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'Vote counted', content: { 'application/json': { schema: VoteResultSchema } } },
    200: { description: 'Already voted: nothing changed', content: { 'application/json': { schema: VoteResultSchema } } },
    ...errorResponses,
  },
});

export function setlistRoutes(deps: AppDeps) {
  return createRouter().openapi(voteRoute, async (c) => {
    const { id: setlistId, songId } = c.req.valid('param');
    const { voterKey } = c.req.valid('json');
    const entry = await deps.db.setlistSong.findFirst({
      where: { setlistId, OR: [{ songId }, { id: songId }] },
      select: { id: true, songId: true },
    });
    if (!entry) throw notFound(`No song "${songId}" in setlist "${setlistId}"`);
    // ON CONFLICT DO NOTHING on (setlistSongId, voterKey): concurrent repeats cannot add a second row.
    const { count: inserted } = await deps.db.vote.createMany({ data: [{ setlistSongId: entry.id, voterKey }], skipDuplicates: true });
    const votes = await deps.db.vote.count({ where: { setlistSongId: entry.id } });
    const body = { setlistId, songId: entry.songId, setlistSongId: entry.id, votes, counted: inserted === 1 };
    return inserted === 1 ? c.json(body, 201) : c.json(body, 200);
  });
}
