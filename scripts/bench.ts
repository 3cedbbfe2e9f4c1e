// Benchmark of the import against the fake providers on a real Temporal
// server and a real PostgreSQL: `npm run bench` starts a private dev server and
// a fresh migrated database (as the tests do), or uses BENCH_TEMPORAL_ADDRESS
// and BENCH_DATABASE_URL (a migrated database) when both are set. Provider rate limits are the real
// services' (5 req/s Ticketmaster, 10 req/s Spotify, 2 req/s setlist.fm)
// unless BENCH_UNTHROTTLED=1, so phase times are what a real import would see.
//
// Measures, against the spec's targets (seed SLOs, P99):
//   kickoff  POST /api/artists/import → 202            < 200 ms
//   shows    shows & venues phase, 1,000 events        < 30 s
//   catalog  catalog phase, 2,000+ tracks with features < 45 s
//   progress progress event after a state change       < 200 ms
//   bulk     one 1,000-row show upsert statement
//   fanout   1,000 SSE clients on one import vs one: Temporal queries/s, CPU, event delay, versions
//   setlists the setlist predictor's backtest on fake-large (scripts/setlists-backtest.ts)
//   contracts the same large catalog on each Spotify contract: Spotify requests
//            per kept song (≤ 0.2 development mode, ≤ 0.06 extended quota) and
//            the import's time against requests ÷ the Spotify rate (≤ 1.3 ×)
// BENCH_ONLY=contracts runs that last part alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { upsertShows, upsertVenues, type ShowRow } from '../db/bulk';
import { DEFAULT_HTTP_OPTIONS, type HttpOverrides } from '../providers/http';
import { startImportSystem, type ImportSystem } from '../harness/import-system';
import { startLocalServices } from '../harness/local-services';
import { readSse, sseJson } from '../harness/sse';
import { formatBacktest, importAndBacktest } from './setlists-backtest';
import type { ImportProgress } from '../domain/progress';
import { measureFanout } from './bench-fanout';
import { percentile } from './lib/percentile';

const unthrottled = process.env.BENCH_UNTHROTTLED === '1';
const KICKOFFS = Number(process.env.BENCH_KICKOFFS ?? 300);
const FANOUT_CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
const run = Date.now().toString(36);


/** Longest one import may stream before the benchmark gives up on it (throttled imports take minutes). */
const IMPORT_TIMEOUT_MS = 20 * 60_000;

async function importAndWait(sys: ImportSystem, id: string): Promise<{ final: ImportProgress; progressLatencies: number[] }> {
  const { artistId } = await sys.importArtist(id);
  const progressLatencies: number[] = [];
  const sse = await readSse(`${sys.apiUrl}/api/artists/${artistId}/stream`, {
    timeoutMs: IMPORT_TIMEOUT_MS,
    // Timed as each event arrives, against the workflow's own change time.
    onEvent(e) {
      if (e.event !== 'progress') return;
      const p = sseJson<ImportProgress>(e);
      if (p.updatedAt) progressLatencies.push(Date.now() - Date.parse(p.updatedAt));
    },
  });
  const last = sse.events.at(-1);
  if (!sse.ended || last?.event !== 'done') {
    const how = sse.ended ? 'ended' : `was cut (${sse.stoppedBy} after ${sse.ms} ms)`;
    throw new Error(`the stream of ${id} ${how} with ${last?.event ?? 'no event'}: ${last?.data ?? sse.body ?? ''}`);
  }
  return { final: sseJson<ImportProgress>(last), progressLatencies };
}

async function main(): Promise<void> {
  const { BENCH_TEMPORAL_ADDRESS: givenAddress, BENCH_DATABASE_URL: givenDatabase } = process.env;
  if (givenAddress && givenDatabase) return measure(givenAddress, givenDatabase, undefined);
  const services = await startLocalServices('bench');
  try {
    await measure(services.temporalAddress, services.databaseUrl, services.temporalPid);
  } finally {
    await services.stop();
  }
}

