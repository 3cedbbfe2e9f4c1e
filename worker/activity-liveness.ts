// A worker that dies in the middle of an activity is noticed within the
// activity's heartbeat timeout, not at its start-to-close limit (2 minutes for
// the short ones: identity, ISRC lookups, predicted setlists…): while any
// activity runs, this interceptor heartbeats for it on a timer. It stays
// silent for activities that heartbeat a checkpoint of their own
// (activities/reporting.ts `checkpointer`), and for an attempt resuming from
// one: a heartbeat without details would replace that checkpoint, and the
// retry after a crash would start over.
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { keepsACheckpoint } from '../activities/reporting';

/** Well inside the shortest heartbeat timeout of the workflows' activity options (15 s). */
const LIVENESS_INTERVAL_MS = 3_000;

export const activityLiveness: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const timer = setInterval(() => {
        if (!keepsACheckpoint(ctx) && ctx.info.heartbeatDetails === undefined) ctx.heartbeat();
      }, LIVENESS_INTERVAL_MS);
      try {
        return await next(input);
      } finally {
        clearInterval(timer);
      }
    },
  },
});
