// Where an artist's import stands, read from the only places that know:
// the workflow (query while it runs, result once it completed) and, when the
// workflow cannot answer any more, the ImportRun row it recorded. The SSE
// stream and the JSON status endpoint both resolve through here; every
// change to a progress goes through the domain's transitions.
import {
  WorkflowFailedError,
  type WorkflowExecutionDescription,
  type WorkflowExecutionStatusName,
  type WorkflowHandle,
} from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Artist, ImportRun } from '../generated/prisma/client';
import { artistImportWorkflowId, progressQuery } from '../domain/import-workflow';
import { finishProgress, initialProgress, type ImportOutcome, type ImportProgress } from '../domain/progress';
import { progressFromRecord, type RecordedArtist } from '../domain/progress-record';
import { ImportProgressSchema } from '../domain/progress-schema';
import type { AppDeps } from './deps';
import { withTemporalDeadline } from './temporal-calls';

/** A query needs a worker to answer; without one it would wait for the whole RPC deadline. */
const QUERY_TIMEOUT_MS = 2_000;

export type ImportLocation =
  | { kind: 'workflow'; handle: WorkflowHandle; info: WorkflowExecutionDescription; running: boolean }
  /** The workflow is unknown to Temporal (never started here, or its history is gone). */
  | { kind: 'record'; run: ImportRun };

export interface ImportSnapshot {
  progress: ImportProgress;
  /** True once nothing will change any more (the import finished, failed or was cancelled). */
  final: boolean;
}

const OPEN_STATUSES: ReadonlySet<WorkflowExecutionStatusName> = new Set(['RUNNING', 'PAUSED', 'UNSPECIFIED', 'UNKNOWN']);

