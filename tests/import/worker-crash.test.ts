// A worker process killed with SIGKILL in the middle of an import — once
// while the shows and catalog phases run side by side, and the worker that
// took over once more in the catalog phase (running alone by then): a new worker picks the import up where the last heartbeat left it,
// and the database ends exactly as after an uninterrupted import. And once in
// a short activity (identity), which has no checkpoint but is kept alive by the
// worker's heartbeats: its retry starts within the heartbeat timeout.
//
// "Exactly as after an uninterrupted import": the same attraction is then
// imported, without interruption, into a second, freshly migrated database
// (its own API, worker and fakes of the same seed and day, so the same
// provider data), and every table's rows of the artist are compared by
// natural keys and every deterministic column (harness/artist-rows.ts).
// Same attraction id rather than a look-alike gen-* artist: only then are the
// ids themselves comparable, not just the shape. The workflow id repeats, but
// the first import has finished by then, and the API starts a new run.
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { progressQuery } from '../../domain/import-workflow';
import { PHASE_RANGE, type ImportProgress } from '../../domain/progress';
import { expectedImport } from '../../fakes/expected';
import { appEnv, startWorkerProcess as startWorker, type AppProcess } from '../../harness/app-processes';
import type { ImportSystem } from '../../harness/import-system';
import { createFreshDatabase, type FreshDatabase } from '../support/fresh-database';
import { startTestSystem } from '../support/services';
import { artistRows } from '../../harness/artist-rows';
import { expectedPredictedSetlists, storedSetlists } from './expected-setlists';

const ID = 'gen-66-e2400-a12';
let sys: ImportSystem;
let fresh: { db: FreshDatabase; sys?: ImportSystem } | undefined;
const workers: AppProcess[] = [];
/** Set once the interrupted import has completed. */
let interrupted: { artistId: string } | undefined;

beforeAll(async () => {
  sys = await startTestSystem({ worker: false });
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop(1_000)));
  await sys?.stop();
  await fresh?.sys?.stop();
  await fresh?.db.drop();
});

/** `worker/main.ts` as its own process on the test system's task queue, once it polls it (info logs: the test reads them). */
async function startWorkerProcess(): Promise<AppProcess> {
  const env = appEnv({
    databaseUrl: sys.env.DATABASE_URL,
    temporalAddress: sys.env.TEMPORAL_ADDRESS,
    taskQueue: sys.taskQueue,
    providers: sys.fakes.env,
    extra: { LOG_LEVEL: 'info' },
  });
  const worker = await startWorker(env);
  workers.push(worker);
  return worker;
}


