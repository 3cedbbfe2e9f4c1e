// An import's progress as the ImportRun row stores it, both ways: what the
// workflow records at the start and end of a run, and the snapshot the API
// rebuilds from that row once Temporal can no longer answer for the run.
// The row keeps the failed phase and the reason in columns of their own.
import { z } from 'zod';
import { emptyCounts, finishProgress, initialProgress, type ImportPhase, type ImportProgress, type ImportState } from './progress';
import { CatalogFiltersSchema, ImportCountsSchema, ImportPhaseSchema, TimingsSchema } from './progress-schema';

/** The columns of an ImportRun row that hold a run's progress (JSON columns as read: unknown). */
export interface StoredRun {
  workflowId: string;
  runId: string;
  status: ImportState | 'pending';
  phase: string;
  counts: unknown;
  timings: unknown;
  filters: unknown;
  warnings: unknown;
  errorPhase: string | null;
  errorMessage: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** The row's values for a progress (JSON columns as plain values). */
export function progressToRecord(p: ImportProgress) {
  return {
    workflowId: p.workflowId,
    runId: p.runId,
    status: p.status,
    phase: p.phase,
    counts: p.counts,
    timings: p.timings,
    filters: p.filters ?? {},
    warnings: p.warnings,
    errorPhase: p.error?.phase ?? null,
    errorMessage: p.error?.message ?? null,
    startedAt: new Date(p.startedAt),
    finishedAt: p.finishedAt ? new Date(p.finishedAt) : null,
  };
}

/** What the snapshot says of the artist. */
export interface RecordedArtist {
  artistId: string;
  tmAttractionId: string;
  /** Null while only the shell row exists. */
  artistName: string | null;
}

const WarningsSchema = z.array(z.string());
/** A run still "running" in its row whose workflow Temporal no longer knows will never end by itself. */
export const ORPHANED_RUN_REASON = 'the import was interrupted and its workflow no longer exists; start it again';

/**
 * A snapshot rebuilt from the row. `workflowKnown` says whether Temporal
 * still has the run: a row that says "running" of a run it does not have
 * is reported as failed, since it will never finish.
 */
export function progressFromRecord(run: StoredRun, artist: RecordedArtist, workflowKnown: boolean): ImportProgress {
  const { phase, error, ...recordedParts } = readStoredRun(run);
  const startedAt = run.startedAt.toISOString();
  const recorded: ImportProgress = {
    ...initialProgress({ version: 0, workflowId: run.workflowId, runId: run.runId, ...artist, message: 'Import running', startedAt }),
    ...recordedParts,
    // A failed run is shown in the phase it failed in.
    phase: error?.phase ?? phase,
  };
  const end = run.finishedAt ?? run.startedAt;
  switch (run.status) {
    case 'completed':
      return finishProgress(recorded, { status: 'completed' }, end);
    case 'cancelled':
      return finishProgress(recorded, { status: 'cancelled', reason: error?.message }, end);
    case 'failed':
      return finishProgress(recorded, { status: 'failed', reason: error?.message ?? 'the import failed' }, end);
    default:
      return workflowKnown ? recorded : finishProgress(recorded, { status: 'failed', reason: ORPHANED_RUN_REASON }, end);
  }
}

/** The row's JSON and error columns, parsed; anything unreadable reads as empty rather than failing the reader. */
export function readStoredRun(run: StoredRun) {
  const phase: ImportPhase = ImportPhaseSchema.catch('queued').parse(run.phase);
  const errorPhase = ImportPhaseSchema.catch(phase).parse(run.errorPhase ?? phase);
  const hasError = run.errorPhase !== null || run.errorMessage !== null;
  return {
    phase,
    counts: ImportCountsSchema.catch(emptyCounts()).parse(run.counts),
    timings: TimingsSchema.catch({}).parse(run.timings),
    filters: CatalogFiltersSchema.nullable().catch(null).parse(run.filters),
    warnings: WarningsSchema.catch([]).parse(run.warnings),
    error: hasError ? { phase: errorPhase, message: run.errorMessage ?? 'the import failed' } : null,
  };
}
