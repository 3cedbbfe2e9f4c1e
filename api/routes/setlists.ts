// Votes on the songs of a setlist: one per voter per song, so voting twice
// changes nothing. The voter is whom the server says: a random id in a signed,
// HttpOnly cookie issued with the first vote — a client cannot choose it, and
// a forged or altered cookie only makes it a new voter. The database's unique
// key (setlist song, voter) enforces one vote each.
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { createRouter } from '../router';
import { errorResponses, UuidSchema } from '../schemas';

const VOTER_COOKIE = 'voter';
const VOTER_COOKIE_MAX_AGE_S = 365 * 86_400;

export const VoteResultSchema = z
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
  description:
    '`songId` is the song (or its setlist entry id). The voter is the signed `voter` cookie the server issues with the first vote (HttpOnly, SameSite=Lax); a repeated vote by the same voter answers 200 with the unchanged count. No body is needed.',
  request: {
    params: z.object({
      id: UuidSchema.openapi({ param: { name: 'id', in: 'path' } }),
      songId: UuidSchema.openapi({ param: { name: 'songId', in: 'path' } }),
    }),
  },
  responses: {
    201: { description: 'Vote counted', content: { 'application/json': { schema: VoteResultSchema } } },
    200: { description: 'Already voted: nothing changed', content: { 'application/json': { schema: VoteResultSchema } } },
    ...errorResponses,
  },
});

export function setlistRoutes(deps: AppDeps) {
  // Without a configured secret, this process signs with its own: votes then count per voter only while it runs.
  const secret = deps.voterCookieSecret ?? randomUUID() + randomUUID();
  return createRouter().openapi(voteRoute, async (c) => {
    const { id: setlistId, songId } = c.req.valid('param');
    const entry = await deps.db.setlistSong.findFirst({
      where: { setlistId, OR: [{ songId }, { id: songId }] },
      select: { id: true, songId: true },
    });
    if (!entry) throw notFound(`No song "${songId}" in setlist "${setlistId}"`);
    const voterKey = await voterOf(c, secret);
    // ON CONFLICT DO NOTHING on (setlistSongId, voterKey): concurrent repeats cannot add a second row.
    const { count: inserted } = await deps.db.vote.createMany({ data: [{ setlistSongId: entry.id, voterKey }], skipDuplicates: true });
    const votes = await deps.db.vote.count({ where: { setlistSongId: entry.id } });
    const body = { setlistId, songId: entry.songId, setlistSongId: entry.id, votes, counted: inserted === 1 };
    return inserted === 1 ? c.json(body, 201) : c.json(body, 200);
  });
}

/** The voter the signed cookie names; a request without a valid one gets a new voter and its cookie. */
async function voterOf(c: Context, secret: string): Promise<string> {
  const known = await getSignedCookie(c, secret, VOTER_COOKIE);
  if (typeof known === 'string' && known !== '') return known;
  const voter = randomUUID();
  await setSignedCookie(c, VOTER_COOKIE, voter, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    maxAge: VOTER_COOKIE_MAX_AGE_S,
  });
  return voter;
}
