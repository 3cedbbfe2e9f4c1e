// The catalog phase's staging tables (StagedCatalogAlbum, StagedCatalogTrack):
// one workflow run's album list and candidate tracks, written and read by the
// catalog activities so that none of it travels through Temporal's history.
// Every row carries its run id (a retried or concurrent run never reads
// another's rows) and its workflow id (one open run per workflow id: the rows
// of any other run of it belong to a run that has ended). Writes are one
// `INSERT … SELECT FROM unnest(…) ON CONFLICT … DO UPDATE` per batch, so a
// retried activity rewrites its rows in place instead of adding any.
import type { SpotifyTrack } from '../domain/catalog-types';
import type { Db } from './client';

/** Rows per staging statement (a fixed number of bind parameters whatever the size: one per column). */
const STAGED_ROWS_PER_STATEMENT = 1_000;

/** Which run the rows belong to. */
export interface StagingRun {
  workflowId: string;
  runId: string;
}

/** An album of the run's list, as the track step reads it. */
export interface StagedAlbum {
  id: string;
  name: string;
  albumType: string;
  releaseDate: string | null;
}

/** A candidate track with what the dedupe and the outcome need to know about it. */
export interface StagedTrack {
  track: SpotifyTrack;
  /** A full track: a null ISRC means the track has none (else it was not fetched). */
  isrcIncluded: boolean;
  livenessChecked: boolean;
  /** Looked up for the dedupe (development contract): the ISRC found, null when Spotify has none. */
  lookedUp: { isrc: string | null } | null;
}

function batches<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += STAGED_ROWS_PER_STATEMENT) out.push(rows.slice(i, i + STAGED_ROWS_PER_STATEMENT));
  return out;
}

/**
 * Deletes the staged rows of every other run of `run.workflowId` (at most one
 * run of a workflow id is open, so those runs have ended without cleaning up:
 * failed, cancelled, terminated) and every row older than `maxAgeMs`,
 * whatever its run (an artist never imported again). Returns the rows deleted.
 */
export async function deleteStaleStaging(db: Db, run: StagingRun, maxAgeMs: number): Promise<number> {
  const seconds = maxAgeMs / 1000;
  const albums = await db.$executeRaw`
    DELETE FROM "StagedCatalogAlbum"
    WHERE ("workflowId" = ${run.workflowId} AND "runId" <> ${run.runId})
       OR "createdAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${seconds}::float8)`;
  const tracks = await db.$executeRaw`
    DELETE FROM "StagedCatalogTrack"
    WHERE ("workflowId" = ${run.workflowId} AND "runId" <> ${run.runId})
       OR "createdAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${seconds}::float8)`;
  return albums + tracks;
}

/** Deletes the run's staged rows (the catalog phase is over). Returns the rows deleted. */
export async function deleteRunStaging(db: Db, runId: string): Promise<number> {
  const albums = await db.$executeRaw`DELETE FROM "StagedCatalogAlbum" WHERE "runId" = ${runId}`;
  const tracks = await db.$executeRaw`DELETE FROM "StagedCatalogTrack" WHERE "runId" = ${runId}`;
  return albums + tracks;
}

/** Stages the run's album list at positions 0…n-1 (a retry that lists fewer albums drops the rest). */
export async function stageAlbums(db: Db, run: StagingRun, albums: readonly StagedAlbum[]): Promise<void> {
  for (const [b, batch] of batches(albums).entries()) {
    const first = b * STAGED_ROWS_PER_STATEMENT;
    const positions = batch.map((_, i) => first + i);
    const col = <K extends keyof StagedAlbum>(k: K) => batch.map((a) => a[k]);
    await db.$executeRaw`
      INSERT INTO "StagedCatalogAlbum" ("runId", "workflowId", "position", "albumId", "name", "albumType", "releaseDate", "createdAt")
      SELECT ${run.runId}::text, ${run.workflowId}::text, t.*, (now() AT TIME ZONE 'UTC') FROM unnest(
        ${positions}::int[], ${col('id')}::text[], ${col('name')}::text[], ${col('albumType')}::text[], ${col('releaseDate')}::text[])
        AS t("position", "albumId", "name", "albumType", "releaseDate")
      ON CONFLICT ("runId", "position") DO UPDATE SET
        "albumId" = EXCLUDED."albumId", "name" = EXCLUDED."name", "albumType" = EXCLUDED."albumType",
        "releaseDate" = EXCLUDED."releaseDate"`;
  }
  await db.$executeRaw`DELETE FROM "StagedCatalogAlbum" WHERE "runId" = ${run.runId} AND "position" >= ${albums.length}`;
}

/** The run's staged albums at positions [offset, offset + limit), in order. */
export async function stagedAlbums(db: Db, runId: string, offset: number, limit: number): Promise<StagedAlbum[]> {
  return db.$queryRaw<StagedAlbum[]>`
    SELECT "albumId" AS "id", "name", "albumType", "releaseDate" FROM "StagedCatalogAlbum"
    WHERE "runId" = ${runId} AND "position" >= ${offset} AND "position" < ${offset + limit}
    ORDER BY "position"`;
}