async function measure(temporalAddress: string, databaseUrl: string, temporalPid: number | undefined): Promise<void> {
  const results: Record<string, unknown> = { at: new Date().toISOString(), unthrottled, rateLimits: unthrottled ? 'raised' : DEFAULT_HTTP_OPTIONS.rateLimits };
  // No daily quotas: the bench measures imports at the providers' rates, and its database outlives a run.
  const noQuotas = { ticketmaster: { requestsPerDay: null }, spotify: { requestsPerDay: null }, setlistfm: { requestsPerDay: null }, musicbrainz: { requestsPerDay: null } };
  const http: HttpOverrides = unthrottled
    ? {
        rateLimits: {
          ...noQuotas,
          ticketmaster: { requestsPerInterval: 1000, maxConcurrent: 16, requestsPerDay: null },
          spotify: { requestsPerInterval: 1000, maxConcurrent: 16, requestsPerDay: null },
          setlistfm: { requestsPerInterval: 1000, maxConcurrent: 8, requestsPerDay: null },
        },
      }
    : { rateLimits: noQuotas };
  if (process.env.BENCH_ONLY !== 'contracts') await measurePhases(temporalAddress, databaseUrl, http, results, temporalPid);
  results.contracts = await measureContracts(temporalAddress, databaseUrl, http);

  mkdirSync('.local', { recursive: true });
  writeFileSync('.local/bench.json', JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
}

/**
 * One large catalog (300 album items, like fake-large) imported on each
 * Spotify contract, each in a system of its own: the client remembers the
 * contract it discovers for the process, as a production worker does.
 */
async function measureContracts(temporalAddress: string, databaseUrl: string, http: HttpOverrides): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const spotifyRate = DEFAULT_HTTP_OPTIONS.rateLimits.spotify.requestsPerInterval ?? Infinity;
  for (const contract of ['development', 'extended'] as const) {
    const sys = await startImportSystem({ temporalAddress, databaseUrl, http, progressPollMs: 100, spotifyRediscoverAfterMs: 3_600_000 });
    sys.fakes.control.configure({ spotifyContract: contract, audioFeatures: contract === 'extended' ? 'available' : 'forbidden' });
    const id = `gen-${700 + (Date.now() % 90)}-e10-a300`;
    const before = sys.fakes.stats();
    const { final } = await importAndWait(sys, id);
    const after = sys.fakes.stats();
    const requests = after.spotify.requests - before.spotify.requests;
    const importMs = Date.parse(final.finishedAt ?? final.updatedAt) - Date.parse(final.startedAt);
    const catalogMs = final.timings.catalog?.ms ?? NaN;
    const floorMs = unthrottled ? NaN : (requests / spotifyRate) * 1000;
    out[contract] = {
      artist: id,
      contractFound: final.filters?.spotifyContract,
      songs: final.counts.songs,
      albumsKept: final.counts.albumsKept,
      spotifyRequests: requests,
      requestsPerSong: Number((requests / final.counts.songs).toFixed(3)),
      isrcLookups: final.counts.isrcLookups,
      musicBrainzRequests: after.musicbrainz.requests - before.musicbrainz.requests,
      albumsDroppedLiveMusicBrainz: final.counts.albumsDroppedLiveMusicBrainz,
      albumsDroppedCompilationMusicBrainz: final.counts.albumsDroppedCompilationMusicBrainz,
      pageSizeAbove10: after.spotifyPageSizeAbove10 - before.spotifyPageSizeAbove10,
      importMs,
      catalogMs,
      requestsOverRateMs: floorMs,
      importOverFloor: Number((importMs / floorMs).toFixed(2)),
      catalogOverFloor: Number((catalogMs / floorMs).toFixed(2)),
      endpoints: Object.fromEntries(
        Object.entries(after.endpoints)
          .filter(([k]) => k.startsWith('spotify '))
          .map(([k, n]) => [k, n - (before.endpoints[k] ?? 0)])
          .filter(([, n]) => Number(n) > 0),
      ),
    };
    await sys.stop();
  }
  return out;
}

