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

/** A phase that is running now and how far through it is (0–1, never goes back). */
export interface RunningPhase {
  phase: PhaseName;
  fraction: number;
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
  /**
   * The phase a reader shows when it shows one: the first (in PHASES order)
   * of the running phases while any runs, else the last one that ran.
   */
  phase: ImportPhase;
  /**
   * Every phase running now, in PHASES order, with how far through each is:
   * two at once while shows and catalog run side by side. Empty before the
   * first phase, between phases and once the run has ended.
   */
  runningPhases: RunningPhase[];
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
    runningPhases: [],
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
  /** The phase that reports: phases may run side by side, each report moves its own. */
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

/**
 * Where the bar stands for these timings and running phases: each phase adds
 * its stretch of the bar once it has ended (or was passed over: a later
 * phase started without it), and a running phase adds the part of its
 * stretch it reported. Two phases running side by side thus share the bar
 * honestly: each moves it by its own progress, neither resets the other.
 */
export function percentOf(timings: ImportProgress['timings'], running: readonly RunningPhase[]): number {
  const fractions = new Map(running.map((r) => [r.phase, r.fraction]));
  const lastStarted = Math.max(-1, ...PHASES.map((phase, i) => (timings[phase] || fractions.has(phase) ? i : -1)));
  let percent = 0;
  PHASES.forEach((phase, i) => {
    const [lo, hi] = PHASE_RANGE[phase];
    const running = fractions.get(phase);
    const done = running !== undefined ? running : timings[phase]?.finishedAt || (!timings[phase] && i < lastStarted) ? 1 : 0;
    percent += (hi - lo) * done;
  });
  return percent;
}

/** The phase shown for these running phases: the first of them, else the one given (the last that ran). */
function shownPhase(running: readonly RunningPhase[], otherwise: ImportPhase): ImportPhase {
  return running[0]?.phase ?? otherwise;
}

const inPhaseOrder = (running: RunningPhase[]) => [...running].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));

/**
 * A phase begins: its timing opens and it joins the running phases (beside
 * any still running); the bar moves to its start if it had not got there.
 */
export function startPhase(p: ImportProgress, phase: PhaseName, message: string, now: Date): ImportProgress {
  const timing: PhaseTiming = { startedAt: now.toISOString(), finishedAt: null, ms: null };
  const timings = { ...p.timings, [phase]: timing };
  const runningPhases = inPhaseOrder([...p.runningPhases.filter((r) => r.phase !== phase), { phase, fraction: 0 }]);
  return patchProgress(p, { phase: shownPhase(runningPhases, phase), runningPhases, percent: percentOf(timings, runningPhases), message, timings }, now);
}

/**
 * A phase is done: its timing closes, it leaves the running phases and its
 * whole stretch counts on the bar. Without a phase named, the one shown.
 */
export function endPhase(p: ImportProgress, now: Date, phase: PhaseName | undefined = shownRunning(p)): ImportProgress {
  if (phase === undefined) return p;
  const startedAt = p.timings[phase]?.startedAt ?? now.toISOString();
  const timing: PhaseTiming = { startedAt, finishedAt: now.toISOString(), ms: now.getTime() - Date.parse(startedAt) };
  const timings = { ...p.timings, [phase]: timing };
  const runningPhases = p.runningPhases.filter((r) => r.phase !== phase);
  return patchProgress(p, { phase: shownPhase(runningPhases, phase), runningPhases, percent: percentOf(timings, runningPhases), timings }, now);
}

function shownRunning(p: ImportProgress): PhaseName | undefined {
  return p.phase === 'queued' ? undefined : p.phase;
}

/**
 * An activity's report from inside a running phase, placed on that phase's
 * stretch of the bar; phases running beside it keep their own. A report of a
 * phase that is not running (signals may arrive late) changes nothing, and a
 * smaller fraction than one reported before does not move the phase back.
 */
export function advancePhase(p: ImportProgress, update: PhaseProgressUpdate, now: Date): ImportProgress {
  const current = p.runningPhases.find((r) => r.phase === update.phase);
  if (!current) return p;
  const fraction = Math.max(current.fraction, Math.max(0, Math.min(1, update.fraction)));
  const runningPhases = p.runningPhases.map((r) => (r.phase === update.phase ? { phase: r.phase, fraction } : r));
  return patchProgress(
    p,
    { runningPhases, percent: percentOf(p.timings, runningPhases), message: update.message, counts: { ...p.counts, ...update.counts } },
    now,
  );
}

/** Counts change as one merge into the latest counts: branches running side by side never overwrite each other's. */
export function addCounts(p: ImportProgress, counts: Partial<ImportCounts>, now: Date): ImportProgress {
  return patchProgress(p, { counts: { ...p.counts, ...counts } }, now);
}

export function addWarnings(p: ImportProgress, messages: readonly string[], now: Date): ImportProgress {
  return messages.length === 0 ? p : patchProgress(p, { warnings: [...p.warnings, ...messages] }, now);
}

/**
 * How a run ended. A failure names its reason, and the phase it failed in
 * when several were running (else the phase it was in).
 */
export type ImportOutcome =
  | { status: 'completed'; message?: string }
  | { status: 'failed'; reason: string; phase?: ImportPhase }
  | { status: 'cancelled'; reason?: string };

/** The terminal state of a run: what the fan sees last and what the ImportRun row keeps. */
export function finishProgress(p: ImportProgress, outcome: ImportOutcome, now: Date): ImportProgress {
  const finishedAt = now.toISOString();
  const ended = { ...p, runningPhases: [], version: p.version + 1, updatedAt: finishedAt, finishedAt };
  switch (outcome.status) {
    case 'completed':
      return { ...ended, status: 'completed', percent: 100, message: outcome.message ?? completionMessage(p), error: null };
    case 'cancelled':
      return { ...ended, status: 'cancelled', message: 'Import cancelled', error: { phase: p.phase, message: outcome.reason ?? 'cancelled' } };
    case 'failed': {
      const phase = outcome.phase ?? p.phase;
      return {
        ...ended,
        status: 'failed',
        phase,
        message: `Import failed during ${phase}: ${outcome.reason}`,
        error: { phase, message: outcome.reason },
      };
    }
  }
}

export function completionMessage(p: ImportProgress): string {
  const c = p.counts;
  return `Imported ${p.artistName ?? p.tmAttractionId}: ${c.shows} shows, ${c.venues} venues, ${c.songs} songs`;
}
