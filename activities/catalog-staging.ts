// The catalog phase with its working set in PostgreSQL (db/catalog-staging.ts)
// instead of in Temporal's history: the album list and every candidate track
// are staged per workflow run, and the activities return counts and short
// strings only, so an import's history stays small whatever the catalog's
// size. The steps are those of catalog-albums.ts and catalog-tracks.ts (the
// same provider calls, the same rules); the dedupe — the pure rules of
// domain/ — runs here, over the staged candidates, instead of in the workflow.
//   stageCatalogAlbums → stageContractCandidates (per album chunk)
//   → lookUpStagedIsrcs (development contract) → storeStagedCatalog → clearCatalogStaging
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  deleteRunStaging,
  deleteStaleStaging,
  recordLookedUpIsrcs,
  stageAlbums,
  stagedAlbumIds,
  stagedAlbums,
  stagedTracks,
  stageTracks,
  type StagingRun,
} from '../db/catalog-staging';
import { dedupeTracks, toCatalogSong } from '../domain/catalog-rules';
import type { ChunkCounts } from '../domain/catalog-types';
import { isrcLookupsNeeded, withLookedUpIsrcs } from '../domain/catalog-isrc';
import { SONGS_PER_BATCH } from '../domain/limits';
import type { SpotifyContractReport } from '../domain/spotify-contract';
import { createCatalogActivities } from './catalog';
import { listCatalogAlbums, type CatalogAlbumListing, type ListCatalogAlbumsInput } from './catalog-albums';
import { collect, lookUpIsrcs } from './catalog-tracks';
import type { ActivityDeps } from './deps';
import { failFastOnRefusal } from './failures';
import { checkpointer, lastCheckpoint, phaseReporter } from './reporting';

/**
 * Staged rows of runs that never cleaned up are deleted once this old, whatever the artist. Far longer
 * than any catalog phase, even one sitting through several spent-quota waits (its rows must outlive it).
 */
export const CATALOG_STAGING_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** ISRC lookups per staging update (and heartbeat): a retry looks up only what no earlier attempt recorded. */
const ISRC_LOOKUPS_PER_BATCH = 50;

/** The album listing as the workflow sees it: the albums themselves are staged. */
export interface StagedAlbumListing extends Omit<CatalogAlbumListing, 'albums'> {
  /** How many albums the run staged, i.e. the track step has to read. */
  albumsStaged: number;
}

export interface StagedCandidatesInput {
  chunkIndex: number;
  chunkCount: number;
  /** The chunk reads the staged albums at positions [chunkIndex·albumsPerChunk, …+albumsPerChunk). */
  albumsPerChunk: number;
  /** How many albums that is (the last chunk may have fewer): fewer staged means the staging was lost. */
  albums: number;
}

/** One chunk's counts: its tracks are staged. */
export interface StagedCandidatesSummary extends ChunkCounts {
  staged: number;
  isrcsIncluded: boolean;
  spotifyContract: SpotifyContractReport;
}

export interface StoreStagedCatalogInput {
  artistId: string;
  /** Incremental resync: see StoreSongsInput and FinishCatalogInput. */
  incremental: boolean;
  /** How many candidates the chunks staged: the store refuses to run on fewer. */
  candidates: number;
}

/** What the workflow needs of the deduplicated catalog: numbers only. */
export interface StoredCatalogSummary {
  /** Songs the artist now has (after finishing the catalog). */
  songs: number;
  /** Songs this run's dedupe kept. */
  kept: number;
  merged: number;
  remixes: number;
  /** Kept songs whose liveness could not be checked. */
  withoutLiveness: number;
}

/** What storeStagedCatalog heartbeats: the song batches written, so a retry writes only the rest. */
interface StoreCheckpoint {
  batchesStored: number;
}

/** The workflow run this activity works for: the staging key. */
function currentRun(): StagingRun {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw new Error('the catalog staging is keyed by the workflow run: this activity must run in a workflow');
  return { workflowId: execution.workflowId, runId: execution.runId };
}

function stagingLost(what: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: `The catalog's staged ${what} of this run are incomplete (deleted while the run was open?): the catalog cannot be finished from them`,
    type: 'CatalogStagingLost',
    nonRetryable: true,
  });
}