/** The artist's latest import: its workflow run if Temporal knows it, else its last ImportRun row; null if never imported. */
export async function locateImport(deps: AppDeps, artist: Artist): Promise<ImportLocation | null> {
  const workflowId = artistImportWorkflowId(artist.tmAttractionId);
  try {
    const info = await withTemporalDeadline(deps, () => deps.temporal.workflow.getHandle(workflowId).describe());
    // Pin the run: a re-import started meanwhile must not switch what this reader follows.
    const handle = deps.temporal.workflow.getHandle(workflowId, info.runId);
    return { kind: 'workflow', handle, info, running: OPEN_STATUSES.has(info.status.name) };
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  const run = await deps.db.importRun.findFirst({ where: { artistId: artist.id }, orderBy: { startedAt: 'desc' } });
  return run ? { kind: 'record', run } : null;
}

/** The running workflow's own progress, or null when it cannot answer right now (no worker yet, first task pending). */
export async function queryProgress(deps: AppDeps, handle: WorkflowHandle, timeoutMs = QUERY_TIMEOUT_MS): Promise<ImportProgress | null> {
  let raw: unknown;
  try {
    raw = await withTemporalDeadline(deps, () => handle.query(progressQuery), timeoutMs);
  } catch (err) {
    deps.logger.debug({ err, workflowId: handle.workflowId }, 'progress query not answered');
    return null;
  }
  const parsed = ImportProgressSchema.safeParse(raw);
  if (!parsed.success) {
    deps.logger.error({ workflowId: handle.workflowId, issues: parsed.error.issues }, 'progress query answered an unexpected shape');
    return null;
  }
  return parsed.data;
}

/** What a run looks like before its workflow has reported anything. */
export function queuedProgress(artist: Artist, info: WorkflowExecutionDescription): ImportProgress {
  return initialProgress({
    version: 0,
    workflowId: info.workflowId,
    runId: info.runId,
    ...recordedArtist(artist),
    message: 'Import queued: waiting for a worker to pick it up',
    startedAt: info.startTime.toISOString(),
  });
}

/** The current snapshot of an import, whichever state it is in. */
export async function resolveSnapshot(deps: AppDeps, artist: Artist, location: ImportLocation): Promise<ImportSnapshot> {
  if (location.kind === 'record') return { progress: progressFromRecord(location.run, recordedArtist(artist), false), final: true };
  const { handle, info } = location;
  if (location.running) {
    const progress = (await queryProgress(deps, handle)) ?? queuedProgress(artist, info);
    return { progress, final: progress.status !== 'running' };
  }
  return { progress: await finishedProgress(deps, artist, handle, info), final: true };
}

/** The final progress of a closed workflow run. */
export async function finishedProgress(
  deps: AppDeps,
  artist: Artist,
  handle: WorkflowHandle,
  info: WorkflowExecutionDescription,
): Promise<ImportProgress> {
  const outcome = await readOutcome(deps, handle);
  if (outcome.kind === 'returned') {
    const parsed = ImportProgressSchema.safeParse(outcome.value);
    if (parsed.success) return parsed.data;
    deps.logger.error({ workflowId: handle.workflowId, issues: parsed.error.issues }, 'workflow returned an unexpected progress shape');
  }
  const ended = closedOutcome(info.status.name, outcome.kind === 'failed' ? outcome.message : null);
  const settle = (p: ImportProgress) => (p.status === 'running' ? finishProgress(p, ended, info.closeTime ?? new Date()) : p);

  const queried = await queryProgress(deps, handle);
  if (queried) return settle(queried);

  const run = await deps.db.importRun.findUnique({ where: { runId: info.runId } });
  if (run) return settle(progressFromRecord(run, recordedArtist(artist), true));
  return settle({ ...queuedProgress(artist, info), message: 'Import ended before reporting progress' });
}

type Outcome = { kind: 'returned'; value: unknown } | { kind: 'failed'; message: string } | { kind: 'unknown' };

async function readOutcome(deps: AppDeps, handle: WorkflowHandle): Promise<Outcome> {
  try {
    return { kind: 'returned', value: await withTemporalDeadline(deps, () => handle.result()) };
  } catch (err) {
    if (err instanceof WorkflowFailedError) return { kind: 'failed', message: failureMessage(err) };
    deps.logger.warn({ err, workflowId: handle.workflowId }, 'could not read the workflow outcome');
    return { kind: 'unknown' };
  }
}

/** The message a fan can read: the innermost failure that says what went wrong. */
function failureMessage(err: WorkflowFailedError): string {
  let e: Error | undefined = err.cause ?? err;
  const messages: string[] = [];
  for (let depth = 0; e && depth < 6; depth++, e = e.cause instanceof Error ? e.cause : undefined) {
    if (e.message) messages.push(e.message);
  }
  // Wrapper failures ("Activity task failed") say less than the application failure they carry.
  const meaningful = messages.find((m) => !/^(Activity task failed|Child Workflow execution failed)$/i.test(m));
  return meaningful ?? messages[0] ?? err.message;
}

const STATUS_REASON: Partial<Record<WorkflowExecutionStatusName, string>> = {
  TERMINATED: 'the import was stopped by an operator',
  TIMED_OUT: 'the import took longer than its time limit',
  CANCELLED: 'the import was cancelled',
  FAILED: 'the import failed',
};

/**
 * How a closed run ended, for a progress read from it that still says
 * "running" (the workflow was terminated or timed out before it could record
 * an end), with a reason a fan can read.
 */
function closedOutcome(status: WorkflowExecutionStatusName, failure: string | null): ImportOutcome {
  if (status === 'COMPLETED') return { status: 'completed' };
  const reason = closeReason(status, failure);
  return status === 'CANCELLED' ? { status: 'cancelled', reason } : { status: 'failed', reason };
}

/** Why a run ended without finishing, in words a fan can read. */
function closeReason(status: WorkflowExecutionStatusName, failure: string | null): string {
  if (status === 'TERMINATED') {
    // The failure of a terminated run is the operator's reason, when one was given.
    const given = failure && failure !== 'Workflow execution terminated' ? ` (${failure})` : '';
    return `${STATUS_REASON.TERMINATED}${given}`;
  }
  if (status === 'TIMED_OUT') return STATUS_REASON.TIMED_OUT as string;
  return failure ?? STATUS_REASON[status] ?? 'the import stopped unexpectedly';
}

/** What a snapshot says of the artist: its name once the identity phase has found it. */
function recordedArtist(artist: Artist): RecordedArtist {
  return { artistId: artist.id, tmAttractionId: artist.tmAttractionId, artistName: artist.name === artist.tmAttractionId ? null : artist.name };
}
