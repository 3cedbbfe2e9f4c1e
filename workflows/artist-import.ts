// The ArtistImport workflow: deterministic orchestration of the import's
// phases. No I/O here — every provider call and database write is an
// activity; time comes from the workflow clock. Progress is this workflow's
// state, read through the `progress` query.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CandidatesResult } from '../activities/catalog';
// Pure, deterministic functions (no I/O): safe inside the workflow sandbox.
import { dedupeTracks, toCatalogSong } from '../activities/catalog-rules';
import {
  ArtistNameSearchAttribute,
  ImportPhaseSearchAttribute,
  initialProgress,
  phaseProgressSignal,
  progressQuery,
  type ArtistImportInput,
  type ImportPhase,
  type ImportProgress,
  type PhaseName,
} from './definitions';

/** Where each phase sits on the 0–100 progress bar. */
const PHASE_RANGE: Record<PhaseName, [number, number]> = {
  identity: [0, 10],
  shows: [10, 50],
  catalog: [50, 90],
  setlists: [90, 97],
  // 100 is reached only once the result is stored (see `finish`).
  complete: [97, 99],
};

/** Albums per catalog activity, and how many such activities run at once. */
const ALBUMS_PER_CHUNK = 25;
const CATALOG_CHUNKS_IN_PARALLEL = 3;
/** Songs per storeSongs activity: one bulk statement each. */
const SONGS_PER_ACTIVITY = 1_000;
const LIVENESS_THRESHOLD = 0.8;

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

const quick = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { ...retry, maximumAttempts: 5, nonRetryableErrorTypes: ['UnknownAttraction', 'ProviderRefused'] },
});
// Long, paged activities heartbeat their checkpoint: a worker that dies is
// noticed within the heartbeat timeout and the retry resumes from the checkpoint.
const paged = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { ...retry, maximumAttempts: 6, nonRetryableErrorTypes: ['ProviderRefused'] },
});
const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { ...retry, maximumAttempts: 10 },
});

