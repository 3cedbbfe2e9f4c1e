// The import's progress transitions (domain/progress.ts): pure, so tested
// directly. The workflow changes its state only through these.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCounts,
  addWarnings,
  advancePhase,
  completionMessage,
  endPhase,
  finishProgress,
  initialProgress,
  patchProgress,
  PHASE_RANGE,
  PHASES,
  percentOf,
  startPhase,
  type ImportProgress,
} from '../../domain/progress';

const T0 = new Date('2030-01-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function queued(over: Partial<Pick<ImportProgress, 'artistName'>> = {}): ImportProgress {
  return initialProgress({
    version: T0.getTime(),
    workflowId: 'artist-import-K1',
    runId: 'run-1',
    artistId: 'artist-1',
    tmAttractionId: 'K1',
    artistName: over.artistName ?? null,
    message: 'Import queued',
    startedAt: T0.toISOString(),
  });
}

describe('initialProgress', () => {
  it('is running, queued, at 0 % with nothing counted', () => {
    const p = queued();
    expect(p).toMatchObject({ status: 'running', phase: 'queued', percent: 0, version: T0.getTime(), warnings: [], error: null, finishedAt: null });
    expect(p.updatedAt).toBe(p.startedAt);
    expect(Object.values(p.counts).every((n) => n === 0)).toBe(true);
  });
});

describe('patchProgress', () => {
  it('moves the version on by one per change and stamps the given time', () => {
    const p0 = queued();
    const p1 = patchProgress(p0, { message: 'one' }, at(10));
    const p2 = patchProgress(p1, { message: 'two' }, at(20));
    expect([p1.version - p0.version, p2.version - p1.version]).toEqual([1, 1]);
    expect(p2).toMatchObject({ message: 'two', updatedAt: at(20).toISOString() });
    // Pure: the earlier state is untouched.
    expect(p0.message).toBe('Import queued');
  });

  it('never lets the percent go back, rounds it and stops at 100', () => {
    const p = patchProgress(queued(), { percent: 40 }, at(1));
    expect(patchProgress(p, { percent: 20 }, at(2)).percent).toBe(40);
    expect(patchProgress(p, {}, at(2)).percent).toBe(40);
    expect(patchProgress(p, { percent: 41.6 }, at(2)).percent).toBe(42);
    expect(patchProgress(p, { percent: 250 }, at(2)).percent).toBe(100);
  });

  it('keeps the version and updatedAt its own, whatever the patch says', () => {
    const p = queued();
    const patched = patchProgress(p, { message: 'x', ...({ version: 1, updatedAt: 'then' } as object) }, at(5));
    expect(patched.version).toBe(p.version + 1);
    expect(patched.updatedAt).toBe(at(5).toISOString());
  });
});

describe('startPhase and endPhase', () => {
  it('open a phase at the start of its stretch and close it at its end, with its timing', () => {
    const started = startPhase(queued(), 'shows', 'Importing shows', at(100));
    expect(started).toMatchObject({ phase: 'shows', percent: PHASE_RANGE.shows[0], message: 'Importing shows' });
    expect(started.timings.shows).toEqual({ startedAt: at(100).toISOString(), finishedAt: null, ms: null });

    const ended = endPhase(started, at(350));
    expect(ended).toMatchObject({ phase: 'shows', percent: PHASE_RANGE.shows[1], message: 'Importing shows' });
    expect(ended.timings.shows).toEqual({ startedAt: at(100).toISOString(), finishedAt: at(350).toISOString(), ms: 250 });
    expect(ended.version).toBe(started.version + 1);
  });

  it('walk every phase with the percent rising and the version moving on by one per step', () => {
    let p = queued();
    const seen = [p];
    let t = 0;
    for (const phase of PHASES) {
      p = startPhase(p, phase, `Running ${phase}`, at((t += 10)));
      seen.push(p);
      p = endPhase(p, at((t += 10)));
      seen.push(p);
    }
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.version).toBe(seen[i - 1]!.version + 1);
      expect(seen[i]!.percent).toBeGreaterThanOrEqual(seen[i - 1]!.percent);
    }
    expect(Object.keys(p.timings)).toEqual([...PHASES]);
    // 100 % is only reached once the result is stored (finishProgress).
    expect(p.percent).toBe(PHASE_RANGE.complete[1]);
    expect(p.percent).toBeLessThan(100);
  });

  it('never move the bar back, even into a phase whose stretch lies behind it', () => {
    const atCatalog = endPhase(startPhase(queued(), 'catalog', 'Catalog', at(1)), at(2));
    expect(atCatalog.percent).toBe(PHASE_RANGE.catalog[1]);
    expect(startPhase(atCatalog, 'shows', 'Shows again', at(3)).percent).toBe(PHASE_RANGE.catalog[1]);
  });

  it('endPhase changes nothing before any phase has started', () => {
    const p = queued();
    expect(endPhase(p, at(1))).toBe(p);
  });
});

