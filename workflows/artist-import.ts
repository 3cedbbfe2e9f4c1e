// The ArtistImport workflow: deterministic orchestration of the import's
// phases. No I/O here — every provider call and database write is an
// activity; time comes from the workflow clock. Progress is this workflow's
// state, read through the `progress` query.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CandidatesResult } from '../activities/catalog';
import { dedupeTracks, toCatalogSong } from '../domain/catalog-rules';
import { catalogOutcome, importContractCatalog, incrementalAlbumsWarning } from './catalog-import';
import { retry } from './activity-retry';
import { inChunkWaves } from './chunk-waves';
import { deadlineMs, importDeadline, isDeadlineExceeded, noDeadline } from './import-deadline';
import { waitingOutQuotas } from './quota-wait';
import {
  ArtistNameSearchAttribute,
  ImportPhaseSearchAttribute,
  phaseProgressSignal,
  progressQuery,
  type ArtistImportInput,
} from '../domain/import-workflow';
import { LIVENESS_THRESHOLD, SONGS_PER_BATCH } from '../domain/limits';
import { importCurrentDetails } from '../domain/operator-view';
import {
  addCounts,
  addWarnings,
  advancePhase,
  endPhase,
  finishProgress,
  initialProgress,
  patchProgress,
  startPhase,
  type ImportCounts,
  type ImportOutcome,
  type ImportProgress,
  type PhaseName,
} from '../domain/progress';

/** Albums per catalog activity, and how many such activities run at once. */
const ALBUMS_PER_CHUNK = 25;
const CATALOG_CHUNKS_IN_PARALLEL = 3;

/** patched() id of the setlists phase that imports setlist.fm history (activity importSetlists). */
const SETLIST_HISTORY_PATCH = 'setlists-from-history';
/** patched() id of the shows and catalog phases running side by side (before: one after the other). */
const SHOWS_BESIDE_CATALOG_PATCH = 'shows-beside-catalog';
/** patched() id of the overall deadline over the import's work (workflows/import-deadline.ts). */
const IMPORT_DEADLINE_PATCH = 'import-deadline';
/** patched() id of the run's first record written by a local activity (before: an activity task). */
const FIRST_RECORD_LOCAL_PATCH = 'first-record-local';


// Called through waitingOutQuotas (in ArtistImport), so a spent provider quota is waited out.
// Short activities heartbeat too (the worker's activity liveness): a worker that dies is noticed
// within the heartbeat timeout, not at the 2-minute limit.
const quickActivities = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { ...retry, maximumAttempts: 5, nonRetryableErrorTypes: ['UnknownAttraction', 'ProviderRefused'] },
});
// Long, paged activities heartbeat their checkpoint: a worker that dies is
// noticed within the heartbeat timeout and the retry resumes from the checkpoint.
const pagedActivities = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { ...retry, maximumAttempts: 6, nonRetryableErrorTypes: ['ProviderRefused'] },
});
const bookkeepingOptions = { startToCloseTimeout: '30 seconds', retry: { ...retry, maximumAttempts: 10 } } as const;
const bookkeeping = proxyActivities<Activities>(bookkeepingOptions);
// The run's first record, in the import's first workflow task: no activity task
// for the server to schedule, hand out and record, and no second workflow task
// before the identity phase (on the dev server, whose store writes on one
// connection, those writes of 50 imports started at once delayed every other
// call, kickoffs included).
const localBookkeeping = proxyLocalActivities<Activities>(bookkeepingOptions);

