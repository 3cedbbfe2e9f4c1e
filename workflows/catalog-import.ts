// The catalog phase on either Spotify contract (workflow code: orchestration
// only, no I/O). Albums (page size discovered by the client) minus name-rule
// and MusicBrainz live albums and compilations; album chunks read by parallel
// activities (batch endpoints where the app may use them, one album at a time
// where not); the few ISRCs the dedupe needs; the dedupe (the most popular
// version, or — without popularity — the earliest release); the songs stored
// in bulk. A spent quota is waited out on a timer (quota-wait.ts).
//
// Runs since CATALOG_STAGING_PATCH stage the album list and the candidate
// tracks in PostgreSQL (./staged-catalog.ts), so history stays small whatever
// the catalog's size. Runs recorded before it carried every candidate track
// and song through activity inputs and results: they replay the path below.
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ContractCandidatesResult } from '../activities/catalog-tracks';
import { dedupeTracks, toCatalogSong } from '../domain/catalog-rules';
import { isrcLookupsNeeded, withLookedUpIsrcs } from '../domain/catalog-isrc';
import { SONGS_PER_BATCH } from '../domain/limits';
import { retry } from './activity-retry';
import { ALBUMS_PER_CHUNK, CHUNKS_IN_PARALLEL, paged, quick } from './catalog-activities';
import { inChunkWaves } from './chunk-waves';
import { catalogOutcome, metContract, reportAlbumListing, reportCatalog, type CatalogContext } from './catalog-steps';
import { quotaWaiter } from './quota-wait';
import { importStagedCatalog } from './staged-catalog';

// What the ArtistImport workflow (and its replay-only catalog path) import from here.
export { catalogOutcome, incrementalAlbumsWarning, type CatalogContext, type ChunkTotals } from './catalog-steps';

/** patched() id of the catalog phase whose album list and candidate tracks are staged in PostgreSQL. */
export const CATALOG_STAGING_PATCH = 'catalog-staged-in-postgres';

const store = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { ...retry, maximumAttempts: 5 },
});

export async function importContractCatalog(ctx: CatalogContext): Promise<void> {
  if (patched(CATALOG_STAGING_PATCH)) {
    await importStagedCatalog(ctx);
    return;
  }
  await importCatalogThroughHistory(ctx);
}

/** The contract path as recorded before CATALOG_STAGING_PATCH: every track passes through history. Kept for replay. */
async function importCatalogThroughHistory(ctx: CatalogContext): Promise<void> {
  const quota = quotaWaiter(ctx);
  const albums = await quota('listing albums', () =>
    quick.listCatalogAlbums({ spotifyId: ctx.spotifyId, mbid: ctx.mbid, artistId: ctx.artistId, incremental: ctx.incremental }),
  );
  const incremental = albums.alreadyStored !== undefined;
  reportAlbumListing(ctx, albums, albums.albums.length);

  const results: ContractCandidatesResult[] = await inChunkWaves(albums.albums, ALBUMS_PER_CHUNK, CHUNKS_IN_PARALLEL, (chunk, chunkIndex, chunkCount) =>
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

  const outcome = catalogOutcome(results, songs, stored.songs, merged);
  reportCatalog(ctx, albums, metContract(albums, results.at(-1)?.spotifyContract), outcome, lookups.length);
}
