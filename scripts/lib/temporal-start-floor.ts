// How fast the Temporal server itself starts workflows sent at one moment,
// with nothing else asking anything of it: the floor under the kickoffs the
// `concurrent` scenario sends at once, since a kickoff answers only once
// Temporal has its workflow. The starts are the least a start can be (no
// search attributes, memo or summary), on a task queue no worker polls; each
// workflow is deleted as soon as the burst is timed, and would otherwise time
// out after a minute without having run.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { latencySummary, round } from './bench-context';

const EXECUTION_TIMEOUT = '1 minute';

export interface StartBurst {
  starts: number;
  /** From the first start sent until the last one answered. */
  wallMs: number;
  /** Each start's time, sent to answered. */
  startMs: ReturnType<typeof latencySummary>;
}

/** Times `rounds` bursts of `starts` workflow starts each, sent at once on one connection. */
export async function timeStartBursts(client: Client, starts: number, rounds: number): Promise<StartBurst[]> {
  const taskQueue = `start-floor-${randomUUID()}`;
  const started: Array<{ workflowId: string; runId: string }> = [];
  const start = async (workflowId: string) => {
    const t0 = performance.now();
    const handle = await client.workflow.start('startFloor', { taskQueue, workflowId, args: [], workflowExecutionTimeout: EXECUTION_TIMEOUT });
    started.push({ workflowId, runId: handle.firstExecutionRunId });
    return performance.now() - t0;
  };
  try {
    // The client's and the server's first start, not timed (the API warms both before it is ready).
    await start(`${taskQueue}-warm`);
    const bursts: StartBurst[] = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const ms = await Promise.all(Array.from({ length: starts }, (_, i) => start(`${taskQueue}-${r}-${i}`)));
      bursts.push({ starts, wallMs: round(performance.now() - t0, 1), startMs: latencySummary(ms) });
    }
    return bursts;
  } finally {
    const { namespace } = client.options;
    await Promise.all(
      started.map((workflowExecution) => client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution }).catch(() => undefined)),
    );
  }
}
