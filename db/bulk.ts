// Bulk writes of the import: one statement per batch, never one per row.
// Each batch is sent as one `INSERT … SELECT FROM unnest(<column arrays>)
// ON CONFLICT (<external id>) DO UPDATE`, so a batch of any size costs one
// round trip and a fixed number of bind parameters (one per column), and a
// re-run updates rows in place instead of adding any.
// Prisma stores DateTime as UTC in `timestamp(3)` columns, so instants are
// converted explicitly (AT TIME ZONE 'UTC'), whatever the session time zone.
import type { CatalogSong } from '../domain/catalog-rules';
import type { ShowStatus, VenueDetails } from '../domain/show-rules';
import type { Db } from './client';

/**
 * One row per key (the last one wins): PostgreSQL refuses an upsert batch
 * that would touch the same row twice.
 */
function uniqueBy<T>(rows: T[], key: (row: T) => string): T[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()];
}

/** A venue as stored, keyed by its Ticketmaster id. */
export interface VenueRow extends VenueDetails {
  tmVenueId: string;
}

/** Upserts venues by Ticketmaster id; returns tmVenueId → database id for every row given. */
export async function upsertVenues(db: Db, rows: VenueRow[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const venues = uniqueBy(rows, (v) => v.tmVenueId);
  if (venues.length === 0) return ids;
  const col = <K extends keyof VenueRow>(k: K) => venues.map((v) => v[k]);
  const written = await db.$queryRaw<Array<{ id: string; tmVenueId: string }>>`
    INSERT INTO "Venue" ("tmVenueId", "name", "address", "city", "state", "country", "countryCode",
                         "postalCode", "latitude", "longitude", "timezone", "updatedAt")
    SELECT *, (now() AT TIME ZONE 'UTC') FROM unnest(
      ${col('tmVenueId')}::text[], ${col('name')}::text[], ${col('address')}::text[],
      ${col('city')}::text[], ${col('state')}::text[], ${col('country')}::text[],
      ${col('countryCode')}::text[], ${col('postalCode')}::text[],
      ${col('latitude')}::float8[], ${col('longitude')}::float8[], ${col('timezone')}::text[])
    ON CONFLICT ("tmVenueId") DO UPDATE SET
      "name" = EXCLUDED."name", "address" = EXCLUDED."address", "city" = EXCLUDED."city",
      "state" = EXCLUDED."state", "country" = EXCLUDED."country",
      "countryCode" = EXCLUDED."countryCode", "postalCode" = EXCLUDED."postalCode",
      "latitude" = EXCLUDED."latitude", "longitude" = EXCLUDED."longitude",
      "timezone" = EXCLUDED."timezone", "updatedAt" = (now() AT TIME ZONE 'UTC')
    RETURNING "id", "tmVenueId"`;
  for (const r of written) ids.set(r.tmVenueId, r.id);
  return ids;
}

export interface ShowRow {
  tmEventId: string;
  venueId: string | null;
  name: string;
  date: Date;
  localDate: string | null;
  localTime: string | null;
  status: ShowStatus;
  ticketUrl: string | null;
  priceMin: number | null;
  priceMax: number | null;
  currency: string | null;
}

/** Upserts shows of one artist by Ticketmaster event id; returns how many rows were written. */
export async function upsertShows(db: Db, artistId: string, rows: ShowRow[]): Promise<number> {
  const shows = uniqueBy(rows, (s) => s.tmEventId);
  if (shows.length === 0) return 0;
  const col = <K extends keyof ShowRow>(k: K) => shows.map((s) => s[k]);
  const dates = shows.map((s) => s.date.toISOString());
  return db.$executeRaw`
    INSERT INTO "Show" ("tmEventId", "artistId", "venueId", "name", "date", "localDate", "localTime",
                        "status", "ticketUrl", "priceMin", "priceMax", "currency", "updatedAt")
    SELECT t."tmEventId", ${artistId}::uuid, t."venueId", t."name", t."date" AT TIME ZONE 'UTC', t."localDate",
           t."localTime", t."status"::"ShowStatus", t."ticketUrl", t."priceMin", t."priceMax",
           t."currency", (now() AT TIME ZONE 'UTC')
    FROM unnest(
      ${col('tmEventId')}::text[], ${col('venueId')}::uuid[], ${col('name')}::text[],
      ${dates}::timestamptz[], ${col('localDate')}::text[], ${col('localTime')}::text[],
      ${col('status')}::text[], ${col('ticketUrl')}::text[], ${col('priceMin')}::float8[],
      ${col('priceMax')}::float8[], ${col('currency')}::text[])
      AS t("tmEventId", "venueId", "name", "date", "localDate", "localTime", "status",
           "ticketUrl", "priceMin", "priceMax", "currency")
    ON CONFLICT ("tmEventId") DO UPDATE SET
      "artistId" = EXCLUDED."artistId", "venueId" = EXCLUDED."venueId", "name" = EXCLUDED."name",
      "date" = EXCLUDED."date", "localDate" = EXCLUDED."localDate",
      "localTime" = EXCLUDED."localTime", "status" = EXCLUDED."status",
      "ticketUrl" = EXCLUDED."ticketUrl", "priceMin" = EXCLUDED."priceMin",
      "priceMax" = EXCLUDED."priceMax", "currency" = EXCLUDED."currency", "updatedAt" = (now() AT TIME ZONE 'UTC')`;
}

/**
 * Upserts songs by Spotify id and links them to the artist, in one statement:
 * the song upsert's RETURNING feeds the ArtistSong insert.
 */
export async function upsertArtistSongs(db: Db, artistId: string, rows: CatalogSong[]): Promise<number> {
  const songs = uniqueBy(rows, (s) => s.spotifyId);
  if (songs.length === 0) return 0;
  const col = <K extends keyof CatalogSong>(k: K) => songs.map((s) => s[k]);
  return db.$executeRaw`
    WITH upserted AS (
      INSERT INTO "Song" ("spotifyId", "isrc", "name", "albumName", "albumId", "popularity",
                          "durationMs", "isLive", "isRemix", "updatedAt")
      SELECT *, (now() AT TIME ZONE 'UTC') FROM unnest(
        ${col('spotifyId')}::text[], ${col('isrc')}::text[], ${col('name')}::text[],
        ${col('albumName')}::text[], ${col('albumId')}::text[], ${col('popularity')}::int[],
        ${col('durationMs')}::int[], ${col('isLive')}::bool[], ${col('isRemix')}::bool[])
      ON CONFLICT ("spotifyId") DO UPDATE SET
        "isrc" = EXCLUDED."isrc", "name" = EXCLUDED."name", "albumName" = EXCLUDED."albumName",
        "albumId" = EXCLUDED."albumId", "popularity" = EXCLUDED."popularity",
        "durationMs" = EXCLUDED."durationMs", "isLive" = EXCLUDED."isLive",
        "isRemix" = EXCLUDED."isRemix", "updatedAt" = (now() AT TIME ZONE 'UTC')
      RETURNING "id"
    )
    INSERT INTO "ArtistSong" ("artistId", "songId")
    SELECT ${artistId}::uuid, "id" FROM upserted
    ON CONFLICT DO NOTHING`;
}

/**
 * Removes the artist's links to songs the latest catalog no longer keeps
 * (e.g. a version that lost the ISRC dedupe to a more popular one), so the
 * artist's catalog always equals the last import's result. Songs themselves
 * stay: another artist may link them.
 */
export async function unlinkArtistSongsExcept(db: Db, artistId: string, keepSpotifyIds: string[]): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "ArtistSong" AS a
    USING "Song" AS s
    WHERE a."songId" = s."id" AND a."artistId" = ${artistId}::uuid
      AND NOT (s."spotifyId" = ANY(${keepSpotifyIds}::text[]))`;
}
