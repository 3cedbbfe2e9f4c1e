// Every activity tells Temporal it is alive, whatever it does: an activity
// interceptor heartbeats on a timer for as long as the activity runs, with
// the last details the activity itself heartbeated (its checkpoint stays what
// it was). With a heartbeat timeout on every activity, a worker that dies is
// noticed within that timeout, not at the activity's start-to-close limit —
// the difference between a 15 s and a 2 min stall for a short activity
// (identity, album listing, storing songs) caught by a crash.
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** Often enough for the shortest heartbeat timeout the workflows set (the SDK throttles what it sends). */
const LIVENESS_EVERY_MS = 2_000;

export const livenessHeartbeats: ActivityInterceptorsFactory = (ctx: Context) => ({
  inbound: {
    async execute(input, next) {
      const send = ctx.heartbeat;
      let last: unknown;
      // The activity's own heartbeats go through as before; the last details are kept for the timer's.
      Object.assign(ctx, {
        heartbeat: (details?: unknown) => {
          last = details;
          send(details);
        },
      });
      const timer = setInterval(() => send(last), LIVENESS_EVERY_MS);
      try {
        return await next(input);
      } finally {
        clearInterval(timer);
      }
    },
  },
});
