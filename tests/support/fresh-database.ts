// A second database of a test's own, on the PostgreSQL server of this run,
// with every migration applied — for comparing an import with the same
// import into an empty database. Dropped again by `drop()`.
import { inject } from 'vitest';
import { createMigratedDatabase, type MigratedDatabase } from '../../harness/databases';

export type FreshDatabase = MigratedDatabase;

/** `suffix`: a few lower-case letters naming the purpose (the run's database name + "_" + suffix). */
export function createFreshDatabase(suffix: string): Promise<FreshDatabase> {
  // The run's URL may create and drop databases (global-setup created its own with it).
  const runUrl = inject('databaseUrl');
  const runDatabase = decodeURIComponent(new URL(runUrl).pathname.slice(1));
  return createMigratedDatabase(runUrl, `${runDatabase}_${suffix}`);
}