it('finishes an import after its worker is SIGKILLed while shows and catalog run side by side and again in the catalog phase, resuming, with no duplicates', async () => {
  const id = ID;
  const expected = expectedImport(id, { audioFeatures: 'available' });
  // Slow both sources down so both phases are certainly still running when the worker dies: the
  // shows stored in part, the catalog inside its chunk activity (which heartbeats its listings, so
  // its retry starts after the heartbeat timeout, not after the listing's two-minute limit).
  // The catalog's one chunk is short: Spotify much slower, so it lasts until the shows are in part stored.
  sys.fakes.control.setLatency(500, 'ticketmaster');
  sys.fakes.control.setLatency(2_000, 'spotify');

  const first = await startWorkerProcess();
  const { artistId } = await sys.importArtist(id);
  const handle = sys.client.workflow.getHandle(`artist-import-${id}`);
  const pending = async () => ((await handle.describe()).raw.pendingActivities ?? []).map((a) => a.activityType?.name);
  const deadline = Date.now() + 90_000;
  let stored = 0;
  let inCatalogChunk = false;
  while ((stored < 400 || !inCatalogChunk) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    stored = await sys.db.show.count({ where: { artistId } });
    inCatalogChunk = (await pending()).includes('stageContractCandidates');
  }
  expect(stored).toBeGreaterThanOrEqual(400);
  expect(inCatalogChunk).toBe(true);
  expect(await pending()).toContain('importShows');
  await first.kill('SIGKILL');
  const atKill = await sys.db.show.count({ where: { artistId } });
  expect(atKill).toBeLessThan(expected.ticketmaster.eventIds.length);

  // Kill the next worker in the catalog phase, running alone once the shows are done, while its chunk
  // activity runs and has reported progress: Spotify slower still, so that activity is certainly
  // still running then.
  sys.fakes.control.setLatency(0, 'ticketmaster');
  sys.fakes.control.setLatency(3_000, 'spotify');
  const second = await startWorkerProcess();
  const catalogDeadline = Date.now() + 90_000;
  let progress: ImportProgress | undefined;
  while (Date.now() < catalogDeadline) {
    progress = await handle.query(progressQuery);
    const [running, ...others] = progress.runningPhases;
    const chunkReported = running?.phase === 'catalog' && running.fraction > 0 && others.length === 0;
    if (chunkReported && (await pending()).includes('stageContractCandidates')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(progress?.phase).toBe('catalog');
  expect(progress?.runningPhases).toHaveLength(1);
  expect(progress?.timings.shows?.finishedAt).toEqual(expect.any(String));
  // A report of the catalog's chunk activity, stageContractCandidates, moved the bar into the catalog's stretch.
  expect(progress?.percent).toBeGreaterThan(PHASE_RANGE.catalog[0]);
  // The retry resumed from the heartbeated checkpoint instead of starting over.
  expect(second.output()).toMatch(/resuming shows import from checkpoint/);
  await second.kill('SIGKILL');
  // Nothing of the catalog was stored yet: the songs are written after every chunk is collected.
  expect(await sys.db.artistSong.count({ where: { artistId } })).toBe(0);

  sys.fakes.control.setLatency(0, 'spotify');
  const third = await startWorkerProcess();
  const final = await sys.finalProgress(id);
  expect(final.status).toBe('completed');

  // Each killed activity ended in an attempt after the first (a heartbeat timeout), not a rerun of the import.
  const history = await handle.fetchHistory();
  const attempts = lastAttempts(history);
  expect(attempts.importShows).toBeGreaterThan(1);
  expect(attempts.stageContractCandidates).toBeGreaterThan(1);
  expect(history.events?.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);

  const shows = await sys.db.show.findMany({ where: { artistId }, select: { tmEventId: true } });
  expect(shows.map((s) => s.tmEventId).sort()).toEqual([...expected.ticketmaster.eventIds].sort());
  const songs = await sys.db.song.findMany({ where: { artists: { some: { artistId } } }, select: { spotifyId: true } });
  expect(songs.map((s) => s.spotifyId).sort()).toEqual([...expected.spotify.trackIds].sort());
  const upcoming = await sys.db.show.count({ where: { artistId, status: 'upcoming' } });
  expect(await sys.db.setlist.count({ where: { artistId, type: 'predicted' } })).toBe(Math.min(10, upcoming));
  expect(await storedSetlists(sys.db, artistId, 'predicted')).toEqual(
    await expectedPredictedSetlists(sys.db, artistId, sys.fakes.catalog, sys.fakes.expected(id, 'available')),
  );
  expect(await sys.db.setlist.count({ where: { artistId, type: 'actual' } })).toBe(sys.fakes.expected(id, 'available').setlistfm.pastSetlists.length);
  expect(await sys.db.importRun.count({ where: { artistId } })).toBe(1);
  // The killed chunk's retry rewrote its staged tracks in place, and the phase removed them all at its end.
  expect(await sys.db.stagedCatalogTrack.count({ where: { workflowId: `artist-import-${id}` } })).toBe(0);
  interrupted = { artistId };

  expect(await third.kill('SIGTERM')).toBe(0);
}, 240_000);

it('resumes within the heartbeat timeout, not the 2-minute limit, when the worker dies in a short activity (identity)', async () => {
  const id = 'gen-67-e30-a4';
  // The attraction lookup answers late (once), so the identity activity is certainly running when the worker dies.
  sys.fakes.control.injectFault({ provider: 'ticketmaster', pathIncludes: `attractions/${id}`, delayMs: 60_000, count: 1 });
  const first = await startWorkerProcess();
  await sys.importArtist(id);
  const handle = sys.client.workflow.getHandle(`artist-import-${id}`);
  const identityStarted = async () =>
    ((await handle.describe()).raw.pendingActivities ?? []).some((a) => a.activityType?.name === 'resolveIdentity' && a.lastStartedTime);
  const startDeadline = Date.now() + 60_000;
  while (!(await identityStarted()) && Date.now() < startDeadline) await new Promise((r) => setTimeout(r, 50));
  expect(await identityStarted()).toBe(true);
  await new Promise((r) => setTimeout(r, 4_000)); // it has heartbeated by now (every 2 s)
  await first.kill('SIGKILL');
  const killedAt = Date.now();

  const next = await startWorkerProcess();
  const final = await sys.finalProgress(id);
  expect(final.status).toBe('completed');
  // The dead attempt is given up 20 s after its last heartbeat (it was 2 minutes: the start-to-close limit).
  expect(Date.now() - killedAt).toBeLessThan(60_000);
  expect(lastAttempts(await handle.fetchHistory()).resolveIdentity).toBe(2);
  expect(await next.kill('SIGTERM')).toBe(0);
}, 180_000);

it('lets a short activity that is alive run past its heartbeat timeout (slow sources), in one attempt', async () => {
  const id = 'gen-68-e30-a4';
  // Ticketmaster's attraction and Spotify's answers each 11 s late (inside the clients' 15 s timeout):
  // identity takes well over its 20 s heartbeat timeout, and only the worker's heartbeats keep it.
  sys.fakes.control.injectFaults(
    { provider: 'ticketmaster', pathIncludes: `attractions/${id}`, delayMs: 11_000, count: 1 },
    { provider: 'spotify', delayMs: 11_000, count: 1 }, // identity's first Spotify request, whichever it is
  );
  const worker = await startWorkerProcess();
  await sys.importArtist(id);
  const final = await sys.finalProgress(id);
  expect(final.status).toBe('completed');
  expect(final.timings.identity?.ms).toBeGreaterThan(21_000);
  expect(lastAttempts(await sys.client.workflow.getHandle(`artist-import-${id}`).fetchHistory()).resolveIdentity).toBe(1);
  expect(await worker.kill('SIGTERM')).toBe(0);
}, 180_000);

it('leaves every table as an uninterrupted import of the same artist into a fresh database does', async () => {
  expect(interrupted, 'the interrupted import completed').toBeDefined();
  fresh = { db: await createFreshDatabase('fresh') };
  fresh.sys = await startTestSystem({ env: { DATABASE_URL: fresh.db.url } });
  const { artistId } = await fresh.sys.importArtist(ID);
  expect((await fresh.sys.finalProgress(ID)).status).toBe('completed');
  expect(await storedSetlists(fresh.sys.db, artistId, 'predicted')).toEqual(
    await expectedPredictedSetlists(fresh.sys.db, artistId, fresh.sys.fakes.catalog, fresh.sys.fakes.expected(ID, 'available')),
  );

  const uninterrupted = await artistRows(fresh.sys.db, ID);
  const afterCrashes = await artistRows(sys.db, ID);
  // Nothing is compared vacuously.
  for (const table of ['Venue', 'Show', 'Song', 'ArtistSong', 'Setlist', 'SetlistSong', 'ImportRun'] as const) {
    expect(uninterrupted[table].length, table).toBeGreaterThan(0);
  }
  for (const table of Object.keys(uninterrupted) as Array<keyof typeof uninterrupted>) {
    expect(afterCrashes[table], table).toEqual(uninterrupted[table]);
  }
}, 180_000);

/** The last attempt of each activity type that ran, by type, from the workflow's history. */
function lastAttempts(history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>): Record<string, number> {
  const scheduled = new Map<string, string>();
  const attempts: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const a = e.activityTaskScheduledEventAttributes;
    if (a) scheduled.set(String(e.eventId), a.activityType?.name ?? '');
    const started = e.activityTaskStartedEventAttributes;
    if (started) {
      const type = scheduled.get(String(started.scheduledEventId))!;
      attempts[type] = Math.max(attempts[type] ?? 0, started.attempt ?? 0);
    }
  }
  return attempts;
}