async function measurePhases(
  temporalAddress: string,
  databaseUrl: string,
  http: HttpOverrides,
  results: Record<string, unknown>,
  temporalPid: number | undefined,
): Promise<void> {
  // 1. Kickoff latency, with no worker polling: nothing but the API, Postgres and Temporal on the path.
  const kickoff = await startImportSystem({ temporalAddress, databaseUrl, worker: false, http });
  const kickoffMs: number[] = [];
  // The API warms up before it listens (api/warm-up.ts): the very first kickoff is reported on its
  // own; the distribution is measured after a few more, as a fan arriving later meets it.
  const WARMUP = 5;
  let firstMs = 0;
  for (let i = 0; i < KICKOFFS + WARMUP; i++) {
    const t0 = performance.now();
    await kickoff.importArtist(`bench-kickoff-${run}-${i}`);
    if (i === 0) firstMs = performance.now() - t0;
    if (i >= WARMUP) kickoffMs.push(performance.now() - t0);
  }
  for (let i = 0; i < KICKOFFS + WARMUP; i++) {
    await kickoff.client.workflow.getHandle(`artist-import-bench-kickoff-${run}-${i}`).terminate('benchmark kickoff only');
  }
  await kickoff.stop();
  results.kickoff = { n: KICKOFFS, firstAfterReadyMs: firstMs, p50: percentile(kickoffMs, 50), p99: percentile(kickoffMs, 99), max: Math.max(...kickoffMs) };

  // 2–4. Phases through the whole system.
  const sys = await startImportSystem({ temporalAddress, databaseUrl, http, progressPollMs: 100 });
  const showsId = `gen-${900 + (Date.now() % 90)}-e1000-a1`;
  const first = await importAndWait(sys, showsId);
  const again = await importAndWait(sys, showsId);
  results.shows = {
    events: first.final.counts.shows,
    firstImportMs: first.final.timings.shows?.ms,
    reImportMs: again.final.timings.shows?.ms,
  };
  const catalogId = `gen-${800 + (Date.now() % 90)}-e10-a330`;
  const catalog = await importAndWait(sys, catalogId);
  results.catalog = {
    tracksFetched: catalog.final.counts.tracksFetched,
    songs: catalog.final.counts.songs,
    livenessApplied: catalog.final.filters?.livenessApplied,
    ms: catalog.final.timings.catalog?.ms,
    spotifyRequests: sys.fakes.stats().spotify.requests,
  };
  const latencies = [...first.progressLatencies, ...again.progressLatencies, ...catalog.progressLatencies];
  results.progress = { n: latencies.length, pollMs: 100, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };

  // 5. One bulk statement of 1,000 shows (an update of rows that exist: the re-import path).
  const artist = await sys.db.artist.findUniqueOrThrow({ where: { tmAttractionId: showsId } });
  const shows = await sys.db.show.findMany({ where: { artistId: artist.id }, take: 1000, include: { venue: true } });
  const venueIds = await upsertVenues(sys.db, shows.flatMap((s) => (s.venue ? [{ ...s.venue }] : [])));
  const rows: ShowRow[] = shows.map((s) => ({ ...s, venueId: s.venue ? (venueIds.get(s.venue.tmVenueId) ?? null) : null, status: s.status }));
  const t0 = performance.now();
  await upsertShows(sys.db, artist.id, rows);
  results.bulkShowUpsert = { rows: rows.length, ms: performance.now() - t0 };

  // 6. Many fans on one import: the same artist shape watched by one client, then by many.
  const fanoutShape = (seed: number) => `gen-${seed}-e400-a40`;
  const single = await measureFanout(sys, fanoutShape(700 + (Date.now() % 50)), 1, temporalPid);
  const many = await measureFanout(sys, fanoutShape(750 + (Date.now() % 50)), FANOUT_CLIENTS, temporalPid);
  results.fanout = { single, many };

  // 7. Setlist predictions against what the artist played (and the popularity baseline).
  const backtest = await importAndBacktest(sys, 'fake-large', 30);
  console.log(formatBacktest(backtest));
  results.setlistBacktest = backtest;
  await sys.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
