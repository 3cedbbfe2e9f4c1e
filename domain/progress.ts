// An import's progress and every rule for changing it, written once: the
// workflow moves its state only through these pure transitions, and the API
// uses the same ones to settle a run that ended without recording its end.
// Pure and dependency-free: safe inside the workflow sandbox. Every function
// takes the current time as an argument (the workflow passes its own clock).

export const PHASES = ['identity', 'shows', 'catalog', 'setlists', 'complete'] as const;
export type PhaseName = (typeof PHASES)[number];
export type ImportPhase = 'queued' | PhaseName;
/** Where a run stands: running until it ends completed, failed or cancelled. */
export const IMPORT_STATES = ['running', 'completed', 'failed', 'cancelled'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];
/** An artist's import status: `pending` until its first run starts (the shell row), then its latest run's state. */
export const ARTIST_IMPORT_STATUSES = ['pending', ...IMPORT_STATES] as const;
export type ArtistImportStatus = (typeof ARTIST_IMPORT_STATUSES)[number];

export interface ImportCounts {
  /** Ticketmaster events read (valid ones). */
  eventsFetched: number;
  /** Events dropped: malformed, or without any usable date. */
  eventsSkipped: number;
  venues: number;
  shows: number;
  upcomingShows: number;
  albumsFetched: number;
  albumsKept: number;
  albumsDroppedCompilation: number;
  albumsDroppedLive: number;
  /** Albums of other artists the artist only appears on (album_group appears_on). */
  albumsDroppedAppearsOn: number;
  /** Albums MusicBrainz types `Live` although their names do not say so. */
  albumsDroppedLiveMusicBrainz: number;
  /** Albums MusicBrainz types `Compilation` although Spotify does not. */
  albumsDroppedCompilationMusicBrainz: number;
  /** ISRCs looked up one track at a time because the dedupe could not decide without them. */
  isrcLookups: number;
  tracksFetched: number;
  tracksDroppedLiveTitle: number;
  tracksDroppedLiveness: number;
  /** Tracks kept without a liveness check (403, or no features for the track). */
  tracksWithoutLiveness: number;
  duplicatesMerged: number;
  remixes: number;
  songs: number;
  setlistsCreated: number;
  /** setlist.fm setlists read, new ones stored as actual setlists, and those that matched no stored show. */
  setlistsRead: number;
  actualSetlistsStored: number;
  actualSetlistsWithoutShow: number;
  /** Items from any source that failed validation and were skipped. */
  malformedItems: number;
}

export function emptyCounts(): ImportCounts {
  return {
    eventsFetched: 0,
    eventsSkipped: 0,
    venues: 0,
    shows: 0,
    upcomingShows: 0,
    albumsFetched: 0,
    albumsKept: 0,
    albumsDroppedCompilation: 0,
    albumsDroppedLive: 0,
    albumsDroppedAppearsOn: 0,
    albumsDroppedLiveMusicBrainz: 0,
    albumsDroppedCompilationMusicBrainz: 0,
    isrcLookups: 0,
    tracksFetched: 0,
    tracksDroppedLiveTitle: 0,
    tracksDroppedLiveness: 0,
    tracksWithoutLiveness: 0,
    duplicatesMerged: 0,
    remixes: 0,
    songs: 0,
    setlistsCreated: 0,
    setlistsRead: 0,
    actualSetlistsStored: 0,
    actualSetlistsWithoutShow: 0,
    malformedItems: 0,
  };
}

export interface PhaseTiming {
  startedAt: string;
  finishedAt: string | null;
  ms: number | null;
}

export interface CatalogFilters {
  livenessThreshold: number;
  /** False when audio features were refused (403): liveness was not applied. */
  livenessApplied: boolean;
  livenessUnavailableReason: string | null;
  skipped: boolean;
  skippedReason: string | null;
  /** The Spotify contract the catalog was read on, as the client found it (e.g. "development-mode contract: no batch endpoints, no audio features, …"). */
  spotifyContract: string | null;
  /** Whether MusicBrainz's release-group types were applied (false: name rules only). */
  musicBrainzApplied: boolean;
}

