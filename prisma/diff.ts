// Creates the next migration offline: the SQL that takes the database from the
// committed migrations (or from nothing) to prisma/schema.prisma, computed by
// Prisma's own schema engine (wasm build). Equivalent to
// `prisma migrate diff --from-migrations … --to-schema … --script` + a new
// migration directory, without the downloaded native engine.
//
//   npm run db:diff -- --name add_venue_capacity   write prisma/migrations/<timestamp>_<name>/
//   npm run db:diff -- --check                     exit 1 when schema.prisma has changes no migration holds
//
// The engine needs a PostgreSQL server even to compare schemas (it connects on
// start, and replays existing migrations into a throw-away shadow database):
// DATABASE_URL when set, else the local cluster of scripts/ensure-postgres.sh.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  lockfileContent,
  lockfileName,
  migrationsDir,
  noFilter,
  readMigrations,
  readSchema,
  repoRoot,
  withSchemaEngine,
} from './schema-engine';

const migrationName = z
  .string()
  .regex(/^[a-z0-9_]+$/, { error: 'use lower-case letters, digits and underscores, e.g. add_venue_capacity' })
  .max(200);

export interface PendingDiff {
  /** Executable SQL; empty when the migrations already produce the schema. */
  sql: string;
  /** Whether any migration exists yet (the diff starts from nothing otherwise). */
  fromMigrations: boolean;
}

/** SQL that brings a database migrated with prisma/migrations up to schema.prisma. */
export async function diffMigrationsToSchema(databaseUrl: string): Promise<PendingDiff> {
  const schema = await readSchema();
  const migrations = await readMigrations();
  const fromMigrations = migrations.migrationDirectories.length > 0;
  const result = await withSchemaEngine(databaseUrl, (engine) =>
    engine.diff({
      // Replaying the migrations (none yet = a fresh shadow database) is what
      // `prisma migrate dev` compares against, so the SQL is the one it would write.
      // Before the first migration there is no lock file yet to name the provider.
      from: { tag: 'migrations', ...migrations, lockfile: { ...migrations.lockfile, content: migrations.lockfile.content ?? lockfileContent } },
      to: { tag: 'schemaDatamodel', ...schema },
      script: true,
      exitCode: true,
      filters: noFilter,
    }),
  );
  // exitCode 2 is the engine's "the diff is not empty" (the CLI's --exit-code).
  const sql = result.exitCode === 2 ? (result.stdout ?? '') : '';
  return { sql, fromMigrations };
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}

export async function writeMigration(name: string, sql: string, now = new Date()): Promise<string> {
  const dirName = `${timestamp(now)}_${name}`;
  const dir = path.join(migrationsDir, dirName);
  await mkdir(migrationsDir, { recursive: true });
  await mkdir(dir); // fails rather than overwrite a migration of the same second and name
  await writeFile(path.join(dir, 'migration.sql'), sql);
  await writeFile(path.join(migrationsDir, lockfileName), lockfileContent);
  return dirName;
}

function databaseUrlForDiff(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  return execFileSync('bash', [path.join(repoRoot, 'scripts', 'ensure-postgres.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, check: { type: 'boolean', default: false } },
  });
  if (!values.check && values.name === undefined) {
    throw new Error('usage: npm run db:diff -- --name <migration_name> | --check');
  }
  const name = values.check ? undefined : migrationName.parse(values.name);
  const { sql, fromMigrations } = await diffMigrationsToSchema(databaseUrlForDiff());

  if (sql === '') {
    console.log('prisma/migrations already matches prisma/schema.prisma: no migration needed.');
    return;
  }
  if (values.check || name === undefined) {
    console.error('prisma/schema.prisma has changes no migration holds. Create one with:');
    console.error('  npm run db:diff -- --name <migration_name>\n');
    console.error(sql);
    process.exitCode = 1;
    return;
  }
  const dirName = await writeMigration(name, sql);
  console.log(`Created prisma/migrations/${dirName}/migration.sql (${fromMigrations ? 'from existing migrations' : 'from an empty database'}).`);
  console.log('Apply it with: npm run db:migrate');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error instanceof z.ZodError ? `--name: ${error.issues[0]?.message}` : error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
