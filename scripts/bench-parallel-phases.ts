// The bench's parallel-phases scenario (scripts/bench.ts, run in process by scripts/bench-in-process.ts): an artist with
// about 1,200 Ticketmaster events and 2,400 Spotify tracks, whose shows and
// catalog phases run side by side. The import's whole time is set against
// the two phases as they ran (their sum and the slower one) and against the
// slower phase run alone (an artist with the same events and one album, and
// one with the same albums and one event), each in the same running system.
// Target: the whole import within 1.15× of the slower phase alone.
import type { ImportProgress } from '../domain/progress';
import type { ImportsThroughApi } from './lib/import-stream';

/** The events and albums of the scenario's artist (gen-<seed>-e<events>-a<albums> of the fakes). */
const EVENTS = 1200;
const ALBUMS = 380;
const TARGET = 1.15;

type ImportAndWait = (sys: ImportsThroughApi, id: string) => Promise<{ final: ImportProgress }>;

const totalMs = (p: ImportProgress) => Date.parse(p.finishedAt ?? p.updatedAt) - Date.parse(p.startedAt);
const ratio = (a: number, b: number) => Number((a / b).toFixed(3));

export async function measureParallelPhases(sys: ImportsThroughApi, importAndWait: ImportAndWait): Promise<Record<string, unknown>> {
  const seed = 600 + (Date.now() % 90);
  // Each phase alone first (the other phase of these artists is tiny), then both at full size together.
  const showsAlone = (await importAndWait(sys, `gen-${seed}-e${EVENTS}-a1`)).final;
  const catalogAlone = (await importAndWait(sys, `gen-${seed + 1}-e1-a${ALBUMS}`)).final;
  const both = (await importAndWait(sys, `gen-${seed + 2}-e${EVENTS}-a${ALBUMS}`)).final;

  const showsMs = both.timings.shows?.ms ?? NaN;
  const catalogMs = both.timings.catalog?.ms ?? NaN;
  const slowerAloneMs = Math.max(showsAlone.timings.shows?.ms ?? NaN, catalogAlone.timings.catalog?.ms ?? NaN);
  const total = totalMs(both);
  const overlapMs =
    Math.min(Date.parse(both.timings.shows?.finishedAt ?? ''), Date.parse(both.timings.catalog?.finishedAt ?? '')) -
    Math.max(Date.parse(both.timings.shows?.startedAt ?? ''), Date.parse(both.timings.catalog?.startedAt ?? ''));
  return {
    events: both.counts.eventsFetched,
    shows: both.counts.shows,
    tracksFetched: both.counts.tracksFetched,
    songs: both.counts.songs,
    importMs: total,
    phasesMs: Object.fromEntries(Object.entries(both.timings).map(([phase, t]) => [phase, t?.ms])),
    showsMs,
    catalogMs,
    overlapMs,
    sumOfPhasesMs: showsMs + catalogMs,
    slowerPhaseMs: Math.max(showsMs, catalogMs),
    showsAloneMs: showsAlone.timings.shows?.ms,
    catalogAloneMs: catalogAlone.timings.catalog?.ms,
    slowerPhaseAloneMs: slowerAloneMs,
    importOverSum: ratio(total, showsMs + catalogMs),
    importOverSlowerPhase: ratio(total, Math.max(showsMs, catalogMs)),
    importOverSlowerPhaseAlone: ratio(total, slowerAloneMs),
    target: `importOverSlowerPhaseAlone ≤ ${TARGET}`,
    met: total / slowerAloneMs <= TARGET,
  };
}
