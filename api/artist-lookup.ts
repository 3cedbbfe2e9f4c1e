import type { Artist, Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import { notFound } from './errors';
import { isUuidLike } from './schemas';

const SHELL_ALIAS = /^tm-(.+)$/;

/**
 * An artist the site lists: one import of it has completed, or its identity
 * phase has found it on Ticketmaster (only that phase sets lastSyncedAt). The
 * shell row a kickoff creates is neither until then; the shell of an
 * attraction Ticketmaster does not know stays neither, and is kept (not
 * deleted) only because its failed ImportRun hangs off it for operators.
 */
export const LISTED_ARTIST = {
  OR: [{ importedAt: { not: null } }, { lastSyncedAt: { not: null } }],
} as const satisfies Prisma.ArtistWhereInput;

/**
 * Whether an artist's page and search entry show: a listed artist, or a shell
 * whose first import is still under way (the fan who asked for it watches its
 * progress on that page). A shell whose import ended without finding the
 * artist is not there at all.
 */
export function isPublicArtist(artist: Pick<Artist, 'importedAt' | 'lastSyncedAt' | 'importStatus'>): boolean {
  return (
    artist.importedAt !== null ||
    artist.lastSyncedAt !== null ||
    artist.importStatus === 'pending' ||
    artist.importStatus === 'running'
  );
}

/**
 * Finds an artist by uuid, slug, or the shell alias `tm-<attractionId>`: the
 * slug an artist has before its identity is resolved keeps working afterwards,
 * so a link a fan got from the import answer never breaks. Any row, shells
 * included: the import's own routes (status, stream, cancel) answer for them.
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

/** The artist of a page (artist, songs, shows): 404 for a shell that is not public (see isPublicArtist). */
export async function requirePublicArtist(db: Db, ref: string): Promise<Artist> {
  const artist = await findArtist(db, ref);
  if (!artist || !isPublicArtist(artist)) throw notFound(`No artist "${ref}"`);
  return artist;
}
