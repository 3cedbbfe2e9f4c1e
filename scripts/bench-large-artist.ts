// Benchmark scenario: one artist of ~20,000 Spotify tracks (2,000 album items,
// the fakes' largest), imported with the API and the worker in processes of
// their own: the workflow's history size (Temporal's historySizeBytes) and the
// peak RSS of the worker and of the API during the import. Both run as `npm
// start` and the Docker image run them (compiled ahead, the worker on a workflow
// bundle built ahead); BENCH_RUN=source runs them from their TypeScript with tsx
// (`tsx worker/main.ts` bundles the workflows at start).
import { PeakRss } from '../harness/proc-stats';
import { startProcessSystem } from '../harness/process-system';
import { BENCH_PROCESS_ENV, round, type BenchContext } from './lib/bench-context';
import { importAndWait } from './lib/import-stream';

/** At Spotify's 10 requests/s the catalog alone takes minutes on the development contract. */
const IMPORT_TIMEOUT_MS = 40 * 60_000;

export async function largeArtist(ctx: BenchContext): Promise<Record<string, unknown>> {
  const tmAttractionId = `gen-${600 + (ctx.runSeed % 90)}-e10-a2000`;
  const workflowId = `artist-import-${tmAttractionId}`;
  const sys = await startProcessSystem({ temporalAddress: ctx.temporalAddress, databaseUrl: ctx.databaseUrl, workers: 1, run: process.env.BENCH_RUN === 'source' ? 'source' : 'built', env: BENCH_PROCESS_ENV });
  const [api, worker] = [sys.api.pid, sys.workers[0]!.pid];
  const rss = new PeakRss([api, worker]);
  try {
    const tracksServed = sys.fakes.catalog.artist(tmAttractionId)?.tracks.length;
    let outcome: Record<string, unknown>;
    try {
      const { final } = await importAndWait(sys, tmAttractionId, IMPORT_TIMEOUT_MS);
      outcome = {
        status: final.status,
        importMs: Date.parse(final.finishedAt ?? final.updatedAt) - Date.parse(final.startedAt),
        tracksFetched: final.counts.tracksFetched,
        songs: final.counts.songs,
        catalogMs: final.timings.catalog?.ms,
      };
    } catch (error) {
      // Measured all the same: a history too large to finish is what this scenario is for.
      outcome = { status: 'did not complete', error: error instanceof Error ? error.message.slice(0, 500) : String(error) };
    }
    const peaks = rss.stop();
    const { raw, historyLength } = await sys.client.workflow.getHandle(workflowId).describe();
    const historySizeBytes = Number(raw.workflowExecutionInfo?.historySizeBytes ?? NaN);
    return {
      artist: tmAttractionId,
      tracksServed,
      ...outcome,
      historyEvents: historyLength,
      historySizeBytes,
      historySizeKb: round(historySizeBytes / 1024, 1),
      peakRssMb: { worker: peaks.get(worker), api: peaks.get(api) },
      targets: { historySizeKb: '< 256', peakRssMb: '< 300 each' },
    };
  } finally {
    rss.stop();
    await sys.stop();
  }
}
