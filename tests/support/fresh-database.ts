// A second database of a test's own, on the PostgreSQL server of this run,
// with every migration applied — for comparing an import with the same
// import into an empty database. Dropped again by `drop()`.
import { inject } from 'vitest';
import { applyMigrations } from '../../prisma/migrate';
import { runAdminStatement, withDatabase } from '../../prisma/schema-engine';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/** `suffix`: a few lower-case letters naming the purpose (the run's database name + "_" + suffix). */
export async function createFreshDatabase(suffix: string): Promise<FreshDatabase> {
  const runUrl = inject('databaseUrl');
  const runDatabase = decodeURIComponent(new URL(runUrl).pathname.slice(1));
  const name = `${runDatabase}_${suffix}`.slice(0, 63);
  const url = withDatabase(runUrl, name);
  // The run's URL may create and drop databases (global-setup created its own with it).
  await runAdminStatement(runUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await applyMigrations(url); // creates the database first
  return {
    url,
    drop: () => runAdminStatement(runUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
