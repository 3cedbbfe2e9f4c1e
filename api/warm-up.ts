// What the API does once before it listens, so that the first fan's request
// is as fast as the next ones: the database pool opened and the kickoff's
// statements run once (on a shell row deleted after), the Temporal client's
// channel and workflow calls exercised (a describe, and the start of a
// workflow that never runs and is deleted at once: see warmWorkflowStart),
// and a request routed and validated.
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Hono } from 'hono';
import { artistImportWorkflowId } from '../domain/import-workflow';
import type { AppDeps } from './deps';
import { warmImportStart, warmWorkflowStart } from './import-start';

/** Warms the process up; returns how long it took (ms). Fails when the database or Temporal cannot be reached. */
export async function warmUp(deps: AppDeps, app: Pick<Hono, 'request'>): Promise<number> {
  const t0 = performance.now();
  await Promise.all([
    warmImportStart(deps.db),
    deps.temporal.workflow
      .getHandle(artistImportWorkflowId('~warm-up'))
      .describe()
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }),
    warmWorkflowStart(deps),
    // A body the route refuses (400): routing and validation run, nothing is started.
    app.request('/api/artists/import', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }),
  ]);
  return Math.round(performance.now() - t0);
}
