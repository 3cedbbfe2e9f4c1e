// The Temporal Schedules of the spec, created or updated idempotently: by the
// worker on start and by `npm run schedules`. Each schedule's desired
// definition is fingerprinted into its action's memo; a set-up finding the
// same fingerprint changes nothing, a changed definition updates the existing
// schedule in place (its id, history and pause state are kept).
import { createHash } from 'node:crypto';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleDescription, type ScheduleOptions } from '@temporalio/client';
import type { Env } from '../config/env';
import {
  DEEP_RESYNC_TRENDING_WORKFLOW,
  RESYNC_ACTIVE_WORKFLOW,
  TRENDING_WORKFLOW,
  type ScheduleId,
} from '../domain/scheduled-workflows';

export interface SchedulesConfig {
  taskQueue: string;
  /** Child imports a resync runs at once. */
  resyncConcurrency: number;
  /** How late a missed run (server down) may still be started, e.g. "1 hour". */
  catchupWindow: string;
  paused: Record<ScheduleId, boolean>;
}

export function schedulesConfig(env: Env): SchedulesConfig {
  return {
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    resyncConcurrency: env.RESYNC_CONCURRENCY,
    catchupWindow: env.SCHEDULES_CATCHUP_WINDOW,
    paused: {
      trending: env.SCHEDULE_TRENDING_PAUSED,
      'resync-active': env.SCHEDULE_RESYNC_ACTIVE_PAUSED,
      'deep-resync-trending': env.SCHEDULE_DEEP_RESYNC_TRENDING_PAUSED,
    },
  };
}

interface Definition {
  id: ScheduleId;
  workflowType: string;
  cron: string;
  summary: string;
  details: string;
  args: unknown[];
}

function definitions(config: SchedulesConfig): Definition[] {
  return [
    {
      id: 'trending',
      workflowType: TRENDING_WORKFLOW,
      cron: '0 * * * *',
      summary: 'Trending: score every artist (hourly)',
      details: 'Recomputes every artist\'s trending score in one SQL statement and flags scores above 50 (README: "Trending formula").',
      args: [],
    },
    {
      id: 'resync-active',
      workflowType: RESYNC_ACTIVE_WORKFLOW,
      cron: '0 */6 * * *',
      summary: 'Resync of active artists (every 6 h)',
      details:
        'Up to 50 artists with upcoming shows, popularity ≥ 70 or ≥ 100 views, not synced for 24 h, by trending score: ' +
        `an incremental ArtistImport each, ${config.resyncConcurrency} at a time; running imports are skipped.`,
      args: [{ concurrency: config.resyncConcurrency }],
    },
    {
      id: 'deep-resync-trending',
      workflowType: DEEP_RESYNC_TRENDING_WORKFLOW,
      cron: '0 3 * * *',
      summary: 'Deep resync of trending artists (daily 03:00 UTC)',
      details:
        'A full ArtistImport of every trending artist (every event, every album\'s tracks, stale links removed), ' +
        `${config.resyncConcurrency} at a time, 50 per workflow run (continue-as-new).`,
      args: [{ concurrency: config.resyncConcurrency }],
    },
  ];
}

const FINGERPRINT_MEMO_KEY = 'scheduleDefinition';

function scheduleOptions(def: Definition, config: SchedulesConfig): ScheduleOptions {
  const shape = {
    spec: { cronExpressions: [def.cron], timezone: 'UTC' },
    policies: { overlap: 'SKIP' as const, catchupWindow: config.catchupWindow, pauseOnFailure: false },
    action: {
      type: 'startWorkflow' as const,
      workflowType: def.workflowType,
      workflowId: def.id,
      taskQueue: config.taskQueue,
      args: def.args,
      staticSummary: def.summary,
      staticDetails: def.details,
    },
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);
  return {
    scheduleId: def.id,
    ...shape,
    action: { ...shape.action, memo: { [FINGERPRINT_MEMO_KEY]: fingerprint, schedule: def.id } },
    state: config.paused[def.id] ? { paused: true, note: pausedNote(def.id) } : { paused: false },
  };
}

export function pausedEnvName(id: ScheduleId): string {
  return `SCHEDULE_${id.toUpperCase().replace(/-/g, '_')}_PAUSED`;
}
const pausedNote = (id: ScheduleId) => `Paused by ${pausedEnvName(id)}=true`;

export type ScheduleChange = 'created' | 'updated' | 'unchanged';

/**
 * Creates the missing schedules and updates those whose definition changed.
 * Pausing follows the env: a schedule its env pauses is paused; one paused by
 * that env before and no longer is resumed; one an operator paused stays paused.
 */
export async function ensureSchedules(client: Client, config: SchedulesConfig): Promise<Record<ScheduleId, ScheduleChange>> {
  const changes = {} as Record<ScheduleId, ScheduleChange>;
  for (const def of definitions(config)) {
    const options = scheduleOptions(def, config);
    const handle = client.schedule.getHandle(def.id);
    let current: ScheduleDescription | null = null;
    try {
      current = await handle.describe();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
    if (!current) {
      try {
        await client.schedule.create(options);
        changes[def.id] = 'created';
        continue;
      } catch (err) {
        // Another worker created it in between: fall through to the comparison.
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
        current = await handle.describe();
      }
    }
    const wantPaused = config.paused[def.id];
    const pausedByEnv = current.state.paused && current.state.note === pausedNote(def.id);
    const paused = wantPaused || (current.state.paused && !pausedByEnv);
    const same =
      current.action.type === 'startWorkflow' &&
      current.action.memo?.[FINGERPRINT_MEMO_KEY] === (options.action.memo as Record<string, unknown>)[FINGERPRINT_MEMO_KEY] &&
      current.state.paused === paused;
    if (same) {
      changes[def.id] = 'unchanged';
      continue;
    }
    await handle.update((prev) => ({
      ...prev,
      spec: options.spec,
      action: options.action,
      policies: { ...prev.policies, ...options.policies },
      state: paused
        ? { ...prev.state, paused: true, note: wantPaused ? pausedNote(def.id) : prev.state.note }
        : { ...prev.state, paused: false, note: undefined },
    }));
    changes[def.id] = 'updated';
  }
  return changes;
}

export interface ScheduleView {
  id: string;
  workflowType: string | null;
  paused: boolean;
  note: string | null;
  nextActionTimes: string[];
}

/** The schedules as `npm run schedules` prints them. */
export async function describeSchedules(client: Client, ids: readonly string[]): Promise<ScheduleView[]> {
  const views: ScheduleView[] = [];
  for (const id of ids) {
    let d: ScheduleDescription;
    try {
      d = await client.schedule.getHandle(id).describe();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      views.push({ id, workflowType: null, paused: false, note: 'missing: run `npm run schedules` or start the worker', nextActionTimes: [] });
      continue;
    }
    views.push({
      id,
      workflowType: d.action.type === 'startWorkflow' ? d.action.workflowType : null,
      paused: d.state.paused,
      note: d.state.note ?? null,
      nextActionTimes: d.info.nextActionTimes.map((t) => t.toISOString()),
    });
  }
  return views;
}
