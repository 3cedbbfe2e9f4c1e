import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities, type Activities, type ActivityDeps } from '../activities';
import { createScheduledActivities } from '../activities/scheduled';
import type { Db } from '../db/client';
import type { MusicBrainzApi, SetlistFmApi, SpotifyApi, TicketmasterApi } from '../providers/types';
import { activityLiveness } from './activity-liveness';
import { activityLogContext, withActivityLogContext } from './log-context';
import { WORKFLOWS_PATH } from './workflow-bundle';

export interface ArtistImportWorkerDeps {
  connection: NativeConnection;
  /** Client the activities use to report in-phase progress to their workflow. */
  client: Client;
  namespace: string;
  taskQueue: string;
  db: Db;
  providers: { ticketmaster: TicketmasterApi; spotify: SpotifyApi; setlistfm: SetlistFmApi; musicbrainz?: MusicBrainzApi };
  logger: Logger;
  /** A prebuilt workflow bundle (worker/workflow-bundle.ts; tests build it once per file); else bundled from WORKFLOWS_PATH at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Builds the activities from their dependencies; createActivities unless given (tests: stubs of the same shape). */
  activities?: (deps: ActivityDeps) => Activities;
  /** How many recent setlists a first import reads from setlist.fm (SETLISTFM_HISTORY_DEPTH). */
  setlistHistoryDepth?: number;
  /** Caps how many activities run at once on this worker. */
  maxConcurrentActivityTaskExecutions?: number;
}

/**
 * The worker: the ArtistImport workflow and its activities, and the scheduled
 * workflows (trending, resyncs) with theirs, wired to real dependencies.
 */
export async function createArtistImportWorker(deps: ArtistImportWorkerDeps): Promise<Worker> {
  const activityDeps: ActivityDeps = {
    db: deps.db,
    ...deps.providers,
    temporal: deps.client,
    logger: withActivityLogContext(deps.logger),
    ...(deps.setlistHistoryDepth ? { setlistHistoryDepth: deps.setlistHistoryDepth } : {}),
  };
  const activities = { ...(deps.activities ?? createActivities)(activityDeps), ...createScheduledActivities(activityDeps) };
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities,
    interceptors: { activity: [activityLogContext, activityLiveness] },
    maxConcurrentActivityTaskExecutions: deps.maxConcurrentActivityTaskExecutions ?? 20,
    shutdownGraceTime: '10 seconds',
  });
}
