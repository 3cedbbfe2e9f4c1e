// Kick-off of an import: the artist shell row, then the workflow. No provider
// is called here — the fan gets an answer as soon as Temporal has the workflow.
import { randomBytes } from 'node:crypto';
import type { ImportStatus } from '../generated/prisma/client';
import { shellSlug } from '../domain/slug';
import { ARTIST_IMPORT_WORKFLOW, type ImportReason } from '../domain/import-workflow';
import { artistImportStart, type ImportTrigger } from '../domain/operator-view';
import { NO_ARTIST_ID, type Db } from '../db/client';
import type { AppDeps } from './deps';
import { withTemporalDeadline } from './temporal-calls';

export interface StartedImport {
  tmAttractionId: string;
  artistId: string;
  slug: string;
  workflowId: string;
  /** Run the request started, or the already running one it attached to. */
  runId: string;
  /** Where the kickoff's time went (ms): the artist row's claim in PostgreSQL, the workflow's start (or attach) in Temporal. */
  timings: { claimMs: number; temporalMs: number };
}

/** The artist's row as a kickoff claims it, and its import status before. */
interface ClaimedShell {
  id: string;
  slug: string;
  name: string;
  /** Null when this kickoff created the row (a new artist). */
  previousStatus: ImportStatus | null;
}

/** A new artist's import status (the column's default), which a failed kickoff puts back. */
const NEW_ARTIST_STATUS: ImportStatus = 'pending';

/** A unique index other than the attraction id's refused the row (Prisma's raw-query error, from the pg adapter). */
function isUniqueViolation(err: unknown): boolean {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  return cause?.kind === 'UniqueConstraintViolation';
}

/**
 * Marks the attraction's artist as importing, in one statement (one round
 * trip, where Prisma's upsert and update took six): the row is created as a
 * shell (name = attraction id, slug `tm-<id>`) when new; an existing artist
 * keeps its name and slug, and its `updatedAt` unless its status changes.
 * An artist already importing (a fan attaching to the running import) is
 * only read: no write, so no wait behind the import's own transactions on
 * that row. Concurrent kickoffs for one new attraction end with one row (the
 * conflict on the attraction id turns the later insert into the update).
 */
async function claimShell(db: Db, tmAttractionId: string): Promise<ClaimedShell> {
  const claim = async (slug: string) => {
    const [row] = await db.$queryRaw<ClaimedShell[]>`
      WITH previous AS (
        SELECT "id", "slug", "name", "importStatus"::text AS "status" FROM "Artist" WHERE "tmAttractionId" = ${tmAttractionId}
      ), claimed AS (
        INSERT INTO "Artist" ("tmAttractionId", "name", "slug", "importStatus")
        SELECT ${tmAttractionId}, ${tmAttractionId}, ${slug}, 'running'
        WHERE NOT EXISTS (SELECT FROM previous WHERE "status" = 'running')
        ON CONFLICT ("tmAttractionId") DO UPDATE SET "importStatus" = 'running', "updatedAt" = now()
        RETURNING "id", "slug", "name"
      )
      SELECT "id", "slug", "name", (SELECT "status" FROM previous) AS "previousStatus" FROM claimed
      UNION ALL
      SELECT "id", "slug", "name", "status" FROM previous WHERE NOT EXISTS (SELECT FROM claimed)`;
    if (!row) throw new Error(`claiming the artist of ${tmAttractionId} returned no row`);
    return row;
  };
  try {
    return await claim(shellSlug(tmAttractionId));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Another attraction, whose id differs from this one only in case, owns the shell slug.
    return await claim(`${shellSlug(tmAttractionId)}-${randomBytes(3).toString('hex')}`);
  }
}

/** The workflow start of an artist's import, as the kickoff sends it. */
function startOptions(deps: Pick<AppDeps, 'taskQueue'>, d: Parameters<typeof artistImportStart>[0]) {
  return {
    ...artistImportStart(d),
    taskQueue: deps.taskQueue,
    // A second request while one runs attaches to it.
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    memo: { artistId: d.artistId, tmAttractionId: d.tmAttractionId },
  };
}

/** Puts back the status a kickoff that started no workflow had changed (unless something changed it since). */
async function restoreImportStatus(db: Db, shell: ClaimedShell): Promise<void> {
  await db.artist.updateMany({
    where: { id: shell.id, importStatus: 'running' },
    data: { importStatus: shell.previousStatus ?? NEW_ARTIST_STATUS },
  });
}

