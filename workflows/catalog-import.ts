// The catalog phase on either Spotify contract (workflow code: orchestration
// only, no I/O). Albums (page size discovered by the client) minus name-rule
// and MusicBrainz live albums and compilations; album chunks read by parallel
// activities (batch endpoints where the app may use them, one album at a time
// where not); the few ISRCs the dedupe cannot do without; the dedupe (the
// most popular version, or — without popularity — the earliest release); the
// songs stored in bulk. A spent quota is waited out on a timer (quota-wait.ts).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ContractCandidatesResult } from '../activities/catalog-tracks';
import { dedupeTracks, toCatalogSong, type CatalogSong } from '../domain/catalog-rules';
import { isrcLookupsNeeded, withLookedUpIsrcs } from '../domain/catalog-isrc';
import { LIVENESS_THRESHOLD, SONGS_PER_BATCH } from '../domain/limits';
import type { ImportProgress } from '../domain/progress';
import { inChunkWaves } from './chunk-waves';
import { quotaWaiter } from './quota-wait';
import { describeSpotifyContract, QUOTA_EXCEEDED_FAILURE, type SpotifyContractReport } from '../domain/spotify-contract';

/**
 * Albums per catalog activity (a multiple of the 20 albums of one `/albums?ids=`
 * request, so no batch request is half empty), and how many such activities run at once.
 */
const ALBUMS_PER_CHUNK = 60;
const CATALOG_CHUNKS_IN_PARALLEL = 3;

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
// A spent quota is not retried by Temporal here: the workflow waits it out and says so.
const quick = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { ...retry, maximumAttempts: 5, nonRetryableErrorTypes: ['ProviderRefused', QUOTA_EXCEEDED_FAILURE] },
});
const paged = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { ...retry, maximumAttempts: 6, nonRetryableErrorTypes: ['ProviderRefused', QUOTA_EXCEEDED_FAILURE] },
});
const store = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { ...retry, maximumAttempts: 5 },
});

export interface CatalogContext {
  artistId: string;
  /** A resync: read only albums no earlier sync read, keep the songs stored before. */
  incremental: boolean;
  spotifyId: string;
  mbid: string | null;
  state(): ImportProgress;
  update(patch: Partial<Pick<ImportProgress, 'message' | 'counts' | 'filters'>>): void;
  warn(messages: readonly string[]): void;
}

