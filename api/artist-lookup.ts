import type { Artist } from '../generated/prisma/client';
import type { Db } from '../db/client';
import { notFound } from './errors';
import { isUuidLike } from './schemas';

const SHELL_ALIAS = /^tm-(.+)$/;

/**
 * Finds an artist by uuid, slug, or the shell alias `tm-<attractionId>`: the
 * slug an artist has before its identity is resolved keeps working afterwards,
 * so a link a fan got from the import answer never breaks.
 */
export async function findArtist(db: Db, ref: string): Promise<Artist | null> {
  if (isUuidLike(ref)) {
    const byId = await db.artist.findUnique({ where: { id: ref.toLowerCase() } });
    if (byId) return byId;
  }
  const bySlug = await db.artist.findUnique({ where: { slug: ref } });
  if (bySlug) return bySlug;
  const alias = SHELL_ALIAS.exec(ref)?.[1];
  if (!alias) return null;
  return (
    (await db.artist.findUnique({ where: { tmAttractionId: alias } })) ??
    // Shell slugs are lower-cased; attraction ids are not.
    (await db.artist.findFirst({ where: { tmAttractionId: { equals: alias, mode: 'insensitive' } }, orderBy: { createdAt: 'asc' } }))
  );
}

export async function requireArtist(db: Db, ref: string): Promise<Artist> {
  const artist = await findArtist(db, ref);
  if (!artist) throw notFound(`No artist "${ref}"`);
  return artist;
}