describe('advancePhase', () => {
  const inShows = () => startPhase(queued(), 'shows', 'Importing shows', at(1));

  it('places the report on the phase’s stretch of the bar, with its message and counts', () => {
    const [lo, hi] = PHASE_RANGE.shows;
    const p = advancePhase(inShows(), { phase: 'shows', fraction: 0.5, message: 'Imported 400 events', counts: { eventsFetched: 400 } }, at(2));
    expect(p.percent).toBe(Math.round(lo + (hi - lo) * 0.5));
    expect(p.message).toBe('Imported 400 events');
    expect(p.counts.eventsFetched).toBe(400);
    expect(p.counts.venues).toBe(0);
  });

  it('keeps the fraction within the phase', () => {
    expect(advancePhase(inShows(), { phase: 'shows', fraction: 3, message: 'm' }, at(2)).percent).toBe(PHASE_RANGE.shows[1]);
    expect(advancePhase(inShows(), { phase: 'shows', fraction: -1, message: 'm' }, at(2)).percent).toBe(PHASE_RANGE.shows[0]);
  });

  it('never moves the bar back for a smaller fraction, but still moves the version on', () => {
    const far = advancePhase(inShows(), { phase: 'shows', fraction: 0.8, message: 'far' }, at(2));
    const back = advancePhase(far, { phase: 'shows', fraction: 0.2, message: 'late report' }, at(3));
    expect(back.percent).toBe(far.percent);
    expect(back.version).toBe(far.version + 1);
  });

  it('ignores a report of another phase (a late signal): same state, same version', () => {
    const p = inShows();
    expect(advancePhase(p, { phase: 'identity', fraction: 1, message: 'late', counts: { eventsFetched: 9 } }, at(2))).toBe(p);
    expect(advancePhase(p, { phase: 'catalog', fraction: 0.5, message: 'early' }, at(2))).toBe(p);
    expect(advancePhase(queued(), { phase: 'identity', fraction: 0.5, message: 'before start' }, at(2)).version).toBe(T0.getTime());
  });
});