export async function ArtistImport(input: ArtistImportInput): Promise<ImportProgress> {
  const info = workflowInfo();
  const startedAt = new Date().toISOString();
  let state: ImportProgress = initialProgress({
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

  // A resync of an artist imported before reads only what can have changed
  // (the activities fall back to a full read when there is no earlier sync).
  const incremental = input.reason === 'resync';
  // What operators read in the Temporal UI (not a command: replay is unaffected).
  const showDetails = () => setCurrentDetails(importCurrentDetails(state, input.reason));

  // The state changes only through the pure transitions of domain/progress.ts, on the workflow clock.
  const update = (patch: Parameters<typeof patchProgress>[1]) => {
    state = patchProgress(state, patch, new Date());
  };
  /** Counts merged into the latest state's (branches side by side each count their own). */
  const count = (counts: Partial<ImportCounts>) => {
    state = addCounts(state, counts, new Date());
  };
  const warn = (messages: readonly string[]) => {
    state = addWarnings(state, messages, new Date());
  };
  // Every phase's provider activities: a spent quota is waited out on a timer, shown in progress and warnings.
  // Their waits are the providers' budget, not the import's own work: the deadline's clock stops meanwhile.
  const excluding = <T>(wait: () => Promise<T>): Promise<T> => deadline.excluding(wait);
  const { quick, paged } = waitingOutQuotas({ quick: quickActivities, paged: pagedActivities }, { update, warn, excluding });
  /**
   * The terminal state: stored first (ImportRun, artist status), then shown,
   * so a fan who sees `done` or `failed` and reads the database finds the
   * same outcome there.
   */
  const finish = async (outcome: ImportOutcome) => {
    const final = finishProgress(state, outcome, new Date());
    await CancellationScope.nonCancellable(() => bookkeeping.recordImportRun(final));
    state = final;
    showDetails();
  };

  setHandler(progressQuery, () => state);
  setHandler(phaseProgressSignal, (report) => {
    state = advancePhase(state, report, new Date());
  });

  // A phase running alone is the one shown; phases side by side are named together ("shows+catalog").
  const showPhaseAttribute = () => {
    const running = state.runningPhases.map((r) => r.phase).join('+');
    if (running) upsertSearchAttributes([{ key: ImportPhaseSearchAttribute, value: running }]);
  };
  const phase = async <T>(name: PhaseName, message: string, body: () => Promise<T>): Promise<T> => {
    state = startPhase(state, name, message, new Date());
    showPhaseAttribute();
    showDetails();
    const result = await body();
    const alongside = state.runningPhases.length > 1;
    state = endPhase(state, new Date(), name);
    if (alongside) showPhaseAttribute();
    showDetails();
    return result;
  };

  /** The phase whose failure ended phases running side by side (the ones it cancelled did not fail). */
  let failedPhase: PhaseName | null = null;
  /**
   * Phases side by side, in a scope of their own: the first to fail cancels
   * the others, and the import fails with its reason. A cancellation from
   * outside (the import cancelled, its deadline passed) reaches them all.
   */
  const phasesTogether = async (phases: Array<[PhaseName, string, () => Promise<void>]>): Promise<void> => {
    const scope = new CancellationScope();
    const failures: unknown[] = [];
    const settled = await scope.run(() =>
      Promise.allSettled(
        phases.map(([name, message, body]) =>
          phase(name, message, body).catch((err: unknown) => {
            if (failures.length === 0 && !isCancellation(err)) {
              failures.push(err);
              failedPhase = name;
              scope.cancel();
            }
            throw err;
          }),
        ),
      ),
    );
    if (failures.length > 0) throw failures[0];
    const rejected = settled.find((r) => r.status === 'rejected');
    if (rejected) throw rejected.reason;
  };

  const deadline = patched(IMPORT_DEADLINE_PATCH) ? importDeadline(deadlineMs(input.deadlineMs)) : noDeadline;

  try {
    await deadline.run(() => importArtist());
    await finish({ status: 'completed' });
    return state;
  } catch (err) {
    if (isCancellation(err)) {
      await finish({ status: 'cancelled' });
      throw err;
    }
    const failedIn = failedPhase ?? state.phase;
    const reason = isDeadlineExceeded(err) ? `${err.message} with ${runningWords(state)} still running` : rootMessage(err);
    await finish({ status: 'failed', reason, phase: failedIn });
    throw ApplicationFailure.create({
      message: `The ${failedIn} phase failed: ${reason}`,
      type: 'ImportFailed',
      nonRetryable: true,
      cause: err instanceof Error ? err : undefined,
    });
  }

  /** The import's work, from the first record of the run to its last phase. */
  async function importArtist(): Promise<void> {
    showDetails();
    // Imports recorded before wrote it with an activity task, and replay that.
    await (patched(FIRST_RECORD_LOCAL_PATCH) ? localBookkeeping : bookkeeping).recordImportRun(state);

    const identity = await phase('identity', 'Looking up the artist on Ticketmaster, Spotify and setlist.fm', () =>
      quick.resolveIdentity({ artistId: input.artistId, tmAttractionId: input.tmAttractionId, incremental }),
    );
    upsertSearchAttributes([{ key: ArtistNameSearchAttribute, value: identity.name }]);
    upsertMemo({ artistName: identity.name, slug: identity.slug, spotifyId: identity.spotifyId, mbid: identity.mbid });
    update({ artistName: identity.name, message: `Found ${identity.name}` });
    warn(identity.warnings);

    const shows: [PhaseName, string, () => Promise<void>] = ['shows', 'Importing shows and venues from Ticketmaster', () => importShows()];
    const catalog: [PhaseName, string, () => Promise<void>] = [
      'catalog',
      'Importing the studio catalog from Spotify',
      () => importStudioCatalog(identity.spotifyId, identity.mbid),
    ];
    // Ticketmaster and Spotify/MusicBrainz are different providers: their phases run side by side.
    // Imports recorded before ran them one after the other, and replay that.
    if (patched(SHOWS_BESIDE_CATALOG_PATCH)) {
      await phasesTogether([shows, catalog]);
    } else {
      await phase(...shows);
      await phase(...catalog);
    }

    const setlists = await phase('setlists', 'Importing setlist.fm history and predicting setlists', () =>
      // Imports recorded before the history import scheduled the old activity
      // at this point: they replay it (same work, without a heartbeat).
      patched(SETLIST_HISTORY_PATCH)
        ? paged.importSetlists({ artistId: input.artistId })
        : quick.createPredictedSetlists({ artistId: input.artistId }),
    );
    update({
      message:
        `Stored ${setlists.actualStored ?? 0} setlists from setlist.fm ` +
        `(${setlists.actualWithoutShow ?? 0} of them matched no Ticketmaster show); ` +
        `created ${setlists.created} predicted setlists`,
    });
    count({
      setlistsCreated: setlists.created,
      setlistsRead: state.counts.setlistsRead + (setlists.setlistsRead ?? 0),
      actualSetlistsStored: state.counts.actualSetlistsStored + (setlists.actualStored ?? 0),
      actualSetlistsWithoutShow: state.counts.actualSetlistsWithoutShow + (setlists.actualWithoutShow ?? 0),
      malformedItems: state.counts.malformedItems + (setlists.malformed ?? 0),
    });
    warn(setlists.warnings);

    await phase('complete', 'Saving the import result', async () => {});
  }

  async function importShows(): Promise<void> {
    const shows = await paged.importShows({ artistId: input.artistId, tmAttractionId: input.tmAttractionId, incremental });
    update({ message: `Imported ${shows.shows} shows at ${shows.venues} venues` });
    count({
      eventsFetched: shows.eventsRead,
      eventsSkipped: shows.eventsSkipped + shows.unreachable,
      venues: shows.venues,
      shows: shows.shows,
      upcomingShows: shows.upcomingShows,
      malformedItems: state.counts.malformedItems + shows.malformed,
    });
    warn(shows.warnings);
    if (shows.incremental) {
      warn([
        `Incremental resync: events read from ${shows.incremental.from} on (the last sync's horizon); ` +
          `${shows.incremental.showsBefore} stored shows dated before it were not read again (past when last synced, they cannot change)`,
      ]);
    }
  }

  async function importStudioCatalog(spotifyId: string | null, mbid: string | null): Promise<void> {
    if (!spotifyId) {
      const reason = 'no Spotify artist matched, so there is no catalog to import';
      update({
        message: `Catalog skipped: ${reason}`,
        filters: { livenessThreshold: LIVENESS_THRESHOLD, livenessApplied: false, livenessUnavailableReason: null, skipped: true, skippedReason: reason, spotifyContract: null, musicBrainzApplied: false },
      });
      return;
    }
    // Runs recorded before Spotify's two contracts and MusicBrainz keep replaying the old path.
    if (patched('catalog-on-both-spotify-contracts')) {
      await importContractCatalog({ artistId: input.artistId, incremental, spotifyId, mbid, state: () => state, update, warn, excluding });
    } else {
      await importCatalog(spotifyId);
    }
  }

  async function importCatalog(spotifyId: string): Promise<void> {
    const albums = await quick.listStudioAlbums({ spotifyId, artistId: input.artistId, incremental });
    if (albums.alreadyStored !== undefined) warn([incrementalAlbumsWarning(albums.albums.length, albums.alreadyStored)]);
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

    const results: CandidatesResult[] = await inChunkWaves(albums.albums, ALBUMS_PER_CHUNK, CATALOG_CHUNKS_IN_PARALLEL, (chunk, chunkIndex, chunkCount) =>
      paged.collectCatalogCandidates({ albums: chunk, chunkIndex, chunkCount }),
    );

    // Deduplicate across the whole catalog (an ISRC can span albums of different chunks).
    const { kept, merged } = dedupeTracks(results.flatMap((r) => r.tracks));
    const songs = kept.map(toCatalogSong);
    for (let i = 0; i < songs.length; i += SONGS_PER_BATCH) {
      await quick.storeSongs({ artistId: input.artistId, songs: songs.slice(i, i + SONGS_PER_BATCH), incremental: albums.alreadyStored !== undefined });
      update({ message: `Saved ${Math.min(i + SONGS_PER_BATCH, songs.length)} of ${songs.length} studio songs` });
    }
    const stored = await quick.finishCatalog({
      artistId: input.artistId,
      keepSpotifyIds: songs.map((s) => s.spotifyId),
      albumIds: albums.albums.map((a) => a.id),
      incremental: albums.alreadyStored !== undefined,
    });
    const outcome = catalogOutcome(results, songs, stored.songs, merged);
    update({
      message: `Imported ${stored.songs} studio songs`,
      filters: { ...outcome.liveness, skipped: false, skippedReason: null, spotifyContract: null, musicBrainzApplied: false },
      counts: { ...state.counts, ...outcome.counts, malformedItems: state.counts.malformedItems + outcome.malformed },
    });
    warn(outcome.warnings);
  }
}

/** "shows and catalog": the phases running when the deadline passed. */
function runningWords(p: ImportProgress): string {
  const names = p.runningPhases.map((r) => r.phase);
  if (names.length === 0) return p.phase;
  return names.length === 1 ? `${names[0]}` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The innermost message of an activity failure: what actually went wrong, for a fan and an operator. */
function rootMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof ActivityFailure && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
