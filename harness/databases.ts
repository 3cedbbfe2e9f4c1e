// Databases of a run of their own on a PostgreSQL server: created with every
// migration applied (as `npm run db:migrate` does), dropped again by `drop()`.
import { applyMigrations } from '../prisma/migrate';
import { runAdminStatement, withDatabase } from '../prisma/schema-engine';

export interface MigratedDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A new, migrated database `name` (≤ 63 characters kept) on the server of
 * `adminUrl`, a URL allowed to create and drop databases; an earlier database
 * of that name is dropped first.
 */
export async function createMigratedDatabase(adminUrl: string, name: string): Promise<MigratedDatabase> {
  const database = name.slice(0, 63);
  const url = withDatabase(adminUrl, database);
  await runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await applyMigrations(url); // creates the database first
  return { url, drop: () => runAdminStatement(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`) };
}
