// The catalog phase with its working set staged in PostgreSQL (workflow code:
// orchestration only, no I/O). The same steps as the contract path of
// ./catalog-import.ts — albums, album chunks read by parallel activities, the
// few ISRCs the dedupe needs, the dedupe, the songs stored in bulk — but the
// album list and the candidate tracks are staged per run by the activities
// (activities/catalog-staging.ts) and only counts, offsets and short strings
// pass through here, so the import's history does not grow with the
// catalog's tracks: a chunk of 60 albums costs one small activity, whatever
// its tracks. The staging is deleted when the phase ends, however it ends.
import { CancellationScope, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { StagedCandidatesSummary } from '../activities/catalog-staging';
import { retry } from './activity-retry';
import { ALBUMS_PER_CHUNK, CHUNKS_IN_PARALLEL, paged } from './catalog-activities';
import { inChunkWaves } from './chunk-waves';
import { catalogOutcomeOf, metContract, reportAlbumListing, reportCatalog, type CatalogContext } from './catalog-steps';
import { quotaWaiter } from './quota-wait';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { ...retry, maximumAttempts: 5, nonRetryableErrorTypes: ['CatalogStagingLost'] },
});
const cleanup = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { ...retry, maximumAttempts: 10 },
});

export async function importStagedCatalog(ctx: CatalogContext): Promise<void> {
  try {
    await importFromStaging(ctx);
  } finally {
    // Done, failed or cancelled: the run's staging goes (a run that never gets here — terminated,
    // its worker gone for good — is cleaned up by the next run of the artist, or after a week).
    try {
      await CancellationScope.nonCancellable(() => cleanup.clearCatalogStaging());
    } catch {
      // The catalog itself is stored (or its failure is what the import reports): leftovers are swept later.
      ctx.warn(['The catalog phase could not delete its staged tracks: the next import of this artist (or a week) removes them']);
    }
  }
}

async function importFromStaging(ctx: CatalogContext): Promise<void> {
  const quota = quotaWaiter(ctx);
  const albums = await quota('listing albums', () =>
    paged.stageCatalogAlbums({ spotifyId: ctx.spotifyId, mbid: ctx.mbid, artistId: ctx.artistId, incremental: ctx.incremental }),
  );
  const incremental = albums.alreadyStored !== undefined;
  reportAlbumListing(ctx, albums, albums.albumsStaged);

  // The chunks are positions in the staged album list: chunk k reads albums [60k, 60k + 60).
  const chunkCount = Math.ceil(albums.albumsStaged / ALBUMS_PER_CHUNK);
  const chunkIndexes = Array.from({ length: chunkCount }, (_, k) => k);
  const results: StagedCandidatesSummary[] = await inChunkWaves(chunkIndexes, 1, CHUNKS_IN_PARALLEL, (_, chunkIndex) =>
    quota('reading album tracks', () =>
      paged.stageContractCandidates({
        chunkIndex,
        chunkCount,
        albumsPerChunk: ALBUMS_PER_CHUNK,
        albums: Math.min(ALBUMS_PER_CHUNK, albums.albumsStaged - chunkIndex * ALBUMS_PER_CHUNK),
      }),
    ),
  );

  // ISRCs only where the no-ISRC rule cannot decide: tracks listed without them (development contract).
  let isrcLookups = 0;
  if (results.some((r) => !r.isrcsIncluded && r.staged > 0)) {
    ctx.update({ message: 'Looking up the ISRCs the dedupe needs' });
    ({ lookups: isrcLookups } = await quota('looking up ISRCs', () => paged.lookUpStagedIsrcs()));
  }
  const candidates = results.reduce((n, r) => n + r.staged, 0);
  ctx.update({ message: `Deduplicating ${candidates} candidate tracks and saving the studio songs` });
  const stored = await store.storeStagedCatalog({ artistId: ctx.artistId, incremental, candidates });

  const outcome = catalogOutcomeOf(results, {
    storedSongs: stored.songs,
    merged: stored.merged,
    remixes: stored.remixes,
    withoutLiveness: stored.withoutLiveness,
  });
  reportCatalog(ctx, albums, metContract(albums, results.at(-1)?.spotifyContract), outcome, isrcLookups);
}
