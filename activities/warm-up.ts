// What a worker does once before it runs tasks, so that the first imports it runs
// do not pay its database client's first use. Prisma loads its query compiler
// (a WebAssembly module) and builds it from the schema at the first query, and
// compiles each statement's first shape: in a profile of two workers taking 50
// imports at once, that was 450–600 ms of each worker's main thread in the
// first two seconds, competing for the CPU with the Temporal server and the
// API while fans were starting imports.
//
// The statements here are those the first activities of every import run
// (recordImportRun's batch, resolveIdentity's first read), on a row id
// no artist or run has: they read or update nothing.
import { NO_ARTIST_ID, type Db } from '../db/client';
/** A run id no Temporal run has (they are UUIDs). */
const NO_RUN_ID = '~warm-up';

/** Runs the first activities' statement shapes once; returns how long it took (ms). Fails when the database cannot be reached. */
export async function warmActivityDatabase(db: Db): Promise<number> {
  const t0 = performance.now();
  await db.$transaction([
    db.importRun.updateMany({ where: { runId: NO_RUN_ID }, data: { status: 'running', phase: 'identity' } }),
    db.artist.updateMany({ where: { id: NO_ARTIST_ID }, data: { importStatus: 'running' } }),
  ]);
  await db.artist.findUnique({ where: { id: NO_ARTIST_ID }, select: { mbid: true, name: true } });
  return Math.round(performance.now() - t0);
}
