// The Temporal Schedules on the real stack (Temporal dev server, PostgreSQL,
// fake providers over HTTP): set-up is idempotent; triggering `trending`
// writes exactly the hand-computed scores; triggering `resync-active`
// re-imports exactly the selected artists and skips one whose import runs;
// an incremental resync reads far less than a first import.
// The file uses a database of its own: the selections read every artist.
import { Client, ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { ARTIST_IMPORT_WORKFLOW, artistImportWorkflowId } from '../../domain/import-workflow';
import {
  DEEP_RESYNC_TRENDING_WORKFLOW,
  SCHEDULE_IDS,
  type DeepResyncInput,
  type ResyncResult,
  type TrendingResult,
} from '../../domain/scheduled-workflows';
import { logger, tableCounts, type ImportSystem } from '../../harness/import-system';
import { ensureSchedules, type SchedulesConfig } from '../../worker/schedules';
import { noProviders } from '../api/fixtures/activities';
import { createCatalogActivities } from '../../activities/catalog';
import type { CatalogSong } from '../../domain/catalog-rules';
import { createFreshDatabase, type FreshDatabase } from '../support/fresh-database';
import { startTestSystem } from '../support/services';
import { daysAgo, hoursAgo, seedArtist } from './seed';

let fresh: FreshDatabase;
let sys: ImportSystem;
let config: SchedulesConfig;
/** The API with the admin endpoints enabled, called in-process. */
let admin: ReturnType<typeof createApp>;
const ADMIN = { authorization: 'Bearer op-secret' };

async function deleteSchedules(client: Client): Promise<void> {
  for (const id of SCHEDULE_IDS) {
    await client.schedule
      .getHandle(id)
      .delete()
      .catch((err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
  }
}

/** Triggers a schedule and returns the result of the run it started. */
async function triggerAndWait<T>(id: string): Promise<{ workflowId: string; result: T }> {
  const handle = sys.client.schedule.getHandle(id);
  // Temporal keeps only the last few actions: a new run shows as a different last one, not as a longer list.
  const lastRun = async () => (await handle.describe()).info.recentActions.at(-1)?.action.workflow.workflowId;
  const before = await lastRun();
  // Through the operators' endpoint, as an operator would.
  const res = await admin.request(`/api/admin/schedules/${id}/trigger`, { method: 'POST', headers: ADMIN });
  expect(res.status).toBe(202);
  for (let i = 0; i < 200; i++) {
    const workflowId = await lastRun();
    if (workflowId !== undefined && workflowId !== before) {
      return { workflowId, result: (await sys.client.workflow.getHandle(workflowId).result()) as T };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`schedule ${id} started no run`);
}

beforeAll(async () => {
  fresh = await createFreshDatabase('sched');
  sys = await startTestSystem({ env: { DATABASE_URL: fresh.url } });
  config = {
    taskQueue: sys.taskQueue,
    resyncConcurrency: 5,
    catchupWindow: '1 hour',
    paused: { trending: false, 'resync-active': false, 'deep-resync-trending': false },
  };
  await deleteSchedules(sys.client);
  admin = createApp({ db: sys.db, temporal: sys.client, taskQueue: sys.taskQueue, ticketmaster: noProviders.ticketmaster, adminToken: 'op-secret', logger });
}, 180_000);

afterAll(async () => {
  if (sys) await deleteSchedules(sys.client).catch(() => {});
  await sys?.stop();
  await fresh?.drop();
});

describe('schedule set-up', () => {
  it('creates the three schedules once; a second set-up changes nothing; a changed spec updates in place', async () => {
    expect(await ensureSchedules(sys.client, config)).toEqual({ trending: 'created', 'resync-active': 'created', 'deep-resync-trending': 'created' });
    const first = await Promise.all(SCHEDULE_IDS.map((id) => sys.client.schedule.getHandle(id).describe()));
    expect(await ensureSchedules(sys.client, config)).toEqual({ trending: 'unchanged', 'resync-active': 'unchanged', 'deep-resync-trending': 'unchanged' });
    const second = await Promise.all(SCHEDULE_IDS.map((id) => sys.client.schedule.getHandle(id).describe()));
    for (const [i, d] of second.entries()) {
      expect(d.info.lastUpdatedAt?.getTime()).toBe(first[i]!.info.lastUpdatedAt?.getTime());
      expect(d.policies.overlap).toBe('SKIP');
      expect(d.info.nextActionTimes.length).toBeGreaterThan(0);
      expect(d.state.paused).toBe(false);
    }
    expect(second.map((d) => (d.action.type === 'startWorkflow' ? d.action.workflowType : null))).toEqual([
      'TrendingWorkflow',
      'ResyncActiveWorkflow',
      'DeepResyncTrendingWorkflow',
    ]);
    // Daily at 03:00 UTC.
    const deepNext = second[2]!.info.nextActionTimes[0]!;
    expect([deepNext.getUTCHours(), deepNext.getUTCMinutes()]).toEqual([3, 0]);

    // A changed concurrency changes the resync schedules only; an env pause pauses one.
    const changed = { ...config, resyncConcurrency: 3, paused: { ...config.paused, trending: true } };
    expect(await ensureSchedules(sys.client, changed)).toEqual({ trending: 'updated', 'resync-active': 'updated', 'deep-resync-trending': 'updated' });
    const resync = await sys.client.schedule.getHandle('resync-active').describe();
    expect(resync.action.type === 'startWorkflow' && resync.action.args).toEqual([{ concurrency: 3 }]);
    expect((await sys.client.schedule.getHandle('trending').describe()).state.paused).toBe(true);
    // Back to the original: resumed (it was paused by the env, not by an operator).
    expect(await ensureSchedules(sys.client, config)).toEqual({ trending: 'updated', 'resync-active': 'updated', 'deep-resync-trending': 'updated' });
    expect((await sys.client.schedule.getHandle('trending').describe()).state.paused).toBe(false);
  });
});

describe('admin API on the real schedules', () => {
  it('lists the three with next run times, pauses and resumes one; refuses without the token', async () => {
    expect((await admin.request('/api/admin/schedules')).status).toBe(401);
    const list = async () =>
      ((await (await admin.request('/api/admin/schedules', { headers: ADMIN })).json()) as {
        items: Array<{ id: string; workflowType: string; paused: boolean; nextActionTimes: string[] }>;
      }).items;
    let items = await list();
    await expect.poll(async () => (items = await list()).length, { timeout: 10_000, interval: 200 }).toBe(3);
    expect(items.map((i) => [i.id, i.workflowType])).toEqual([
      ['deep-resync-trending', 'DeepResyncTrendingWorkflow'],
      ['resync-active', 'ResyncActiveWorkflow'],
      ['trending', 'TrendingWorkflow'],
    ]);
    // In the future as the list was made: a run due at this very second may still be listed as next.
    for (const i of items) expect(Date.parse(i.nextActionTimes[0]!)).toBeGreaterThan(Date.now() - 5_000);
    expect((await admin.request('/api/admin/schedules/resync-active/pause', { method: 'POST', headers: ADMIN })).status).toBe(202);
    // The list is Temporal's visibility store: eventually consistent.
    const pausedNow = async () => (await list()).find((i) => i.id === 'resync-active')?.paused;
    await expect.poll(pausedNow, { timeout: 10_000, interval: 200 }).toBe(true);
    expect((await admin.request('/api/admin/schedules/resync-active/unpause', { method: 'POST', headers: ADMIN })).status).toBe(202);
    await expect.poll(pausedNow, { timeout: 10_000, interval: 200 }).toBe(false);
  });
});

describe('trending', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // Scores by hand, term by term (votes × 10 + upcoming × 5 + popularity × 2
    // + min(followers / 10,000, 100) + views × 3 + 20 | 10 | 0 for activity within 7 | 30 days).
    ids.a = await seedArtist(sys.db, {
      tmAttractionId: 'trend-a', name: 'Trend A', popularity: 80, followers: 1_234_567, viewCount: 5, lastViewedAt: daysAgo(2),
      upcomingShows: 2, pastShows: 1, staleUpcomingShows: 1, votesAt: [daysAgo(1), daysAgo(1), daysAgo(6), daysAgo(10), daysAgo(12)],
    }); // 3×10 + 2×5 + 160 + 100 (capped) + 15 + 20 = 335
    ids.b = await seedArtist(sys.db, { tmAttractionId: 'trend-b', name: 'Trend B', followers: 15_000, lastViewedAt: daysAgo(20), votesAt: [daysAgo(25)] });
    // 0 + 0 + 0 + 1.5 + 0 + 10 (viewed 20 days ago) = 11.5
    ids.c = await seedArtist(sys.db, { tmAttractionId: 'trend-c', name: 'Trend C', popularity: 10, viewCount: 4, upcomingShows: 6 });
    // 0 + 30 + 20 + 0 + 12 + 0 (no activity: created 90 days ago, never viewed) = 62
    ids.d = await seedArtist(sys.db, { tmAttractionId: 'trend-d', name: 'Trend D', popularity: 15, createdAt: daysAgo(3) });
    // 30 + 20 (added 3 days ago) = 50: not trending (strictly greater than 50)
    ids.e = await seedArtist(sys.db, { tmAttractionId: 'trend-e', name: 'Trend E', votesAt: [daysAgo(8)], createdAt: daysAgo(45) });
    // vote 8 days ago: not recent, but activity within 30 days = 10
    ids.f = await seedArtist(sys.db, { tmAttractionId: 'trend-f', name: 'trend-f', viewCount: 30, lastViewedAt: daysAgo(1), neverImported: true });
    // 90 + 20 = 110, but never imported (a made-up attraction viewed again and again): scored, never trending or listed
  });
  // The next tests select among all artists: these go again.
  afterAll(async () => {
    await sys.db.artist.deleteMany({ where: { id: { in: Object.values(ids) } } });
  });

  it('writes exactly the expected scores and flags, and GET /api/trending lists the trending ones', async () => {
    const started = Date.now();
    const { result } = await triggerAndWait<TrendingResult>('trending');
    const rows = await sys.db.artist.findMany({ where: { id: { in: Object.values(ids) } }, select: { id: true, trendingScore: true, isTrending: true, trendingUpdatedAt: true } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const expected = { a: [335, true], b: [11.5, false], c: [62, true], d: [50, false], e: [10, false], f: [110, false] } as const;
    for (const [key, [score, trending]] of Object.entries(expected)) {
      const row = byId.get(ids[key]!)!;
      expect([key, row.trendingScore, row.isTrending]).toEqual([key, score, trending]);
      expect(row.trendingUpdatedAt!.getTime()).toBeGreaterThanOrEqual(started - 1_000);
    }
    expect(result.artistsScored).toBe(6);
    expect(result.trendingCount).toBe(2);
    expect(result.top.map((t) => [t.name, t.score])).toEqual([['Trend A', 335], ['Trend C', 62], ['Trend B', 11.5], ['Trend E', 10], ['Trend D', 50]].sort((x, y) => (y[1] as number) - (x[1] as number)));

    const res = await fetch(`${sys.apiUrl}/api/trending`);
    const body = (await res.json()) as { items: Array<{ name: string; trendingScore: number }> };
    expect(body.items.map((i) => [i.name, i.trendingScore])).toEqual([['Trend A', 335], ['Trend C', 62]]);
  });
});

describe('resync-active', () => {
  const seeded: Record<string, { id: string; syncedAt: Date | null }> = {};
  const RUNNING = 'gen-16-e3-a1';
  let runningStarted = false;

  beforeAll(async () => {
    const seeds = [
      // selected: an upcoming show, synced 2 days ago
      { tmAttractionId: 'gen-11-e3-a1', name: 'Resync Upcoming', upcomingShows: 1, lastSyncedAt: daysAgo(2) },
      // selected: popularity ≥ 70, never synced
      { tmAttractionId: 'gen-12-e3-a1', name: 'Resync Popular', popularity: 75, lastSyncedAt: null },
      // selected: ≥ 100 views, synced 30 hours ago
      { tmAttractionId: 'gen-13-e3-a1', name: 'Resync Viewed', viewCount: 150, lastSyncedAt: hoursAgo(30) },
      // not selected: an upcoming show, but synced 2 hours ago
      { tmAttractionId: 'gen-14-e3-a1', name: 'Fresh Upcoming', upcomingShows: 3, lastSyncedAt: hoursAgo(2) },
      // not selected: stale, but popularity 69, 99 views, only past shows
      { tmAttractionId: 'gen-15-e3-a1', name: 'Quiet', popularity: 69, viewCount: 99, pastShows: 2, lastSyncedAt: daysAgo(3) },
      // not selected: its only "upcoming" show is dated in the past
      { tmAttractionId: 'gen-17-e3-a1', name: 'Stale Upcoming', staleUpcomingShows: 1, lastSyncedAt: daysAgo(3) },
      // selected, but its import is already running: skipped
      { tmAttractionId: RUNNING, name: 'Busy', popularity: 90, lastSyncedAt: daysAgo(5) },
      // selected, but Ticketmaster no longer knows the attraction: failed, with the import's reason
      { tmAttractionId: 'gone-404', name: 'Gone', popularity: 70, lastSyncedAt: daysAgo(4) },
    ];
    for (const s of seeds) seeded[s.tmAttractionId] = { id: await seedArtist(sys.db, s), syncedAt: s.lastSyncedAt };
    // An import of RUNNING that stays running: on a task queue no worker polls.
    await sys.client.workflow.start(ARTIST_IMPORT_WORKFLOW, {
      taskQueue: `${sys.taskQueue}-nobody`,
      workflowId: artistImportWorkflowId(RUNNING),
      args: [{ tmAttractionId: RUNNING, artistId: seeded[RUNNING]!.id, reason: 'user' }],
    });
    runningStarted = true;
  });

  afterAll(async () => {
    if (runningStarted) await sys.client.workflow.getHandle(artistImportWorkflowId(RUNNING)).terminate('test over').catch(() => {});
    await sys.db.artist.deleteMany({ where: { id: { in: Object.values(seeded).map((s) => s.id) } } });
  });

  it('re-imports exactly the selected artists, skips the one whose import runs, leaves the others untouched', async () => {
    const started = Date.now();
    const { workflowId, result } = await triggerAndWait<ResyncResult>('resync-active');
    const ids = (list: ResyncResult['synced']) => list.map((o) => o.tmAttractionId).sort();
    expect(ids(result.synced)).toEqual(['gen-11-e3-a1', 'gen-12-e3-a1', 'gen-13-e3-a1']);
    expect(ids(result.skipped)).toEqual([RUNNING]);
    expect(result.failed.map((o) => [o.tmAttractionId, o.reason])).toEqual([
      ['gone-404', 'The identity phase failed: Ticketmaster has no attraction with id gone-404'],
    ]);
    expect(result.selected).toBe(5);

    const rows = await sys.db.artist.findMany({
      where: { id: { in: Object.values(seeded).map((s) => s.id) } },
      select: { tmAttractionId: true, lastSyncedAt: true, importStatus: true },
    });
    for (const row of rows) {
      const synced = ['gen-11-e3-a1', 'gen-12-e3-a1', 'gen-13-e3-a1'].includes(row.tmAttractionId);
      if (row.tmAttractionId === 'gone-404') {
        expect(row.importStatus).toBe('failed');
        continue;
      }
      if (synced) {
        expect([row.tmAttractionId, row.lastSyncedAt!.getTime() >= started - 1_000]).toEqual([row.tmAttractionId, true]);
        expect(row.importStatus).toBe('completed');
      } else {
        expect([row.tmAttractionId, row.lastSyncedAt?.getTime() ?? null]).toEqual([row.tmAttractionId, seeded[row.tmAttractionId]!.syncedAt?.getTime() ?? null]);
      }
    }
    // The running import was not started twice: still one run of it, still running.
    const runs = [];
    for await (const w of sys.client.workflow.list({ query: `WorkflowId = '${artistImportWorkflowId(RUNNING)}'` })) runs.push(w.status.name);
    expect(runs).toEqual(['RUNNING']);
    // Each child reads as an artist and a job in the Temporal UI.
    const child = await sys.client.workflow.getHandle(artistImportWorkflowId('gen-11-e3-a1')).describe();
    expect(await child.staticSummary()).toBe('Resync Upcoming · incremental resync · scheduled (resync-active)');
    expect(await child.staticDetails()).toContain('**Artist:** Resync Upcoming');
    const parent = await sys.client.workflow.getHandle(workflowId).describe();
    expect(await parent.staticSummary()).toBe('Resync of active artists (every 6 h)');
  });
});

describe('incremental resync', () => {
  it('of an unchanged large artist sends far fewer provider requests than its first import, and says what it skipped', async () => {
    const ID = 'fake-large';
    sys.fakes.control.resetStats();
    const { artistId } = await sys.importArtist(ID);
    expect((await sys.finalProgress(ID)).status).toBe('completed');
    const first = sys.fakes.stats();
    const rowsAfterImport = await tableCounts(sys.db);

    // The operator's resync, through the admin API (bearer token, constant-time compare).
    expect((await admin.request(`/api/admin/artists/${artistId}/resync`, { method: 'POST' })).status).toBe(401);
    expect((await admin.request(`/api/admin/artists/${artistId}/resync`, { method: 'POST', headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    sys.fakes.control.resetStats();
    const res = await admin.request(`/api/admin/artists/${artistId}/resync`, { method: 'POST', headers: ADMIN });
    expect(res.status).toBe(202);
    const progress = await sys.finalProgress(ID);
    expect(progress.status).toBe('completed');
    const resync = sys.fakes.stats();

    const report = {
      first: { ticketmaster: first.ticketmaster.requests, spotify: first.spotify.requests, setlistfm: first.setlistfm.requests },
      resync: { ticketmaster: resync.ticketmaster.requests, spotify: resync.spotify.requests, setlistfm: resync.setlistfm.requests },
    };
    logger.warn(report, 'provider requests: first import vs incremental resync of fake-large');
    // An order of magnitude fewer: the artist and its album list pages, no album's tracks (the first
    // import on the extended contract already reads tracks in batches: ~80 requests for ~300 albums).
    expect(report.resync.spotify).toBeLessThanOrEqual(Math.ceil(report.first.spotify / 10));
    // No album's tracks read again: track reads only in the first import.
    const trackReads = (endpoints: Record<string, number>) =>
      Object.entries(endpoints)
        .filter(([endpoint]) => endpoint.startsWith('spotify GET') && /\/(albums|tracks)(\/|$)/.test(endpoint) && !endpoint.includes('/artists/'))
        .reduce((n, [, count]) => n + count, 0);
    expect(trackReads(first.endpoints)).toBeGreaterThan(0);
    expect(trackReads(resync.endpoints)).toBe(0);
    expect(report.resync.ticketmaster).toBeLessThanOrEqual(Math.ceil(report.first.ticketmaster / 2));
    // The MusicBrainz id found by the first import is reused (no artist search), and the setlist
    // history is read only down to the newest setlist stored: its first page, nothing newer on it.
    expect(report.resync.setlistfm).toBe(1);
    expect(report.first.setlistfm).toBeGreaterThan(2);
    expect(await tableCounts(sys.db)).toEqual(rowsAfterImport);
    expect(progress.warnings.filter((w) => w.startsWith('Incremental resync'))).toHaveLength(2);
    const run = await sys.db.importRun.findFirstOrThrow({ where: { runId: progress.runId } });
    expect((run.warnings as string[]).some((w) => /tracks of \d+ already stored/.test(w))).toBe(true);
  }, 240_000);

  it('adds no second song for an ISRC the stored catalog holds when a new album brings it again', async () => {
    const artistId = await seedArtist(sys.db, { tmAttractionId: 'isrc-guard', name: 'ISRC Guard' });
    const { storeSongs } = createCatalogActivities({ db: sys.db, ...noProviders, temporal: sys.client, logger });
    const song = (spotifyId: string, isrc: string | null): CatalogSong => ({
      spotifyId, isrc, name: spotifyId, albumName: 'A', albumId: 'album', popularity: 0, durationMs: 180_000, isLive: false, isRemix: false,
    });
    await storeSongs({ artistId, songs: [song('guard-s1', 'GUARDX00001')] });
    await storeSongs({ artistId, songs: [song('guard-s2', 'GUARDX00001'), song('guard-s3', 'GUARDY00001'), song('guard-s4', null)], incremental: true });
    const linked = await sys.db.song.findMany({ where: { artists: { some: { artistId } } }, select: { spotifyId: true } });
    expect(linked.map((s) => s.spotifyId).sort()).toEqual(['guard-s1', 'guard-s3', 'guard-s4']);
  });
});

describe('deep-resync-trending', () => {
  it('fully re-imports every trending artist, one page per run (continue-as-new)', async () => {
    const trending = ['gen-21-e3-a1', 'gen-22-e3-a1', 'gen-23-e3-a1'];
    const ids: string[] = [];
    for (const [i, tmAttractionId] of trending.entries()) {
      const id = await seedArtist(sys.db, { tmAttractionId, name: `Deep ${i}`, lastSyncedAt: hoursAgo(1) });
      await sys.db.artist.update({ where: { id }, data: { isTrending: true, trendingScore: 100 - i } });
      ids.push(id);
    }
    const notTrending = await seedArtist(sys.db, { tmAttractionId: 'gen-24-e3-a1', name: 'Deep not trending' });
    const input: DeepResyncInput = { concurrency: 2, pageSize: 2 };
    const handle = await sys.client.workflow.start(DEEP_RESYNC_TRENDING_WORKFLOW, {
      taskQueue: sys.taskQueue,
      workflowId: `deep-resync-test-${Date.now()}`,
      args: [input],
    });
    const result = (await handle.result()) as ResyncResult;
    expect(result.synced.map((o) => o.tmAttractionId).sort()).toEqual(trending); // in order of completion
    expect([result.selected, result.skipped, result.failed]).toEqual([3, [], []]);
    // Two pages of 2 (the second holding one artist): the first run continued as new.
    const runs = [];
    for await (const w of sys.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` })) runs.push(w.status.name);
    expect(runs.sort()).toEqual(['COMPLETED', 'CONTINUED_AS_NEW']);
    // A deep resync is a full import: no "Incremental resync" note in its run.
    const latest = await sys.db.importRun.findMany({ where: { artistId: { in: ids } }, orderBy: { startedAt: 'desc' } });
    expect(latest).toHaveLength(3);
    for (const run of latest) expect((run.warnings as string[]).some((w) => w.startsWith('Incremental'))).toBe(false);
    expect(await sys.db.importRun.count({ where: { artistId: notTrending } })).toBe(0);
  });
});
