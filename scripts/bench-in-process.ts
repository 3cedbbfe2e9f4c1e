// The benchmark scenarios that run the API and the worker inside the bench
// process (harness/import-system.ts): kickoff latency, the import's phases,
// the setlist backtest and the two Spotify contracts.
import { upsertShows, upsertVenues, type ShowRow } from '../db/bulk';
import { DEFAULT_HTTP_OPTIONS } from '../providers/http';
import { startImportSystem, type ImportSystem, type ImportSystemOptions } from '../harness/import-system';
import { measureParallelPhases } from './bench-parallel-phases';
import { formatBacktest, importAndBacktest } from './setlists-backtest';
import { latencySummary, round, type BenchContext } from './lib/bench-context';
import { importAndWait } from './lib/import-stream';

const KICKOFFS = Number(process.env.BENCH_KICKOFFS ?? 300);

async function withSystem<T>(ctx: BenchContext, opts: Partial<ImportSystemOptions>, use: (sys: ImportSystem) => Promise<T>): Promise<T> {
  const sys = await startImportSystem({ temporalAddress: ctx.temporalAddress, databaseUrl: ctx.databaseUrl, http: ctx.http, ...opts });
  try {
    return await use(sys);
  } finally {
    await sys.stop();
  }
}

/** Kickoff latency with no worker polling: nothing but the API, Postgres and Temporal on the path. */
export function kickoff(ctx: BenchContext): Promise<Record<string, unknown>> {
  return withSystem(ctx, { worker: false }, async (sys) => {
    const kickoffMs: number[] = [];
    // The API warms up before it listens (api/warm-up.ts): the very first kickoff is reported on its
    // own; the distribution is measured after a few more, as a fan arriving later meets it.
    const WARMUP = 5;
    let firstMs = 0;
    const ids = Array.from({ length: KICKOFFS + WARMUP }, (_, i) => `bench-kickoff-${ctx.runSeed}-${i}`);
    for (const [i, id] of ids.entries()) {
      const t0 = performance.now();
      await sys.importArtist(id);
      if (i === 0) firstMs = performance.now() - t0;
      if (i >= WARMUP) kickoffMs.push(performance.now() - t0);
    }
    for (const id of ids) await sys.client.workflow.getHandle(`artist-import-${id}`).terminate('benchmark kickoff only');
    return { firstAfterReadyMs: round(firstMs, 1), ...latencySummary(kickoffMs) };
  });
}

/** Shows and catalog side by side (scripts/bench-parallel-phases.ts). */
export function parallelPhases(ctx: BenchContext): Promise<Record<string, unknown>> {
  return withSystem(ctx, { progressPollMs: 100 }, (sys) => measureParallelPhases(sys, importAndWait));
}

/** Shows (1,000 events, then again), a 2,000+ track catalog, progress delays, one bulk show upsert. */
export function phases(ctx: BenchContext): Promise<Record<string, unknown>> {
  return withSystem(ctx, { progressPollMs: 100 }, async (sys) => {
    const showsId = `gen-${900 + (ctx.runSeed % 90)}-e1000-a1`;
    const first = await importAndWait(sys, showsId);
    const again = await importAndWait(sys, showsId);
    const catalog = await importAndWait(sys, `gen-${800 + (ctx.runSeed % 90)}-e10-a330`);
    const latencies = [...first.progressLatencies, ...again.progressLatencies, ...catalog.progressLatencies];

    // One bulk statement of 1,000 shows (an update of rows that exist: the re-import path).
    const artist = await sys.db.artist.findUniqueOrThrow({ where: { tmAttractionId: showsId } });
    const shows = await sys.db.show.findMany({ where: { artistId: artist.id }, take: 1000, include: { venue: true } });
    const venueIds = await upsertVenues(sys.db, shows.flatMap((s) => (s.venue ? [{ ...s.venue }] : [])));
    const rows: ShowRow[] = shows.map((s) => ({ ...s, venueId: s.venue ? (venueIds.get(s.venue.tmVenueId) ?? null) : null, status: s.status }));
    const t0 = performance.now();
    await upsertShows(sys.db, artist.id, rows);

    return {
      shows: { events: first.final.counts.shows, firstImportMs: first.final.timings.shows?.ms, reImportMs: again.final.timings.shows?.ms },
      catalog: {
        tracksFetched: catalog.final.counts.tracksFetched,
        songs: catalog.final.counts.songs,
        livenessApplied: catalog.final.filters?.livenessApplied,
        ms: catalog.final.timings.catalog?.ms,
        spotifyRequests: sys.fakes.stats().spotify.requests,
      },
      progress: { pollMs: 100, ...latencySummary(latencies) },
      bulkShowUpsert: { rows: rows.length, ms: round(performance.now() - t0, 1) },
    };
  });
}

/** Setlist predictions against what the artist played (and the popularity baseline). */
export function setlists(ctx: BenchContext): Promise<Record<string, unknown>> {
  return withSystem(ctx, { progressPollMs: 100 }, async (sys) => {
    const backtest = await importAndBacktest(sys, 'fake-large', 30);
    console.log(formatBacktest(backtest));
    return { ...backtest };
  });
}

/**
 * One large catalog (300 album items, like fake-large) imported on each
 * Spotify contract, each in a system of its own: the client remembers the
 * contract it discovers for the process, as a production worker does.
 */
export async function contracts(ctx: BenchContext): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const spotifyRate = DEFAULT_HTTP_OPTIONS.rateLimits.spotify.requestsPerInterval ?? Infinity;
  for (const contract of ['development', 'extended'] as const) {
    out[contract] = await withSystem(ctx, { progressPollMs: 100, spotifyRediscoverAfterMs: 3_600_000 }, async (sys) => {
      sys.fakes.control.configure({ spotifyContract: contract, audioFeatures: contract === 'extended' ? 'available' : 'forbidden' });
      const id = `gen-${700 + (Date.now() % 90)}-e10-a300`;
      const before = sys.fakes.stats();
      const { final } = await importAndWait(sys, id);
      const after = sys.fakes.stats();
      const requests = after.spotify.requests - before.spotify.requests;
      const importMs = Date.parse(final.finishedAt ?? final.updatedAt) - Date.parse(final.startedAt);
      const catalogMs = final.timings.catalog?.ms ?? NaN;
      const floorMs = ctx.unthrottled ? NaN : (requests / spotifyRate) * 1000;
      return {
        artist: id,
        contractFound: final.filters?.spotifyContract,
        songs: final.counts.songs,
        albumsKept: final.counts.albumsKept,
        spotifyRequests: requests,
        requestsPerSong: round(requests / final.counts.songs, 3),
        isrcLookups: final.counts.isrcLookups,
        musicBrainzRequests: after.musicbrainz.requests - before.musicbrainz.requests,
        albumsDroppedLiveMusicBrainz: final.counts.albumsDroppedLiveMusicBrainz,
        albumsDroppedCompilationMusicBrainz: final.counts.albumsDroppedCompilationMusicBrainz,
        pageSizeAbove10: after.spotifyPageSizeAbove10 - before.spotifyPageSizeAbove10,
        importMs,
        catalogMs,
        requestsOverRateMs: floorMs,
        importOverFloor: round(importMs / floorMs),
        catalogOverFloor: round(catalogMs / floorMs),
        endpoints: Object.fromEntries(
          Object.entries(after.endpoints)
            .filter(([k]) => k.startsWith('spotify '))
            .map(([k, n]) => [k, n - (before.endpoints[k] ?? 0)])
            .filter(([, n]) => Number(n) > 0),
        ),
      };
    });
  }
  return out;
}
