// "Rows duplicated / lost": every table's rows of an artist after a fault,
// against a clean import of the same artist into a fresh database (its own
// in-process worker and fakes of the same seed and day, so the same provider
// data), compared by natural keys and every deterministic column
// (harness/artist-rows.ts). Clean imports run on a Temporal dev server of
// their own — the workflow id is the artist's, so they can run while the
// faulted import of the same artist does — and are made once per artist.
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { artistRows } from '../artist-rows';
import { createMigratedDatabase, type MigratedDatabase } from '../databases';
import { startImportSystem, type ImportSystem } from '../import-system';
import { startTemporal, stopProcess, type TemporalServer } from '../local-services';

type Rows = Awaited<ReturnType<typeof artistRows>>;

/** A few of a table's differing rows, as JSON: what the faulted import has extra, and what it lacks. */
export interface RowExamples {
  extra: string[];
  missing: string[];
}

export interface RowDiff {
  duplicated: number;
  lost: number;
  /** Up to EXAMPLES rows per table and side, to see what differs. */
  examples: Record<string, RowExamples>;
  /** Rows of the clean imports compared (so that nothing is compared vacuously). */
  compared: number;
  byTable: Record<string, { duplicated: number; lost: number }>;
}

const EXAMPLES = 3;

/** One table's rows as comparable strings (the artist row is a table of one). */
function tableRows(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map((row) => JSON.stringify(row));
}

/**
 * Multiset difference, table by table: a row the clean import has not (or
 * has fewer times) is duplicated, a row it has and the other has not is
 * lost; a row that differs in one column counts once as each.
 */
export function diffRows(actual: Rows, clean: Rows): RowDiff {
  const diff: RowDiff = { duplicated: 0, lost: 0, compared: 0, byTable: {}, examples: {} };
  for (const table of Object.keys(clean) as Array<keyof Rows>) {
    const counts = new Map<string, number>();
    const cleanRows = tableRows(clean[table]);
    diff.compared += cleanRows.length;
    for (const row of cleanRows) counts.set(row, (counts.get(row) ?? 0) + 1);
    for (const row of tableRows(actual[table])) counts.set(row, (counts.get(row) ?? 0) - 1);
    let duplicated = 0;
    let lost = 0;
    const examples: RowExamples = { extra: [], missing: [] };
    for (const [row, n] of counts) {
      if (n < 0) duplicated -= n;
      else lost += n;
      if (n < 0 && examples.extra.length < EXAMPLES) examples.extra.push(row);
      if (n > 0 && examples.missing.length < EXAMPLES) examples.missing.push(row);
    }
    if (duplicated + lost > 0) {
      diff.byTable[table] = { duplicated, lost };
      diff.examples[table] = examples;
    }
    diff.duplicated += duplicated;
    diff.lost += lost;
  }
  return diff;
}

export class CleanReference {
  private readonly rows = new Map<string, Promise<Rows>>();

  private constructor(
    private readonly database: MigratedDatabase,
    private readonly temporal: TemporalServer,
    private readonly system: ImportSystem,
  ) {}

  /** A fresh database `name` on the server of `adminUrl`, and an in-memory Temporal dev server logging into `runDir`. */
  static async start(opts: { temporalCliPath: string; runDir: string; adminUrl: string; name: string; logger?: Logger }): Promise<CleanReference> {
    const [database, temporal] = await Promise.all([
      createMigratedDatabase(opts.adminUrl, opts.name),
      startTemporal(opts.temporalCliPath, opts.runDir, { logFile: `${opts.runDir}/clean-reference-temporal.log` }),
    ]);
    try {
      return new CleanReference(database, temporal, await startImportSystem({ temporalAddress: temporal.address, databaseUrl: database.url, logger: opts.logger }));
    } catch (error) {
      await stopProcess(temporal.child, 5_000);
      await database.drop();
      throw error;
    }
  }

  /** Starts the clean imports of these artists now (a scenario calls it as it starts its own). */
  prefetch(tmAttractionIds: readonly string[]): void {
    for (const id of tmAttractionIds) this.rowsOf(id).catch(() => {}); // the error comes again from compare()
  }

  /** The clean rows of an artist, imported on first use. */
  rowsOf(tmAttractionId: string): Promise<Rows> {
    let rows = this.rows.get(tmAttractionId);
    if (!rows) {
      rows = (async () => {
        await this.system.importArtist(tmAttractionId);
        const final = await this.system.finalProgress(tmAttractionId);
        if (final.status !== 'completed') throw new Error(`the clean import of ${tmAttractionId} ended ${final.status}: ${final.error?.message ?? ''}`);
        return artistRows(this.system.db, tmAttractionId);
      })();
      this.rows.set(tmAttractionId, rows);
    }
    return rows;
  }

  /** The summed difference of each artist's rows in `db` from its clean import. */
  async compare(db: Db, tmAttractionIds: readonly string[]): Promise<RowDiff> {
    const total: RowDiff = { duplicated: 0, lost: 0, compared: 0, byTable: {}, examples: {} };
    const diffs = await Promise.all(tmAttractionIds.map(async (id) => diffRows(await artistRows(db, id), await this.rowsOf(id))));
    for (const d of diffs) {
      total.compared += d.compared;
      total.duplicated += d.duplicated;
      total.lost += d.lost;
      for (const [table, e] of Object.entries(d.examples)) {
        const t = (total.examples[table] ??= { extra: [], missing: [] });
        t.extra.push(...e.extra.slice(0, EXAMPLES - t.extra.length));
        t.missing.push(...e.missing.slice(0, EXAMPLES - t.missing.length));
      }
      for (const [table, n] of Object.entries(d.byTable)) {
        const t = (total.byTable[table] ??= { duplicated: 0, lost: 0 });
        t.duplicated += n.duplicated;
        t.lost += n.lost;
      }
    }
    return total;
  }

  async stop(): Promise<void> {
    await this.system.stop();
    await stopProcess(this.temporal.child, 10_000);
    await this.database.drop();
  }
}