describe('shows and catalog side by side', () => {
  const [showsLo, showsHi] = PHASE_RANGE.shows;
  const [catalogLo, catalogHi] = PHASE_RANGE.catalog;
  const showsWidth = showsHi - showsLo;
  const catalogWidth = catalogHi - catalogLo;
  /** Identity done, then shows and catalog started together. */
  function together(): ImportProgress {
    let p = endPhase(startPhase(queued(), 'identity', 'Identity', at(1)), at(2));
    p = startPhase(p, 'shows', 'Importing shows', at(3));
    return startPhase(p, 'catalog', 'Importing the catalog', at(3));
  }

  it('both are running: listed in phase order, the first one shown, the bar at the start of the first', () => {
    const p = together();
    expect(p.runningPhases).toEqual([
      { phase: 'shows', fraction: 0 },
      { phase: 'catalog', fraction: 0 },
    ]);
    expect(p.phase).toBe('shows');
    expect(p.percent).toBe(showsLo);
    expect(p.timings.shows).toEqual({ startedAt: at(3).toISOString(), finishedAt: null, ms: null });
    expect(p.timings.catalog).toEqual({ startedAt: at(3).toISOString(), finishedAt: null, ms: null });
  });

  it('each report moves the bar by its own phase’s share, whatever the other reported', () => {
    let p = advancePhase(together(), { phase: 'catalog', fraction: 0.5, message: 'Half the albums' }, at(4));
    expect(p.percent).toBe(Math.round(showsLo + catalogWidth * 0.5));
    p = advancePhase(p, { phase: 'shows', fraction: 0.25, message: 'A quarter of the events' }, at(5));
    expect(p.percent).toBe(Math.round(showsLo + catalogWidth * 0.5 + showsWidth * 0.25));
    expect(p.runningPhases).toEqual([
      { phase: 'shows', fraction: 0.25 },
      { phase: 'catalog', fraction: 0.5 },
    ]);
    // A late, smaller report of one phase keeps that phase where it was.
    const late = advancePhase(p, { phase: 'catalog', fraction: 0.1, message: 'late' }, at(6));
    expect(late.percent).toBe(p.percent);
    expect(late.runningPhases[1]).toEqual({ phase: 'catalog', fraction: 0.5 });
  });

  it('one ends while the other runs: its timing closes, its whole stretch counts, the other is shown', () => {
    let p = advancePhase(together(), { phase: 'shows', fraction: 0.5, message: 'Half the events' }, at(4));
    p = endPhase(p, at(10), 'catalog');
    expect(p.runningPhases).toEqual([{ phase: 'shows', fraction: 0.5 }]);
    expect(p.phase).toBe('shows');
    expect(p.timings.catalog).toEqual({ startedAt: at(3).toISOString(), finishedAt: at(10).toISOString(), ms: 7 });
    expect(p.timings.shows?.finishedAt).toBeNull();
    expect(p.percent).toBe(Math.round(showsLo + catalogWidth + showsWidth * 0.5));
    p = endPhase(p, at(20), 'shows');
    expect(p).toMatchObject({ runningPhases: [], phase: 'shows', percent: catalogHi });
    expect(p.timings.shows?.ms).toBe(17);
  });

  it('ignores a report of a phase that is not running (ended, or not begun)', () => {
    const p = endPhase(together(), at(5), 'catalog');
    expect(advancePhase(p, { phase: 'catalog', fraction: 0.9, message: 'late' }, at(6))).toBe(p);
    expect(advancePhase(p, { phase: 'setlists', fraction: 0.9, message: 'early' }, at(6))).toBe(p);
  });

  it('the percent never goes back and ends at the catalog’s end, for any interleaving of reports', () => {
    const report = fc.record({ phase: fc.constantFrom('shows' as const, 'catalog' as const), fraction: fc.double({ min: -0.5, max: 1.5, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(report, { maxLength: 40 }), fc.nat({ max: 40 }), (reports, catalogEndsAfter) => {
        let p = together();
        let last = p.percent;
        reports.forEach((r, i) => {
          if (i === catalogEndsAfter) p = endPhase(p, at(100 + i), 'catalog');
          p = advancePhase(p, { ...r, message: 'm' }, at(100 + i));
          expect(p.percent).toBeGreaterThanOrEqual(last);
          expect(p.percent).toBeLessThanOrEqual(catalogHi);
          // The bar says what the phases reported, no more (within rounding).
          expect(Math.abs(p.percent - percentOf(p.timings, p.runningPhases))).toBeLessThanOrEqual(0.5);
          last = p.percent;
        });
        p = endPhase(endPhase(p, at(500), 'shows'), at(501), 'catalog');
        expect(p.percent).toBe(catalogHi);
      }),
    );
  });

  it('counts from both branches merge into the latest state instead of overwriting each other', () => {
    let p = together();
    p = advancePhase(p, { phase: 'shows', fraction: 0.5, message: 'm', counts: { eventsFetched: 600 } }, at(4));
    p = addCounts(p, { tracksFetched: 1200, songs: 800 }, at(5));
    p = advancePhase(p, { phase: 'shows', fraction: 0.6, message: 'm', counts: { eventsFetched: 700 } }, at(6));
    p = addCounts(p, { shows: 690, venues: 120 }, at(7));
    expect(p.counts).toMatchObject({ eventsFetched: 700, tracksFetched: 1200, songs: 800, shows: 690, venues: 120 });
  });

  it('a failure names the phase that failed, not the one shown, and nothing runs any more', () => {
    const p = together();
    const failed = finishProgress(p, { status: 'failed', reason: 'Spotify answered 403', phase: 'catalog' }, at(9));
    expect(failed).toMatchObject({
      status: 'failed',
      phase: 'catalog',
      runningPhases: [],
      error: { phase: 'catalog', message: 'Spotify answered 403' },
      message: 'Import failed during catalog: Spotify answered 403',
    });
    expect(finishProgress(p, { status: 'cancelled' }, at(9))).toMatchObject({ runningPhases: [], error: { phase: 'shows', message: 'cancelled' } });
  });
});

describe('addWarnings', () => {
  it('appends warnings as one change, and an empty list changes nothing', () => {
    const p = addWarnings(queued(), ['first'], at(1));
    const q = addWarnings(p, ['second', 'third'], at(2));
    expect(q.warnings).toEqual(['first', 'second', 'third']);
    expect(q.version).toBe(p.version + 1);
    expect(addWarnings(q, [], at(3))).toBe(q);
  });
});

describe('finishProgress', () => {
  function midCatalog(artistName: string | null = 'The Band'): ImportProgress {
    let p = queued({ artistName });
    p = startPhase(p, 'shows', 'Shows', at(1));
    p = patchProgress(p, { counts: { ...p.counts, shows: 12, venues: 5 } }, at(2));
    p = endPhase(p, at(3));
    p = startPhase(p, 'catalog', 'Catalog', at(4));
    p = advancePhase(p, { phase: 'catalog', fraction: 0.5, message: 'Reading tracks', counts: { songs: 40 } }, at(5));
    return p;
  }
  const end = at(1_000);

  it('completed: 100 %, the counts in the message, no error, one version on', () => {
    const p = midCatalog();
    const done = finishProgress(p, { status: 'completed' }, end);
    expect(done).toMatchObject({
      status: 'completed',
      phase: 'catalog',
      percent: 100,
      message: 'Imported The Band: 12 shows, 5 venues, 40 songs',
      error: null,
      finishedAt: end.toISOString(),
      updatedAt: end.toISOString(),
      version: p.version + 1,
    });
    expect(done.message).toBe(completionMessage(p));
  });

  it('completed: names the attraction while the artist has no name, and takes a given message', () => {
    expect(finishProgress(midCatalog(null), { status: 'completed' }, end).message).toBe('Imported K1: 12 shows, 5 venues, 40 songs');
    expect(finishProgress(midCatalog(), { status: 'completed', message: 'Resynced' }, end).message).toBe('Resynced');
  });

  it('failed: the phase it failed in and the reason, in the error and the message; the bar stays where it was', () => {
    const p = midCatalog();
    const failed = finishProgress(p, { status: 'failed', reason: 'Spotify answered 403' }, end);
    expect(failed).toMatchObject({
      status: 'failed',
      phase: 'catalog',
      percent: p.percent,
      message: 'Import failed during catalog: Spotify answered 403',
      error: { phase: 'catalog', message: 'Spotify answered 403' },
      finishedAt: end.toISOString(),
      version: p.version + 1,
    });
    expect(failed.counts).toEqual(p.counts);
  });

  it('failed before any phase: the error names the queued phase', () => {
    expect(finishProgress(queued(), { status: 'failed', reason: 'no worker' }, end).error).toEqual({ phase: 'queued', message: 'no worker' });
  });

  it('cancelled: "Import cancelled", with the phase it was in and the reason (default "cancelled")', () => {
    const p = midCatalog();
    const cancelled = finishProgress(p, { status: 'cancelled' }, end);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      percent: p.percent,
      message: 'Import cancelled',
      error: { phase: 'catalog', message: 'cancelled' },
      finishedAt: end.toISOString(),
      version: p.version + 1,
    });
    expect(finishProgress(p, { status: 'cancelled', reason: 'the fan cancelled it' }, end).error).toEqual({
      phase: 'catalog',
      message: 'the fan cancelled it',
    });
  });
});