export async function importContractCatalog(ctx: CatalogContext): Promise<void> {
  const quota = quotaWaiter(ctx);
  const albums = await quota('listing albums', () =>
    quick.listCatalogAlbums({ spotifyId: ctx.spotifyId, mbid: ctx.mbid, artistId: ctx.artistId, incremental: ctx.incremental }),
  );
  const incremental = albums.alreadyStored !== undefined;
  if (albums.alreadyStored !== undefined) ctx.warn([incrementalAlbumsWarning(albums.albums.length, albums.alreadyStored)]);
  ctx.update({
    message: `Found ${albums.albums.length} studio albums and singles (${albums.spotifyContract.summary})`,
    counts: {
      ...ctx.state().counts,
      albumsFetched: albums.fetched,
      albumsKept: albums.albums.length,
      albumsDroppedCompilation: albums.droppedCompilation,
      albumsDroppedLive: albums.droppedLive,
      albumsDroppedAppearsOn: albums.droppedAppearsOn,
      albumsDroppedLiveMusicBrainz: albums.droppedLiveMusicBrainz,
      albumsDroppedCompilationMusicBrainz: albums.droppedCompilationMusicBrainz,
      malformedItems: ctx.state().counts.malformedItems + albums.malformed,
    },
  });
  ctx.warn(albums.warnings);

  const results: ContractCandidatesResult[] = await inChunkWaves(albums.albums, ALBUMS_PER_CHUNK, CATALOG_CHUNKS_IN_PARALLEL, (chunk, chunkIndex, chunkCount) =>
    quota('reading album tracks', () => paged.collectContractCandidates({ albums: chunk, chunkIndex, chunkCount })),
  );

  // ISRCs only where the no-ISRC rule cannot decide (development contract), then one dedupe over the whole catalog.
  let tracks = results.flatMap((r) => r.tracks);
  // Full tracks (extended contract) already say whether they have an ISRC; only listed ones (development) may be asked.
  const unfetched = new Set(results.filter((r) => !r.isrcsIncluded).flatMap((r) => r.tracks.map((t) => t.id)));
  const lookups = isrcLookupsNeeded(tracks).filter((id) => unfetched.has(id));
  if (lookups.length > 0) {
    ctx.update({ message: `Looking up ${lookups.length} ISRCs the dedupe needs` });
    const found = await quota('looking up ISRCs', () => quick.lookUpIsrcs({ trackIds: lookups }));
    tracks = withLookedUpIsrcs(tracks, found.isrcs);
  }
  const { kept, merged } = dedupeTracks(tracks);
  const songs = kept.map(toCatalogSong);
  for (let i = 0; i < songs.length; i += SONGS_PER_BATCH) {
    await store.storeSongs({ artistId: ctx.artistId, songs: songs.slice(i, i + SONGS_PER_BATCH), incremental });
    ctx.update({ message: `Saved ${Math.min(i + SONGS_PER_BATCH, songs.length)} of ${songs.length} studio songs` });
  }
  const stored = await store.finishCatalog({
    artistId: ctx.artistId,
    keepSpotifyIds: songs.map((s) => s.spotifyId),
    albumIds: albums.albums.map((a) => a.id),
    incremental,
  });

  // The contract as the steps met it: the page size from the album listing, batch endpoints and
  // audio features from the chunks (a chunk resumed in a fresh worker still knows what it read).
  const seen = results.at(-1)?.spotifyContract ?? albums.spotifyContract;
  const contract: SpotifyContractReport = describeSpotifyContract({
    mode: albums.spotifyContract.mode,
    pageSize: albums.spotifyContract.pageSize,
    batchEndpoints: seen.batchEndpoints ?? albums.spotifyContract.batchEndpoints,
    audioFeatures: seen.audioFeatures ?? albums.spotifyContract.audioFeatures,
  });
  const outcome = catalogOutcome(results, songs, stored.songs, merged);
  ctx.update({
    message: `Imported ${stored.songs} studio songs`,
    filters: { ...outcome.liveness, skipped: false, skippedReason: null, spotifyContract: contract.summary, musicBrainzApplied: albums.musicBrainzApplied },
    counts: {
      ...ctx.state().counts,
      ...outcome.counts,
      isrcLookups: lookups.length,
      malformedItems: ctx.state().counts.malformedItems + outcome.malformed,
    },
  });
  if (contract.contract !== 'extended') ctx.warn([`Spotify: ${contract.summary}`]);
  ctx.warn(outcome.warnings);
}

/** What the catalog's chunk activities report of their tracks, on either path. */
export interface ChunkTotals {
  tracksFetched: number;
  droppedLiveTitle: number;
  droppedLiveness: number;
  keptWithoutLiveness: string[];
  livenessApplied: boolean;
  livenessUnavailableReason: string | null;
  malformed: number;
}

/**
 * The catalog's result from its chunks and the songs kept: the liveness
 * filter as applied, the track counts, and the warnings saying what was kept
 * without a liveness check.
 */
export function catalogOutcome(results: ChunkTotals[], songs: CatalogSong[], storedSongs: number, merged: number) {
  const refused = results.find((r) => !r.livenessApplied);
  // Songs of the final catalog whose liveness could not be checked.
  const unchecked = new Set(results.flatMap((r) => r.keptWithoutLiveness));
  const withoutLiveness = songs.filter((s) => unchecked.has(s.spotifyId)).length;
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
      duplicatesMerged: merged,
      remixes: songs.filter((s) => s.isRemix).length,
      songs: storedSongs,
    },
    malformed: sum(results, (r) => r.malformed),
    warnings,
  };
}

/** What an incremental resync tells the operator it did not read again, and why. */
export function incrementalAlbumsWarning(read: number, alreadyStored: number): string {
  return (
    `Incremental resync: ${read} new studio albums and singles read; ` +
    `the tracks of ${alreadyStored} already stored by an earlier sync were not read again (a released album's tracks do not change; the daily deep resync re-reads them)`
  );
}

function sum<T>(items: T[], f: (item: T) => number): number {
  return items.reduce((n, item) => n + f(item), 0);
}
