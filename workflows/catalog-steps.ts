// What both catalog paths on Spotify's two contracts share (workflow code:
// orchestration only, no I/O): the context the ArtistImport workflow hands
// the phase and how the album listing and the catalog's outcome are told to
// the fan and the operator.
import type { CatalogAlbumListing } from '../activities/catalog-albums';
import type { CatalogSong } from '../domain/catalog-rules';
import type { ChunkCounts } from '../domain/catalog-types';
import { LIVENESS_THRESHOLD } from '../domain/limits';
import type { ImportProgress } from '../domain/progress';
import { describeSpotifyContract, type SpotifyContractReport } from '../domain/spotify-contract';

export interface CatalogContext {
  artistId: string;
  /** A resync: read only albums no earlier sync read, keep the songs stored before. */
  incremental: boolean;
  spotifyId: string;
  mbid: string | null;
  state(): ImportProgress;
  update(patch: Partial<Pick<ImportProgress, 'message' | 'counts' | 'filters'>>): void;
  warn(messages: readonly string[]): void;
  /** Runs a declared wait (a spent quota) outside the import's deadline. */
  excluding?<T>(wait: () => Promise<T>): Promise<T>;
}

/** The album listing without the albums (staged or not, the counts are the same). */
export type AlbumListingCounts = Omit<CatalogAlbumListing, 'albums'>;

/** Tells the fan and the operator what the album listing found: `kept` albums to read. */
export function reportAlbumListing(ctx: CatalogContext, albums: AlbumListingCounts, kept: number): void {
  if (albums.alreadyStored !== undefined) ctx.warn([incrementalAlbumsWarning(kept, albums.alreadyStored)]);
  ctx.update({
    message: `Found ${kept} studio albums and singles (${albums.spotifyContract.summary})`,
    counts: {
      ...ctx.state().counts,
      albumsFetched: albums.fetched,
      albumsKept: kept,
      albumsDroppedCompilation: albums.droppedCompilation,
      albumsDroppedLive: albums.droppedLive,
      albumsDroppedAppearsOn: albums.droppedAppearsOn,
      albumsDroppedLiveMusicBrainz: albums.droppedLiveMusicBrainz,
      albumsDroppedCompilationMusicBrainz: albums.droppedCompilationMusicBrainz,
      malformedItems: ctx.state().counts.malformedItems + albums.malformed,
    },
  });
  ctx.warn(albums.warnings);
}

/**
 * The contract as the steps met it: the page size from the album listing,
 * batch endpoints and audio features from the last chunk (a chunk resumed in
 * a fresh worker still knows what it read).
 */
export function metContract(albums: AlbumListingCounts, lastChunk: SpotifyContractReport | undefined): SpotifyContractReport {
  const seen = lastChunk ?? albums.spotifyContract;
  return describeSpotifyContract({
    mode: albums.spotifyContract.mode,
    pageSize: albums.spotifyContract.pageSize,
    batchEndpoints: seen.batchEndpoints ?? albums.spotifyContract.batchEndpoints,
    audioFeatures: seen.audioFeatures ?? albums.spotifyContract.audioFeatures,
  });
}

/** Tells the fan and the operator the catalog's outcome on the contract it met. */
export function reportCatalog(
  ctx: CatalogContext,
  albums: AlbumListingCounts,
  contract: SpotifyContractReport,
  outcome: CatalogOutcome,
  isrcLookups: number,
): void {
  ctx.update({
    message: `Imported ${outcome.counts.songs} studio songs`,
    filters: { ...outcome.liveness, skipped: false, skippedReason: null, spotifyContract: contract.summary, musicBrainzApplied: albums.musicBrainzApplied },
    counts: {
      ...ctx.state().counts,
      ...outcome.counts,
      isrcLookups,
      malformedItems: ctx.state().counts.malformedItems + outcome.malformed,
    },
  });
  if (contract.contract !== 'extended') ctx.warn([`Spotify: ${contract.summary}`]);
  ctx.warn(outcome.warnings);
}


/** A chunk's counts with the ids of its tracks kept without a liveness check (the paths whose tracks travel in history). */
export interface ChunkTotals extends ChunkCounts {
  keptWithoutLiveness: string[];
}

/** What is known of the deduplicated catalog once it is stored. */
export interface KeptCatalog {
  storedSongs: number;
  merged: number;
  remixes: number;
  /** Kept songs whose liveness could not be checked. */
  withoutLiveness: number;
}

export type CatalogOutcome = ReturnType<typeof catalogOutcomeOf>;

/**
 * The catalog's result from its chunks and the songs kept: the liveness
 * filter as applied, the track counts, and the warnings saying what was kept
 * without a liveness check.
 */
export function catalogOutcomeOf(results: readonly ChunkCounts[], kept: KeptCatalog) {
  const refused = results.find((r) => !r.livenessApplied);
  const withoutLiveness = kept.withoutLiveness;
  const warnings = refused
    ? [
        `Spotify refused audio features (${refused.livenessUnavailableReason ?? 'unavailable'}): liveness was not applied; ` +
          `${withoutLiveness} songs were kept on their names alone`,
      ]
    : withoutLiveness > 0
      ? [`${withoutLiveness} songs had no audio features: kept on their names alone, liveness not checked`]
      : [];
  return {
    liveness: {
      livenessThreshold: LIVENESS_THRESHOLD,
      livenessApplied: !refused,
      livenessUnavailableReason: refused?.livenessUnavailableReason ?? null,
    },
    counts: {
      tracksFetched: sum(results, (r) => r.tracksFetched),
      tracksDroppedLiveTitle: sum(results, (r) => r.droppedLiveTitle),
      tracksDroppedLiveness: sum(results, (r) => r.droppedLiveness),
      tracksWithoutLiveness: withoutLiveness,
      duplicatesMerged: kept.merged,
      remixes: kept.remixes,
      songs: kept.storedSongs,
    },
    malformed: sum(results, (r) => r.malformed),
    warnings,
  };
}

/** catalogOutcomeOf for the paths whose chunks return their tracks: the kept songs counted here. */
export function catalogOutcome(results: ChunkTotals[], songs: CatalogSong[], storedSongs: number, merged: number): CatalogOutcome {
  // Songs of the final catalog whose liveness could not be checked.
  const unchecked = new Set(results.flatMap((r) => r.keptWithoutLiveness));
  return catalogOutcomeOf(results, {
    storedSongs,
    merged,
    remixes: songs.filter((s) => s.isRemix).length,
    withoutLiveness: songs.filter((s) => unchecked.has(s.spotifyId)).length,
  });
}

/** What an incremental resync tells the operator it did not read again, and why. */
export function incrementalAlbumsWarning(read: number, alreadyStored: number): string {
  return (
    `Incremental resync: ${read} new studio albums and singles read; ` +
    `the tracks of ${alreadyStored} already stored by an earlier sync were not read again (a released album's tracks do not change; the daily deep resync re-reads them)`
  );
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((n, item) => n + f(item), 0);
}