export async function ArtistImport(input: ArtistImportInput): Promise<ImportProgress> {
  const info = workflowInfo();
  const startedAt = new Date().toISOString();
  const state: ImportProgress = initialProgress({
    // Starts at the run's start time (ms), so a later run of the same artist
    // always has greater versions than an earlier one: a Last-Event-ID kept
    // from an earlier run never hides a new run's events.
    version: Date.parse(startedAt),
    workflowId: info.workflowId,
    runId: info.runId,
    artistId: input.artistId,
    tmAttractionId: input.tmAttractionId,
    artistName: null,
    message: 'Import queued',
    startedAt,
  });

  /** Every change goes through here: the version moves, percent never goes back. */
  const update = (patch: Partial<Omit<ImportProgress, 'version' | 'updatedAt'>>) => {
    Object.assign(state, patch, {
      percent: Math.max(state.percent, Math.min(100, Math.round(patch.percent ?? state.percent))),
      version: state.version + 1,
      updatedAt: new Date().toISOString(),
    });
  };
  /**
   * The terminal state: stored first (ImportRun, artist status), then shown,
   * so a fan who sees `done` or `failed` and reads the database finds the
   * same outcome there.
   */
  const finish = async (patch: Pick<ImportProgress, 'status' | 'message'> & Partial<ImportProgress>) => {
    const finishedAt = new Date().toISOString();
    const final: ImportProgress = {
      ...state,
      ...patch,
      finishedAt,
      percent: patch.status === 'completed' ? 100 : state.percent,
      version: state.version + 1,
      updatedAt: finishedAt,
    };
    await CancellationScope.nonCancellable(() => bookkeeping.recordImportRun(final));
    Object.assign(state, final);
  };
  const warn = (...messages: string[]) => {
    if (messages.length > 0) update({ warnings: [...state.warnings, ...messages] });
  };

  setHandler(progressQuery, () => state);
  setHandler(phaseProgressSignal, (p) => {
    // Signals from an activity of an earlier phase may arrive late: ignore them.
    if (p.phase !== state.phase) return;
    const [lo, hi] = PHASE_RANGE[p.phase];
    update({
      percent: lo + (hi - lo) * Math.max(0, Math.min(1, p.fraction)),
      message: p.message,
      counts: { ...state.counts, ...p.counts },
    });
  });

  const phase = async <T>(name: PhaseName, message: string, body: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    update({
      phase: name,
      percent: PHASE_RANGE[name][0],
      message,
      timings: { ...state.timings, [name]: { startedAt: new Date(t0).toISOString(), finishedAt: null, ms: null } },
    });
    upsertSearchAttributes([{ key: ImportPhaseSearchAttribute, value: name }]);
    const result = await body();
    const t1 = Date.now();
    update({
      percent: PHASE_RANGE[name][1],
      timings: {
        ...state.timings,
        [name]: { startedAt: new Date(t0).toISOString(), finishedAt: new Date(t1).toISOString(), ms: t1 - t0 },
      },
    });
    return result;
  };

  try {
    await bookkeeping.recordImportRun(state);

    const identity = await phase('identity', 'Looking up the artist on Ticketmaster, Spotify and setlist.fm', () =>
      quick.resolveIdentity({ artistId: input.artistId, tmAttractionId: input.tmAttractionId }),
    );
    upsertSearchAttributes([{ key: ArtistNameSearchAttribute, value: identity.name }]);
    upsertMemo({ artistName: identity.name, slug: identity.slug, spotifyId: identity.spotifyId, mbid: identity.mbid });
    update({ artistName: identity.name, message: `Found ${identity.name}` });
    warn(...identity.warnings);

    const shows = await phase('shows', 'Importing shows and venues from Ticketmaster', () =>
      paged.importShows({ artistId: input.artistId, tmAttractionId: input.tmAttractionId }),
    );
    update({
      message: `Imported ${shows.shows} shows at ${shows.venues} venues`,
      counts: {
        ...state.counts,
        eventsFetched: shows.eventsRead,
        eventsSkipped: shows.eventsSkipped + shows.unreachable,
        venues: shows.venues,
        shows: shows.shows,
        upcomingShows: shows.upcomingShows,
        malformedItems: state.counts.malformedItems + shows.malformed,
      },
    });
    warn(...shows.warnings);

    await phase('catalog', 'Importing the studio catalog from Spotify', async () => {
      if (!identity.spotifyId) {
        const reason = 'no Spotify artist matched, so there is no catalog to import';
        update({
          message: `Catalog skipped: ${reason}`,
          filters: { livenessThreshold: LIVENESS_THRESHOLD, livenessApplied: false, livenessUnavailableReason: null, skipped: true, skippedReason: reason },
        });
        return;
      }
      await importCatalog(identity.spotifyId);
    });

    const setlists = await phase('setlists', 'Predicting setlists for upcoming shows', () =>
      quick.createPredictedSetlists({ artistId: input.artistId }),
    );
    update({
      message: `Created ${setlists.created} predicted setlists`,
      counts: { ...state.counts, setlistsCreated: setlists.created },
    });
    warn(...setlists.warnings);

    await phase('complete', 'Saving the import result', async () => {});
    await finish({ status: 'completed', message: completionMessage(state) });
    return state;
  } catch (err) {
    if (isCancellation(err)) {
      await finish({ status: 'cancelled', message: 'Import cancelled', error: { phase: state.phase, message: 'cancelled' } });
      throw err;
    }
    const failedPhase: ImportPhase = state.phase;
    const reason = rootMessage(err);
    await finish({ status: 'failed', message: `Import failed during ${failedPhase}: ${reason}`, error: { phase: failedPhase, message: reason } });
    throw ApplicationFailure.create({
      message: `The ${failedPhase} phase failed: ${reason}`,
      type: 'ImportFailed',
      nonRetryable: true,
      cause: err instanceof Error ? err : undefined,
    });
  }

  async function importCatalog(spotifyId: string): Promise<void> {
    const albums = await quick.listStudioAlbums({ spotifyId });
    update({
      message: `Found ${albums.albums.length} studio albums and singles`,
      counts: {
        ...state.counts,
        albumsFetched: albums.fetched,
        albumsKept: albums.albums.length,
        albumsDroppedCompilation: albums.droppedCompilation,
        albumsDroppedLive: albums.droppedLive,
        albumsDroppedAppearsOn: albums.droppedAppearsOn,
        malformedItems: state.counts.malformedItems + albums.malformed,
      },
    });

    const chunks: (typeof albums.albums)[] = [];
    for (let i = 0; i < albums.albums.length; i += ALBUMS_PER_CHUNK) chunks.push(albums.albums.slice(i, i + ALBUMS_PER_CHUNK));
    const results: CandidatesResult[] = [];
    for (let i = 0; i < chunks.length; i += CATALOG_CHUNKS_IN_PARALLEL) {
      const wave = chunks.slice(i, i + CATALOG_CHUNKS_IN_PARALLEL);
      results.push(
        ...(await Promise.all(
          wave.map((albumsOfChunk, j) =>
            paged.collectCatalogCandidates({ albums: albumsOfChunk, chunkIndex: i + j, chunkCount: chunks.length }),
          ),
        )),
      );
    }

    // Deduplicate across the whole catalog (an ISRC can span albums of different chunks).
    const { kept, merged } = dedupeTracks(results.flatMap((r) => r.tracks));
    const songs = kept.map(toCatalogSong);
    for (let i = 0; i < songs.length; i += SONGS_PER_ACTIVITY) {
      await quick.storeSongs({ artistId: input.artistId, songs: songs.slice(i, i + SONGS_PER_ACTIVITY) });
      update({ message: `Saved ${Math.min(i + SONGS_PER_ACTIVITY, songs.length)} of ${songs.length} studio songs` });
    }
    const stored = await quick.finishCatalog({ artistId: input.artistId, keepSpotifyIds: songs.map((s) => s.spotifyId) });
    const refused = results.find((r) => !r.livenessApplied);
    // Songs of the final catalog whose liveness could not be checked.
    const unchecked = new Set(results.flatMap((r) => r.keptWithoutLiveness));
    const withoutLiveness = songs.filter((s) => unchecked.has(s.spotifyId)).length;

    update({
      message: `Imported ${stored.songs} studio songs`,
      filters: {
        livenessThreshold: LIVENESS_THRESHOLD,
        livenessApplied: !refused,
        livenessUnavailableReason: refused?.livenessUnavailableReason ?? null,
        skipped: false,
        skippedReason: null,
      },
      counts: {
        ...state.counts,
        tracksFetched: sum(results, (r) => r.tracksFetched),
        tracksDroppedLiveTitle: sum(results, (r) => r.droppedLiveTitle),
        tracksDroppedLiveness: sum(results, (r) => r.droppedLiveness),
        tracksWithoutLiveness: withoutLiveness,
        duplicatesMerged: merged,
        remixes: songs.filter((s) => s.isRemix).length,
        songs: stored.songs,
        malformedItems: state.counts.malformedItems + sum(results, (r) => r.malformed),
      },
    });
    if (refused) {
      warn(
        `Spotify refused audio features (${refused.livenessUnavailableReason ?? 'unavailable'}): liveness was not applied; ` +
          `${withoutLiveness} songs were kept on their names alone`,
      );
    } else if (withoutLiveness > 0) {
      warn(`${withoutLiveness} songs had no audio features: kept on their names alone, liveness not checked`);
    }
  }
}

function sum<T>(items: T[], f: (item: T) => number): number {
  return items.reduce((n, item) => n + f(item), 0);
}

function completionMessage(s: ImportProgress): string {
  const c = s.counts;
  return `Imported ${s.artistName ?? s.tmAttractionId}: ${c.shows} shows, ${c.venues} venues, ${c.songs} songs`;
}

/** The innermost message of an activity failure: what actually went wrong, for a fan and an operator. */
function rootMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof ActivityFailure && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