export interface ImportProgress {
  /**
   * Increments with every change: SSE event id, and what a reader compares.
   * Starts at the run's start time in ms, so it also grows across runs.
   */
  version: number;
  workflowId: string;
  runId: string;
  artistId: string;
  tmAttractionId: string;
  artistName: string | null;
  /** running until the run ends: completed, failed or cancelled. */
  status: ImportState;
  phase: ImportPhase;
  /** 0–100, never decreases. */
  percent: number;
  message: string;
  counts: ImportCounts;
  timings: Partial<Record<PhaseName, PhaseTiming>>;
  filters: CatalogFilters | null;
  warnings: string[];
  error: { phase: ImportPhase; message: string } | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** A run's progress before any phase has started. */
export function initialProgress(
  run: Pick<ImportProgress, 'version' | 'workflowId' | 'runId' | 'artistId' | 'tmAttractionId' | 'artistName' | 'message' | 'startedAt'>,
): ImportProgress {
  return {
    ...run,
    status: 'running',
    phase: 'queued',
    percent: 0,
    counts: emptyCounts(),
    timings: {},
    filters: null,
    warnings: [],
    error: null,
    updatedAt: run.startedAt,
    finishedAt: null,
  };
}


/** Where each phase sits on the 0–100 progress bar. 100 is reached only once the result is stored. */
export const PHASE_RANGE: Record<PhaseName, readonly [number, number]> = {
  identity: [0, 10],
  shows: [10, 50],
  catalog: [50, 90],
  setlists: [90, 97],
  complete: [97, 99],
};

/**
 * In-phase progress an activity reports while it works (pages read, rows
 * written), so a long phase still moves the fan's progress bar. Sent as a
 * signal, throttled by the activity; the workflow folds it into its state.
 */
export interface PhaseProgressUpdate {
  phase: PhaseName;
  /** How far through the phase, 0–1. */
  fraction: number;
  message: string;
  counts?: Partial<ImportCounts>;
}

type Patch = Partial<Omit<ImportProgress, 'version' | 'updatedAt'>>;

/** Every change goes through here: the version moves on, the percent never goes back. */
export function patchProgress(p: ImportProgress, patch: Patch, now: Date): ImportProgress {
  const percent = Math.max(p.percent, Math.min(100, Math.round(patch.percent ?? p.percent)));
  return { ...p, ...patch, percent, version: p.version + 1, updatedAt: now.toISOString() };
}

/** A phase begins: the bar jumps to its start, its timing opens. */
export function startPhase(p: ImportProgress, phase: PhaseName, message: string, now: Date): ImportProgress {
  const timing: PhaseTiming = { startedAt: now.toISOString(), finishedAt: null, ms: null };
  return patchProgress(p, { phase, percent: PHASE_RANGE[phase][0], message, timings: { ...p.timings, [phase]: timing } }, now);
}

/** The current phase is done: the bar reaches its end, its timing closes. */
export function endPhase(p: ImportProgress, now: Date): ImportProgress {
  if (p.phase === 'queued') return p;
  const phase = p.phase;
  const startedAt = p.timings[phase]?.startedAt ?? now.toISOString();
  const timing: PhaseTiming = { startedAt, finishedAt: now.toISOString(), ms: now.getTime() - Date.parse(startedAt) };
  return patchProgress(p, { percent: PHASE_RANGE[phase][1], timings: { ...p.timings, [phase]: timing } }, now);
}

/**
 * An activity's report from inside the current phase, placed on the phase's
 * stretch of the bar. A report from an earlier phase (signals may arrive
 * late) changes nothing.
 */
export function advancePhase(p: ImportProgress, update: PhaseProgressUpdate, now: Date): ImportProgress {
  if (update.phase !== p.phase) return p;
  const [lo, hi] = PHASE_RANGE[update.phase];
  const fraction = Math.max(0, Math.min(1, update.fraction));
  return patchProgress(p, { percent: lo + (hi - lo) * fraction, message: update.message, counts: { ...p.counts, ...update.counts } }, now);
}

export function addWarnings(p: ImportProgress, messages: readonly string[], now: Date): ImportProgress {
  return messages.length === 0 ? p : patchProgress(p, { warnings: [...p.warnings, ...messages] }, now);
}

/** How a run ended. A failure names its reason; the phase it failed in is the one it was in. */
export type ImportOutcome =
  | { status: 'completed'; message?: string }
  | { status: 'failed'; reason: string }
  | { status: 'cancelled'; reason?: string };

/** The terminal state of a run: what the fan sees last and what the ImportRun row keeps. */
export function finishProgress(p: ImportProgress, outcome: ImportOutcome, now: Date): ImportProgress {
  const finishedAt = now.toISOString();
  const ended = { ...p, version: p.version + 1, updatedAt: finishedAt, finishedAt };
  switch (outcome.status) {
    case 'completed':
      return { ...ended, status: 'completed', percent: 100, message: outcome.message ?? completionMessage(p), error: null };
    case 'cancelled':
      return { ...ended, status: 'cancelled', message: 'Import cancelled', error: { phase: p.phase, message: outcome.reason ?? 'cancelled' } };
    case 'failed':
      return {
        ...ended,
        status: 'failed',
        message: `Import failed during ${p.phase}: ${outcome.reason}`,
        error: { phase: p.phase, message: outcome.reason },
      };
  }
}

export function completionMessage(p: ImportProgress): string {
  const c = p.counts;
  return `Imported ${p.artistName ?? p.tmAttractionId}: ${c.shows} shows, ${c.venues} venues, ${c.songs} songs`;
}
