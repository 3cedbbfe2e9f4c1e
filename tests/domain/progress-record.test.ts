// An import's progress as the ImportRun row keeps it, and back
// (domain/progress-record.ts): what the workflow records, and what the API
// shows once Temporal can no longer answer for the run.
import { describe, expect, it } from 'vitest';
import {
  addWarnings,
  advancePhase,
  endPhase,
  finishProgress,
  initialProgress,
  patchProgress,
  startPhase,
  type ImportOutcome,
  type ImportProgress,
} from '../../domain/progress';
import { ORPHANED_RUN_REASON, progressFromRecord, progressToRecord, type StoredRun } from '../../domain/progress-record';

const T0 = new Date('2030-01-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const artist = { artistId: 'artist-1', tmAttractionId: 'K1', artistName: 'The Band' };

/** A run in its catalog phase, with counts, timings, catalog filters and a warning. */
function runningInCatalog(): ImportProgress {
  let p = initialProgress({ version: T0.getTime(), workflowId: 'artist-import-K1', runId: 'run-1', ...artist, message: 'Import queued', startedAt: T0.toISOString() });
  p = startPhase(p, 'identity', 'Identity', at(10));
  p = endPhase(p, at(20));
  p = startPhase(p, 'shows', 'Shows', at(30));
  p = advancePhase(p, { phase: 'shows', fraction: 0.5, message: 'Half way', counts: { eventsFetched: 120 } }, at(40));
  p = patchProgress(p, { counts: { ...p.counts, shows: 118, venues: 14, upcomingShows: 30 } }, at(50));
  p = addWarnings(p, ['2 events had no usable date and were skipped'], at(55));
  p = endPhase(p, at(60));
  p = startPhase(p, 'catalog', 'Catalog', at(70));
  p = patchProgress(
    p,
    {
      counts: { ...p.counts, songs: 80, tracksFetched: 95 },
      filters: { livenessThreshold: 0.8, livenessApplied: false, livenessUnavailableReason: '403', skipped: false, skippedReason: null, spotifyContract: 'development-mode contract: no batch endpoints, no audio features', musicBrainzApplied: true },
    },
    at(80),
  );
  return p;
}

/** The row as PostgreSQL hands it back: JSON columns through JSON, dates as dates. */
function stored(p: ImportProgress): StoredRun {
  const row = progressToRecord(p);
  const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
  return { ...row, counts: json(row.counts), timings: json(row.timings), filters: json(row.filters), warnings: json(row.warnings) };
}

/** What the row keeps of a progress: everything but its version and its percent. */
function kept(p: ImportProgress) {
  const { version: _version, percent: _percent, ...rest } = p;
  return rest;
}

describe('progressToRecord', () => {
  it('keeps the failed phase and the reason in columns of their own', () => {
    const failed = finishProgress(runningInCatalog(), { status: 'failed', reason: 'Spotify answered 403' }, at(1_000));
    expect(progressToRecord(failed)).toMatchObject({
      status: 'failed',
      phase: 'catalog',
      errorPhase: 'catalog',
      errorMessage: 'Spotify answered 403',
      startedAt: T0,
      finishedAt: at(1_000),
    });
  });

  it('stores a run without catalog filters as an empty object and no error as nulls', () => {
    const p = initialProgress({ version: 1, workflowId: 'w', runId: 'r', ...artist, message: 'Import queued', startedAt: T0.toISOString() });
    expect(progressToRecord(p)).toMatchObject({ status: 'running', phase: 'queued', filters: {}, errorPhase: null, errorMessage: null, finishedAt: null });
  });
});

describe('progressFromRecord (round trip)', () => {
  const outcomes: Array<[string, ImportOutcome]> = [
    ['completed', { status: 'completed' }],
    ['failed', { status: 'failed', reason: 'Spotify answered 403 on /artists/x/albums' }],
    ['cancelled', { status: 'cancelled' }],
    ['cancelled with a reason', { status: 'cancelled', reason: 'the fan cancelled it' }],
  ];

  it.each(outcomes)('gives back a %s run as the workflow ended it (but for version and percent)', (_case, outcome) => {
    const final = finishProgress(runningInCatalog(), outcome, at(1_000));
    for (const workflowKnown of [true, false]) {
      const rebuilt = progressFromRecord(stored(final), artist, workflowKnown);
      expect(kept(rebuilt)).toEqual(kept(final));
    }
  });

  it('gives back a completed run at 100 %', () => {
    const final = finishProgress(runningInCatalog(), { status: 'completed' }, at(1_000));
    expect(progressFromRecord(stored(final), artist, false).percent).toBe(100);
  });

  it('gives back a failed run of the queued phase', () => {
    const p = initialProgress({ version: 1, workflowId: 'w', runId: 'r', ...artist, message: 'Import queued', startedAt: T0.toISOString() });
    const final = finishProgress(p, { status: 'failed', reason: 'no worker answered' }, at(5));
    expect(kept(progressFromRecord(stored(final), artist, false))).toEqual(kept(final));
  });

  it('gives back a running run whose workflow still exists as running, with what the row recorded', () => {
    const running = runningInCatalog();
    const rebuilt = progressFromRecord(stored(running), artist, true);
    expect(rebuilt).toMatchObject({
      status: 'running',
      phase: 'catalog',
      counts: running.counts,
      timings: running.timings,
      filters: running.filters,
      warnings: running.warnings,
      error: null,
      startedAt: running.startedAt,
      finishedAt: null,
      workflowId: running.workflowId,
      runId: running.runId,
      ...artist,
    });
  });

  it('settles a "running" row whose workflow no longer exists as failed in its phase, since it will never end', () => {
    const running = runningInCatalog();
    const rebuilt = progressFromRecord(stored(running), artist, false);
    expect(rebuilt).toMatchObject({
      status: 'failed',
      phase: 'catalog',
      error: { phase: 'catalog', message: ORPHANED_RUN_REASON },
      message: `Import failed during catalog: ${ORPHANED_RUN_REASON}`,
      counts: running.counts,
      warnings: running.warnings,
      // The row has no end: the run is settled at its start.
      finishedAt: running.startedAt,
    });
  });

  it('reads unreadable JSON columns as empty rather than failing', () => {
    const row: StoredRun = { ...stored(runningInCatalog()), phase: 'somewhere', counts: 'x', timings: [1], filters: 7, warnings: { a: 1 } };
    const rebuilt = progressFromRecord(row, artist, true);
    expect(rebuilt).toMatchObject({ status: 'running', phase: 'queued', timings: {}, filters: null, warnings: [] });
    expect(Object.values(rebuilt.counts).every((n) => n === 0)).toBe(true);
  });
});
