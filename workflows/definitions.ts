// What the ArtistImport workflow shares with its callers (API, schedules,
// tests): names, ids, the progress shape and the query that reads it.
// Only @temporalio/workflow's definition helpers are imported here, so this
// module is safe both inside the workflow bundle and in client code.
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const TASK_QUEUE_DEFAULT = 'artist-import';
export const ARTIST_IMPORT_WORKFLOW = 'ArtistImport';

/** Deterministic id: a second request for the same artist attaches to the running import. */
export function artistImportWorkflowId(tmAttractionId: string): string {
  return `artist-import-${tmAttractionId}`;
}

/** Search attributes that make imports findable in the Temporal UI. */
export const ArtistNameSearchAttribute = defineSearchAttributeKey('ArtistName', 'TEXT');
export const TmAttractionIdSearchAttribute = defineSearchAttributeKey('TmAttractionId', 'KEYWORD');
export const ImportPhaseSearchAttribute = defineSearchAttributeKey('ImportPhase', 'KEYWORD');
export const SEARCH_ATTRIBUTES = {
  ArtistName: 'TEXT',
  TmAttractionId: 'KEYWORD',
  ImportPhase: 'KEYWORD',
} as const;

export type ImportReason = 'user' | 'resync' | 'deep-resync';

export interface ArtistImportInput {
  tmAttractionId: string;
  /** The artist row the API created (shell) before starting the workflow. */
  artistId: string;
  reason: ImportReason;
}

export const PHASES = ['identity', 'shows', 'catalog', 'setlists', 'complete'] as const;
export type PhaseName = (typeof PHASES)[number];
export type ImportPhase = 'queued' | PhaseName;
export type ImportState = 'running' | 'completed' | 'failed' | 'cancelled';

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
  tracksFetched: number;
  tracksDroppedLiveTitle: number;
  tracksDroppedLiveness: number;
  /** Tracks kept without a liveness check (403, or no features for the track). */
  tracksWithoutLiveness: number;
  duplicatesMerged: number;
  remixes: number;
  songs: number;
  setlistsCreated: number;
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
    tracksFetched: 0,
    tracksDroppedLiveTitle: 0,
    tracksDroppedLiveness: 0,
    tracksWithoutLiveness: 0,
    duplicatesMerged: 0,
    remixes: 0,
    songs: 0,
    setlistsCreated: 0,
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

export const progressQuery = defineQuery<ImportProgress>('progress');

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

export const phaseProgressSignal = defineSignal<[PhaseProgressUpdate]>('phaseProgress');
