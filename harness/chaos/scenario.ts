// What every fault scenario shares: where it runs (the run's Temporal server
// and PostgreSQL, the clean reference), the artists it imports, and how its
// imports' outcomes become a FaultResult.
import pino, { type Logger } from 'pino';
import type { Db } from '../../db/client';
import type { ImportSystem } from '../import-system';
import type { CleanReference } from './clean-reference';
import { NAMES_A_SOURCE, type FaultResult } from './outcome';
import type { WatchedImport } from './watch';

export interface ChaosContext {
  /** The run's Temporal dev server (shared by the scenarios that do not stop it). */
  temporalAddress: string;
  /** A URL of the run's PostgreSQL server that may create databases (each scenario gets its own). */
  adminUrl: string;
  /** Prefix of the databases scenarios create, e.g. the run's database name. */
  label: string;
  /** The Temporal CLI, for the scenarios that run a server of their own. */
  temporalCliPath: string;
  /** Where private servers write their logs. */
  runDir: string;
  reference: CleanReference;
  /** The in-process systems' logger (quiet: a fault scenario makes every retry log a warning). */
  logger: Logger;
  log(message: string): void;
}

/** Error level unless CHAOS_LOG_LEVEL says otherwise. */
export function chaosLogger(): Logger {
  return pino({ level: process.env.CHAOS_LOG_LEVEL ?? 'error' });
}

/** A generated fake artist: `seed` tells scenarios' artists apart, the sizes set how long an import takes. */
export function genArtist(seed: number, events: number, albums: number): string {
  return `gen-${seed}-e${events}-a${albums}`;
}

/** POSTs every import at once through the API; resolves with the artist ids. */
export async function startImports(sys: Pick<ImportSystem, 'importArtist'>, tmAttractionIds: readonly string[]): Promise<string[]> {
  const started = await Promise.all(tmAttractionIds.map((id) => sys.importArtist(id)));
  return started.map((s) => s.artistId);
}

export interface ResultInput {
  fault: string;
  scenario: string;
  outcomes: WatchedImport[];
  db: Db;
  reference: CleanReference;
  /** Imports expected to fail (a poison artist): not counted as problems, not compared. */
  expectedToFail?: readonly string[];
  /** A failed import is acceptable when its reason names a source (provider storms). */
  failuresAllowed?: boolean;
  problems?: string[];
  details?: Record<string, unknown>;
  startedAt: number;
}

/** Outcomes → FaultResult: the completed imports' rows compared with clean ones, and what went wrong. */
export async function faultResult(input: ResultInput): Promise<FaultResult> {
  const problems = [...(input.problems ?? [])];
  const expectedToFail = new Set(input.expectedToFail ?? []);
  const completed = input.outcomes.filter((o) => o.status === 'completed');
  const failed = input.outcomes.filter((o) => o.status === 'failed' || o.status === 'cancelled');
  const hung = input.outcomes.filter((o) => o.status === 'hung').map((o) => o.tmAttractionId);
  if (hung.length > 0) problems.push(`${hung.length} import(s) had not ended by the deadline: ${hung.join(', ')}`);
  for (const f of failed) {
    if (expectedToFail.has(f.tmAttractionId)) continue;
    if (!input.failuresAllowed) problems.push(`${f.tmAttractionId} ended ${f.status}: ${f.reason ?? '(no reason)'}`);
    else if (!NAMES_A_SOURCE.test(f.reason ?? '')) problems.push(`${f.tmAttractionId} failed without naming a source: ${f.reason ?? '(no reason)'}`);
  }
  for (const id of expectedToFail) {
    if (!failed.some((f) => f.tmAttractionId === id)) problems.push(`${id} was expected to fail but ended ${input.outcomes.find((o) => o.tmAttractionId === id)?.status}`);
  }
  const compared = completed.map((o) => o.tmAttractionId).filter((id) => !expectedToFail.has(id));
  const diff = await input.reference.compare(input.db, compared);
  if (diff.duplicated + diff.lost > 0) problems.push(`rows differ from a clean import: ${JSON.stringify(diff.byTable)}`);
  return {
    fault: input.fault,
    scenario: input.scenario,
    importsStarted: input.outcomes.length,
    completed: completed.length,
    failed: failed.map((f) => ({ tmAttractionId: f.tmAttractionId, reason: f.reason ?? f.status })),
    hung,
    rowsDuplicated: diff.duplicated,
    rowsLost: diff.lost,
    rowsCompared: diff.compared,
    rowDiffs: diff.byTable,
    longestStallMs: Math.max(0, ...input.outcomes.map((o) => o.longestStallMs)),
    problems,
    details: { ...input.details, ...(Object.keys(diff.examples).length > 0 ? { differingRows: diff.examples } : {}) },
    durationMs: Date.now() - input.startedAt,
  };
}