/** Spotify ids of every album the run staged. */
export async function stagedAlbumIds(db: Db, runId: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ albumId: string }>>`
    SELECT "albumId" FROM "StagedCatalogAlbum" WHERE "runId" = ${runId} ORDER BY "position"`;
  return rows.map((r) => r.albumId);
}

/**
 * Stages one chunk's candidate tracks at positions 0…n-1 of the chunk, in
 * their order (a retry rewrites them in place, and drops any an earlier
 * attempt had beyond n).
 */
export async function stageTracks(
  db: Db,
  run: StagingRun,
  chunkIndex: number,
  rows: ReadonlyArray<Omit<StagedTrack, 'lookedUp'>>,
): Promise<void> {
  for (const [b, batch] of batches(rows).entries()) {
    const first = b * STAGED_ROWS_PER_STATEMENT;
    const positions = batch.map((_, i) => first + i);
    const col = <K extends keyof SpotifyTrack>(k: K) => batch.map((r) => r.track[k] ?? null);
    await db.$executeRaw`
      INSERT INTO "StagedCatalogTrack" ("runId", "workflowId", "chunkIndex", "position", "trackId", "name", "durationMs",
                                        "popularity", "isrc", "albumId", "albumName", "albumType", "albumReleaseDate",
                                        "isrcIncluded", "livenessChecked", "createdAt")
      SELECT ${run.runId}::text, ${run.workflowId}::text, ${chunkIndex}::int, t.*, (now() AT TIME ZONE 'UTC') FROM unnest(
        ${positions}::int[], ${col('id')}::text[], ${col('name')}::text[], ${col('durationMs')}::int[],
        ${col('popularity')}::int[], ${col('isrc')}::text[], ${col('albumId')}::text[], ${col('albumName')}::text[],
        ${col('albumType')}::text[], ${col('albumReleaseDate')}::text[],
        ${batch.map((r) => r.isrcIncluded)}::bool[], ${batch.map((r) => r.livenessChecked)}::bool[])
        AS t("position", "trackId", "name", "durationMs", "popularity", "isrc", "albumId", "albumName", "albumType",
             "albumReleaseDate", "isrcIncluded", "livenessChecked")
      ON CONFLICT ("runId", "chunkIndex", "position") DO UPDATE SET
        "trackId" = EXCLUDED."trackId", "name" = EXCLUDED."name", "durationMs" = EXCLUDED."durationMs",
        "popularity" = EXCLUDED."popularity", "isrc" = EXCLUDED."isrc", "albumId" = EXCLUDED."albumId",
        "albumName" = EXCLUDED."albumName", "albumType" = EXCLUDED."albumType",
        "albumReleaseDate" = EXCLUDED."albumReleaseDate", "isrcIncluded" = EXCLUDED."isrcIncluded",
        "livenessChecked" = EXCLUDED."livenessChecked", "isrcLookedUp" = false, "lookedUpIsrc" = NULL`;
  }
  await db.$executeRaw`
    DELETE FROM "StagedCatalogTrack" WHERE "runId" = ${run.runId} AND "chunkIndex" = ${chunkIndex} AND "position" >= ${rows.length}`;
}

interface StagedTrackRow {
  trackId: string;
  name: string;
  durationMs: number;
  popularity: number | null;
  isrc: string | null;
  albumId: string;
  albumName: string;
  albumType: string;
  albumReleaseDate: string | null;
  isrcIncluded: boolean;
  livenessChecked: boolean;
  isrcLookedUp: boolean;
  lookedUpIsrc: string | null;
}

/** Every candidate track the run staged, in the order its chunks found them. */
export async function stagedTracks(db: Db, runId: string): Promise<StagedTrack[]> {
  const rows = await db.$queryRaw<StagedTrackRow[]>`
    SELECT "trackId", "name", "durationMs", "popularity", "isrc", "albumId", "albumName", "albumType", "albumReleaseDate",
           "isrcIncluded", "livenessChecked", "isrcLookedUp", "lookedUpIsrc"
    FROM "StagedCatalogTrack" WHERE "runId" = ${runId}
    ORDER BY "chunkIndex", "position"`;
  return rows.map((r) => ({
    track: {
      id: r.trackId,
      name: r.name,
      durationMs: r.durationMs,
      popularity: r.popularity,
      isrc: r.isrc,
      albumId: r.albumId,
      albumName: r.albumName,
      albumType: r.albumType,
      albumReleaseDate: r.albumReleaseDate,
    },
    isrcIncluded: r.isrcIncluded,
    livenessChecked: r.livenessChecked,
    lookedUp: r.isrcLookedUp ? { isrc: r.lookedUpIsrc } : null,
  }));
}

/** Records looked-up ISRCs on the run's staged tracks (null: Spotify has none), in one statement. */
export async function recordLookedUpIsrcs(db: Db, runId: string, isrcs: Readonly<Record<string, string | null>>): Promise<void> {
  const ids = Object.keys(isrcs);
  if (ids.length === 0) return;
  await db.$executeRaw`
    UPDATE "StagedCatalogTrack" AS s SET "isrcLookedUp" = true, "lookedUpIsrc" = l."isrc"
    FROM unnest(${ids}::text[], ${ids.map((id) => isrcs[id] ?? null)}::text[]) AS l("trackId", "isrc")
    WHERE s."runId" = ${runId} AND s."trackId" = l."trackId"`;
}
