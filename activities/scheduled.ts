import type { ActivityDeps } from './deps';
import { createResyncSelectionActivities } from './resync-selection';
import { createTrendingActivities } from './trending';

/** The activities of the scheduled workflows (trending, resyncs): database only. */
export function createScheduledActivities(deps: ActivityDeps) {
  return {
    ...createTrendingActivities(deps),
    ...createResyncSelectionActivities(deps),
  };
}

export type ScheduledActivities = ReturnType<typeof createScheduledActivities>;
