// Kick-off of an import: the artist shell row, then the workflow. No provider
// is called here — the fan gets an answer as soon as Temporal has the workflow.
import { randomBytes } from 'node:crypto';
import { isGrpcServiceError } from '@temporalio/client';
import type { Artist, ImportStatus } from '../generated/prisma/client';
import { shellSlug } from '../domain/slug';
import { ARTIST_IMPORT_WORKFLOW, type ImportReason } from '../domain/import-workflow';
import { artistImportStart, type ImportTrigger } from '../domain/operator-view';
import type { Db } from '../db/client';
import type { AppDeps } from './deps';
import { withTemporalDeadline } from './temporal-calls';

export interface StartedImport {
  tmAttractionId: string;
  artistId: string;
  slug: string;
  workflowId: string;
  /** Run the request started, or the already running one it attached to. */
  runId: string;
}

type Shell = Pick<Artist, 'id' | 'slug' | 'name' | 'importStatus'>;
/** The artist table, of the client or of a transaction. */
type ArtistTable = Pick<Db, 'artist'>;
const shellSelect = { id: true, slug: true, name: true, importStatus: true } as const;

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}

/**
 * The artist row for an attraction, created as a shell (name = attraction id,
 * slug `tm-<id>`) when new; an existing artist keeps its name and slug.
 */
async function upsertShell(db: ArtistTable, tmAttractionId: string): Promise<Shell> {
  const upsert = (slug: string) =>
    db.artist.upsert({
      where: { tmAttractionId },
      create: { tmAttractionId, name: tmAttractionId, slug },
      update: {},
      select: shellSelect,
    });
  try {
    return await upsert(shellSlug(tmAttractionId));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Two requests for a new artist raced and the other one inserted first;
    // or another attraction whose id differs only in case owns the shell slug.
    const existing = await db.artist.findUnique({ where: { tmAttractionId }, select: shellSelect });
    if (existing) return existing;
    return await upsert(`${shellSlug(tmAttractionId)}-${randomBytes(3).toString('hex')}`);
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

async function setImportStatus(db: ArtistTable, artistId: string, from: ImportStatus | null, to: ImportStatus): Promise<void> {
  await db.artist.updateMany({
    where: from === null ? { id: artistId } : { id: artistId, importStatus: from },
    data: { importStatus: to },
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
  const shell = await upsertShell(deps.db, tmAttractionId);
  const previousStatus = shell.importStatus;
  if (previousStatus !== 'running') await setImportStatus(deps.db, shell.id, null, 'running');

  const knownName = shell.name !== tmAttractionId ? shell.name : null;
  const options = startOptions(deps, { tmAttractionId, artistId: shell.id, artistName: knownName, reason, trigger });
  const workflowId = options.workflowId;
  try {
    const handle = await withTemporalDeadline(deps, () => deps.temporal.workflow.start(ARTIST_IMPORT_WORKFLOW, options));
    return { tmAttractionId, artistId: shell.id, slug: shell.slug, workflowId, runId: handle.firstExecutionRunId };
  } catch (err) {
    // No workflow runs for this request: do not leave the artist looking busy.
    if (previousStatus !== 'running') {
      await setImportStatus(deps.db, shell.id, 'running', previousStatus).catch((restoreErr: unknown) =>
        deps.logger.warn({ err: restoreErr, artistId: shell.id }, 'could not restore the import status'),
      );
    }
    throw err;
  }
}

/** An attraction id no fan can import (TmAttractionIdSchema refuses it): the warm-up's own shell. */
const WARM_UP_ATTRACTION_ID = '~warm-up';

/**
 * Runs the kickoff's database statements once, as the kickoff runs them (on
 * the pool, not in a transaction: that path is compiled and prepared apart,
 * and a warm-up in a rolled-back transaction left the first real upsert
 * ~4× slower than the next), then deletes the row: for the few milliseconds
 * it exists, it is a shell of an id no route lists. Several processes
 * warming at once share the row; each deletes what is left.
 */
export async function warmImportStart(db: Db): Promise<void> {
  try {
    const shell = await upsertShell(db, WARM_UP_ATTRACTION_ID);
    await setImportStatus(db, shell.id, null, 'running');
  } finally {
    await db.artist.deleteMany({ where: { tmAttractionId: WARM_UP_ATTRACTION_ID } });
  }
}

/** Longer than any workflow id Temporal accepts (its frontend refuses ids over 1,000 characters). */
const UNSTARTABLE_ATTRACTION_ID = `~warm-up-${'x'.repeat(1_000)}`;

/**
 * Sends one workflow start the way the kickoff does (same options, search
 * attributes, memo, summary), for a workflow id Temporal's frontend refuses
 * as too long: the SDK builds and encodes its first start request (the
 * protobuf encoders of the request and everything it nests are generated on
 * first use, ~100–200 ms) and opens the RPC's path, while the server creates
 * nothing (no workflow, no history, nothing an operator would see). Resolves
 * on that refusal; any other outcome is an error (Temporal unreachable).
 */
export async function warmWorkflowStart(deps: Pick<AppDeps, 'temporal' | 'taskQueue'>): Promise<void> {
  const options = startOptions(deps, {
    tmAttractionId: UNSTARTABLE_ATTRACTION_ID,
    artistId: '00000000-0000-4000-8000-000000000000',
    artistName: null,
    reason: 'user',
    trigger: 'fan',
  });
  try {
    await deps.temporal.workflow.start(ARTIST_IMPORT_WORKFLOW, options);
  } catch (err) {
    if (isInvalidArgument(err)) return;
    throw err;
  }
  throw new Error(`Temporal accepted the warm-up start ${options.workflowId.slice(0, 40)}…; expected a refusal`);
}

const GRPC_INVALID_ARGUMENT = 3;

/** Temporal refused the request as invalid (the SDK wraps the gRPC error as a cause). */
function isInvalidArgument(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isGrpcServiceError(e) && e.code === GRPC_INVALID_ARGUMENT) return true;
  }
  return false;
}
