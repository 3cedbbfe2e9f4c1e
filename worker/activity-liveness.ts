// A worker that dies in the middle of an activity is noticed within the
// activity's heartbeat timeout, not at its start-to-close limit (2 minutes for
// the short ones: identity, ISRC lookups, predicted setlists…): while any
// activity runs, this interceptor heartbeats for it on a timer. It stays
// silent for activities that keep a checkpoint of their own (they read it
// with activities/reporting.ts `lastCheckpoint` first thing, or heartbeat one
// with `checkpointer`), and for an attempt resuming from one: a heartbeat
// without details would replace that checkpoint, and the retry after a crash
// would start over.
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { HEARTBEAT_EVERY_MS, keepsACheckpoint } from '../activities/reporting';

export const activityLiveness: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const timer = setInterval(() => {
        if (!keepsACheckpoint(ctx) && ctx.info.heartbeatDetails === undefined) ctx.heartbeat();
      }, HEARTBEAT_EVERY_MS);
      try {
        return await next(input);
      } finally {
        clearInterval(timer);
      }
    },
  },
});