export function createCatalogStagingActivities(deps: ActivityDeps) {
  const catalog = createCatalogActivities(deps);
  return {
    /**
     * The studio albums and singles (listCatalogAlbums), staged for the track
     * step. First deletes what earlier runs of this workflow left behind, and
     * anything staged more than a week ago.
     */
    async stageCatalogAlbums(input: ListCatalogAlbumsInput): Promise<StagedAlbumListing> {
      // No checkpoint (a retry lists again); the worker's activity liveness heartbeats for it.
      const run = currentRun();
      const removed = await deleteStaleStaging(deps.db, run, CATALOG_STAGING_MAX_AGE_MS);
      if (removed > 0) deps.logger.info({ workflowId: run.workflowId, removed }, 'deleted catalog staging rows of runs that ended without cleaning up');
      const { albums, ...listing } = await failFastOnRefusal(() => listCatalogAlbums(deps, input));
      await stageAlbums(deps.db, run, albums);
      return { ...listing, albumsStaged: albums.length };
    },

    /** One chunk of staged albums → its name- and liveness-filtered candidate tracks, staged in order. */
    async stageContractCandidates(input: StagedCandidatesInput): Promise<StagedCandidatesSummary> {
      const run = currentRun();
      const albums = await stagedAlbums(deps.db, run.runId, input.chunkIndex * input.albumsPerChunk, input.albumsPerChunk);
      if (albums.length !== input.albums) throw stagingLost('albums');
      const { tracks, keptWithoutLiveness, ...counts } = await failFastOnRefusal(() =>
        collect(deps, { albums, chunkIndex: input.chunkIndex, chunkCount: input.chunkCount }),
      );
      const unchecked = new Set(keptWithoutLiveness);
      await stageTracks(
        deps.db,
        run,
        input.chunkIndex,
        tracks.map((track) => ({ track, isrcIncluded: counts.isrcsIncluded, livenessChecked: !unchecked.has(track.id) })),
      );
      return { staged: tracks.length, ...counts };
    },

    /**
     * The ISRCs the dedupe cannot do without (domain/catalog-isrc.ts), for
     * staged tracks that came without them (development contract), recorded
     * in the staging batch by batch. Returns how many the run needed.
     */
    async lookUpStagedIsrcs(): Promise<{ lookups: number }> {
      const run = currentRun();
      const staged = await stagedTracks(deps.db, run.runId);
      const unfetched = new Set(staged.filter((s) => !s.isrcIncluded).map((s) => s.track.id));
      const needed = isrcLookupsNeeded(staged.map((s) => s.track)).filter((id) => unfetched.has(id));
      const done = new Set(staged.filter((s) => s.lookedUp !== null).map((s) => s.track.id));
      const todo = needed.filter((id) => !done.has(id));
      const report = phaseReporter(deps, 'catalog');
      const heartbeat = checkpointer({ lookedUp: needed.length - todo.length });
      try {
        for (let i = 0; i < todo.length; i += ISRC_LOOKUPS_PER_BATCH) {
          const isrcs = await failFastOnRefusal(() => lookUpIsrcs(deps, todo.slice(i, i + ISRC_LOOKUPS_PER_BATCH)));
          await recordLookedUpIsrcs(deps.db, run.runId, isrcs);
          const lookedUp = needed.length - todo.length + Math.min(i + ISRC_LOOKUPS_PER_BATCH, todo.length);
          heartbeat.save({ lookedUp });
          await report({ fraction: 1, message: `Looked up ${lookedUp} of ${needed.length} ISRCs the dedupe needs` });
        }
      } finally {
        heartbeat.stop();
      }
      return { lookups: needed.length };
    },

    /**
     * The dedupe over every staged candidate (looked-up ISRCs applied), the
     * songs stored SONGS_PER_BATCH per statement, then the catalog finished
     * (links to songs it no longer keeps removed, the albums read recorded).
     */
    async storeStagedCatalog(input: StoreStagedCatalogInput): Promise<StoredCatalogSummary> {
      const run = currentRun();
      const staged = await stagedTracks(deps.db, run.runId);
      if (staged.length !== input.candidates) throw stagingLost('candidate tracks');
      const lookedUp = Object.fromEntries(staged.flatMap((s) => (s.lookedUp ? [[s.track.id, s.lookedUp.isrc] as const] : [])));
      const candidates = staged.map((s) => s.track);
      const tracks = Object.keys(lookedUp).length > 0 ? withLookedUpIsrcs(candidates, lookedUp) : candidates;
      const { kept, merged } = dedupeTracks(tracks);
      const songs = kept.map(toCatalogSong);

      const report = phaseReporter(deps, 'catalog');
      const resumed = lastCheckpoint<Partial<StoreCheckpoint>>()?.batchesStored ?? 0;
      const heartbeat = checkpointer<StoreCheckpoint>({ batchesStored: resumed });
      try {
        for (let b = resumed; b * SONGS_PER_BATCH < songs.length; b++) {
          await catalog.storeSongs({ artistId: input.artistId, songs: songs.slice(b * SONGS_PER_BATCH, (b + 1) * SONGS_PER_BATCH), incremental: input.incremental });
          heartbeat.save({ batchesStored: b + 1 });
          const saved = Math.min((b + 1) * SONGS_PER_BATCH, songs.length);
          await report({ fraction: 1, message: `Saved ${saved} of ${songs.length} studio songs` }, { force: saved === songs.length });
        }
      } finally {
        heartbeat.stop();
      }
      const stored = await catalog.finishCatalog({
        artistId: input.artistId,
        keepSpotifyIds: songs.map((s) => s.spotifyId),
        albumIds: await stagedAlbumIds(deps.db, run.runId),
        incremental: input.incremental,
      });
      const unchecked = new Set(staged.filter((s) => !s.livenessChecked).map((s) => s.track.id));
      return {
        songs: stored.songs,
        kept: songs.length,
        merged,
        remixes: songs.filter((s) => s.isRemix).length,
        withoutLiveness: songs.filter((s) => unchecked.has(s.spotifyId)).length,
      };
    },

    /** Deletes the run's staged albums and tracks: the catalog phase is over (done, failed or cancelled). */
    async clearCatalogStaging(): Promise<{ deleted: number }> {
      return { deleted: await deleteRunStaging(deps.db, currentRun().runId) };
    },
  };
}