/**
 * Starts (or attaches to) the artist's import. Two concurrent calls for one
 * attraction end with one workflow: the id is deterministic and a running
 * workflow is reused; a finished one is started afresh.
 */
export async function startArtistImport(
  deps: AppDeps,
  tmAttractionId: string,
  reason: ImportReason = 'user',
  trigger: ImportTrigger = 'fan',
): Promise<StartedImport> {
  const claimStarted = performance.now();
  const shell = await claimShell(deps.db, tmAttractionId);
  const claimMs = performance.now() - claimStarted;
  const knownName = shell.name !== tmAttractionId ? shell.name : null;
  const options = startOptions(deps, { tmAttractionId, artistId: shell.id, artistName: knownName, reason, trigger });
  const workflowId = options.workflowId;
  const startStarted = performance.now();
  try {
    const handle = await withTemporalDeadline(deps, () => deps.temporal.workflow.start(ARTIST_IMPORT_WORKFLOW, options));
    const timings = { claimMs, temporalMs: performance.now() - startStarted };
    return { tmAttractionId, artistId: shell.id, slug: shell.slug, workflowId, runId: handle.firstExecutionRunId, timings };
  } catch (err) {
    // No workflow runs for this request: do not leave the artist looking busy.
    if (shell.previousStatus !== 'running') {
      await restoreImportStatus(deps.db, shell).catch((restoreErr: unknown) =>
        deps.logger.warn({ err: restoreErr, artistId: shell.id }, 'could not restore the import status'),
      );
    }
    throw err;
  }
}

/** An attraction id no fan can import (TmAttractionIdSchema refuses it): the warm-up's own shell. */
const WARM_UP_ATTRACTION_ID = '~warm-up';

/**
 * Runs the kickoff's statement once, as the kickoff runs it (on the pool,
 * not in a transaction: that path is compiled and prepared apart, and a
 * warm-up in a rolled-back transaction left the first real kickoff ~4×
 * slower than the next), then deletes the row: for the few milliseconds it
 * exists, it is a shell of an id no route lists. Several processes warming
 * at once share the row; each deletes what is left.
 */
export async function warmImportStart(db: Db): Promise<void> {
  try {
    await claimShell(db, WARM_UP_ATTRACTION_ID);
  } finally {
    await db.artist.deleteMany({ where: { tmAttractionId: WARM_UP_ATTRACTION_ID } });
  }
}

/** How long the warm-up's workflow would wait before its first task, and how long it may exist: it times out long before it could run. */
const WARM_UP_START_DELAY = '1 hour';
const WARM_UP_EXECUTION_TIMEOUT = '1 minute';

/**
 * Sends one workflow start the way the kickoff does (same options, search
 * attributes, memo, summary), so that neither the SDK nor Temporal meets its
 * first start with a fan waiting: the SDK builds its protobuf encoders on
 * first use (~100–200 ms), and a fresh Temporal server took 11–20 ms for its
 * first start against ~7 ms for the next ones (a refused start, which the
 * frontend answers before history, did not warm that).
 *
 * The workflow it starts never runs and is gone at once: its first task is
 * delayed by an hour, it is deleted (history and visibility) as soon as the
 * start returns, and were the deletion refused (a role without it) or the
 * process killed in between, it would time out after a minute, its first
 * task never scheduled. Its attraction id is one no fan can import
 * (TmAttractionIdSchema refuses `~`), unique per call: API processes warming
 * at once do not meet.
 */
export async function warmWorkflowStart(deps: Pick<AppDeps, 'temporal' | 'taskQueue' | 'logger'>): Promise<void> {
  const options = startOptions(deps, {
    tmAttractionId: `${WARM_UP_ATTRACTION_ID}-${randomBytes(6).toString('hex')}`,
    artistId: NO_ARTIST_ID,
    artistName: null,
    reason: 'user',
    trigger: 'fan',
  });
  const handle = await deps.temporal.workflow.start(ARTIST_IMPORT_WORKFLOW, {
    ...options,
    startDelay: WARM_UP_START_DELAY,
    workflowExecutionTimeout: WARM_UP_EXECUTION_TIMEOUT,
  });
  try {
    await deps.temporal.connection.workflowService.deleteWorkflowExecution({
      namespace: deps.temporal.options.namespace,
      workflowExecution: { workflowId: handle.workflowId, runId: handle.firstExecutionRunId },
    });
  } catch (err) {
    deps.logger.warn(
      { err, workflowId: handle.workflowId },
      `could not delete the warm-up's workflow; it times out in ${WARM_UP_EXECUTION_TIMEOUT} without running`,
    );
  }
}
