import { Context } from '@temporalio/activity';
import type { CallOptions } from '../providers/types';
import { phaseProgressSignal } from '../domain/import-workflow';
import type { PhaseName, PhaseProgressUpdate } from '../domain/progress';
import type { ActivityDeps } from './deps';

/**
 * Reports in-phase progress to the workflow that runs this activity, at most
 * once per interval (the last update is always sent when `force` is set).
 * A failed signal is logged and ignored: progress is a view, not the work.
 */
export function phaseReporter(deps: ActivityDeps, phase: PhaseName) {
  const { workflowExecution } = Context.current().info;
  const handle = workflowExecution
    ? deps.temporal.workflow.getHandle(workflowExecution.workflowId, workflowExecution.runId)
    : null;
  const interval = deps.progressIntervalMs ?? 500;
  let last = 0;
  return async (update: Omit<PhaseProgressUpdate, 'phase'>, opts: { force?: boolean } = {}): Promise<void> => {
    const now = Date.now();
    if (!handle || (!opts.force && now - last < interval)) return;
    last = now;
    try {
      await handle.signal(phaseProgressSignal, { phase, ...update });
    } catch (err) {
      deps.logger.warn({ err, phase }, 'could not report phase progress to the workflow');
    }
  };
}

/**
 * How often a running activity heartbeats, whether with its checkpoint or only
 * to say it is alive: well inside the shortest heartbeat timeout of the
 * workflows' activity options (15 s).
 */
export const HEARTBEAT_EVERY_MS = 2_000;

/** Activities (by their context) that read or heartbeat a checkpoint: nothing else may heartbeat for them. */
const checkpointing = new WeakSet<Context>();

/** True once the activity of `ctx` has read or heartbeated a checkpoint of its own (see the worker's activity liveness). */
export function keepsACheckpoint(ctx: Context): boolean {
  return checkpointing.has(ctx);
}

/**
 * Heartbeats the activity's latest checkpoint on a timer as well as on every
 * update, so a slow provider call (a long Retry-After, a latency spike) never
 * looks like a dead worker, and a retry after a real crash resumes from the
 * last checkpoint. Throws if the activity was cancelled.
 */
export function checkpointer<T>(initial: T) {
  const ctx = Context.current();
  checkpointing.add(ctx);
  let details = initial;
  const timer = setInterval(() => ctx.heartbeat(details), HEARTBEAT_EVERY_MS);
  timer.unref();
  return {
    save(next: T): void {
      details = next;
      ctx.heartbeat(details);
      if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('activity cancelled');
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

/**
 * The checkpoint the previous attempt of this activity heartbeated, if any.
 * Call it first, before the activity awaits anything: it also marks the
 * activity as one that keeps a checkpoint, so nothing else heartbeats for it.
 * (A heartbeat without details sent before its first checkpoint would be the
 * one Temporal records for up to its throttle interval, 12 s under a 15 s
 * heartbeat timeout: a worker dying then would leave the retry no checkpoint.)
 */
export function lastCheckpoint<T>(): T | undefined {
  const ctx = Context.current();
  checkpointing.add(ctx);
  return ctx.info.heartbeatDetails as T | undefined;
}

/**
 * Options for every provider call of an activity: the activity's cancellation
 * signal (a cancelled import abandons its in-flight request and backoff at
 * once) and a log line per retry, so an operator sees a struggling source.
 */
export function providerCall(deps: ActivityDeps): CallOptions {
  const ctx = Context.current();
  return {
    signal: ctx.cancellationSignal,
    onRetry: (event) =>
      deps.logger.warn(
        { ...event, workflowId: ctx.info.workflowExecution?.workflowId, activity: ctx.info.activityType },
        'provider call retried',
      ),
  };
}
