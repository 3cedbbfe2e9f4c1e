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
import { SCHEDULE_IDS, type ResyncResult, type TrendingResult } from '../../domain/scheduled-workflows';
import { logger, tableCounts, type ImportSystem } from '../../harness/import-system';
import { ensureSchedules, type SchedulesConfig } from '../../worker/schedules';
import { createFreshDatabase, type FreshDatabase } from '../support/fresh-database';
import { startTestSystem } from '../support/services';
import { daysAgo, hoursAgo, seedArtist } from './seed';

let fresh: FreshDatabase;
let sys: ImportSystem;
let config: SchedulesConfig;

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
  const before = (await handle.describe()).info.recentActions.length;
  await handle.trigger();
  for (let i = 0; i < 200; i++) {
    const actions = (await handle.describe()).info.recentActions;
    if (actions.length > before) {
      const workflowId = actions.at(-1)!.action.workflow.workflowId;
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
    const expected = { a: [335, true], b: [11.5, false], c: [62, true], d: [50, false], e: [10, false] } as const;
    for (const [key, [score, trending]] of Object.entries(expected)) {
      const row = byId.get(ids[key]!)!;
      expect([key, row.trendingScore, row.isTrending]).toEqual([key, score, trending]);
      expect(row.trendingUpdatedAt!.getTime()).toBeGreaterThanOrEqual(started - 1_000);
    }
    expect(result.artistsScored).toBe(5);
    expect(result.trendingCount).toBe(2);
    expect(result.top.map((t) => [t.name, t.score])).toEqual([['Trend A', 335], ['Trend C', 62], ['Trend B', 11.5], ['Trend E', 10], ['Trend D', 50]].sort((x, y) => (y[1] as number) - (x[1] as number)));

    const res = await fetch(`${sys.apiUrl}/api/trending`);
    const body = (await res.json()) as { items: Array<{ name: string; trendingScore: number }> };
    expect(body.items.map((i) => [i.name, i.trendingScore])).toEqual([['Trend A', 335], ['Trend C', 62]]);
  });
});
