// Every log line an activity writes carries the workflow id, the activity and
// the artist it works for: an activity interceptor runs each activity inside
// an AsyncLocalStorage scope holding those fields, and the activities' logger
// adds them to each line. Activities themselves do nothing for it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Logger } from 'pino';

interface LogFields {
  workflowId: string;
  activity: string;
  artistId?: string;
}

const scope = new AsyncLocalStorage<LogFields>();

/** Runs each activity in a scope naming its workflow, its type and (from its input) its artist. */
export const activityLogContext: ActivityInterceptorsFactory = (ctx: Context) => ({
  inbound: {
    execute(input, next) {
      const first: unknown = input.args[0];
      const artistId =
        typeof first === 'object' && first !== null && 'artistId' in first && typeof first.artistId === 'string' ? first.artistId : undefined;
      const fields: LogFields = {
        workflowId: ctx.info.workflowExecution?.workflowId ?? 'none',
        activity: ctx.info.activityType,
        ...(artistId ? { artistId } : {}),
      };
      return scope.run(fields, () => next(input));
    },
  },
});

/** The logger as activities see it: inside an activity, every call carries the activity's fields. */
export function withActivityLogContext(logger: Logger): Logger {
  return new Proxy(logger, {
    get(target, property, receiver) {
      const fields = scope.getStore();
      const source = fields ? target.child(fields) : target;
      const value: unknown = Reflect.get(source, property, fields ? source : receiver);
      return typeof value === 'function' ? value.bind(source) : value;
    },
  });
}
