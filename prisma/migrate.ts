// Applies prisma/migrations to DATABASE_URL (`npm run db:migrate`); safe to
// re-run: applied migrations are skipped.
//
// With a native schema-engine binary at hand (PRISMA_SCHEMA_ENGINE_BINARY, or
// one downloaded into node_modules/@prisma/engines) this is exactly
// `prisma migrate deploy`. Without one — the Prisma 7.10 CLI downloads it on
// first use, impossible offline — the same migration files go through the same
// engine built to wasm (./schema-engine.ts), which keeps the `_prisma_migrations`
// table exactly as `migrate deploy` does, so either way can follow the other.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { noFilter, readMigrations, repoRoot, withDatabase, withSchemaEngine } from './schema-engine';

export interface MigrationResult {
  /** Migrations applied by this call, oldest first; empty when the database was up to date. */
  applied: string[];
  /** The database did not exist and was created first. */
  createdDatabase: boolean;
  via: 'prisma-cli' | 'wasm';
}

export interface ApplyOptions {
  /** 'auto' (default): the CLI when a native engine binary works, otherwise wasm. */
  via?: 'auto' | 'prisma-cli' | 'wasm';
  log?: (message: string) => void;
}

export class MigrationError extends Error {}

const postgresUrl = z
  .string({ error: 'DATABASE_URL is required (postgresql://user:password@host:port/database)' })
  .min(1, { error: 'DATABASE_URL is required (postgresql://user:password@host:port/database)' })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { error: 'DATABASE_URL must start with postgresql://' });

/** A native schema engine that actually runs, or undefined. */
export function findSchemaEngineBinary(): string | undefined {
  const candidates: string[] = [];
  // scripts/prisma-generate.sh points this at /bin/false only to keep
  // `prisma generate` from downloading; such a file is not an engine.
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) candidates.push(path.resolve(process.env.PRISMA_SCHEMA_ENGINE_BINARY));
  const enginesDir = path.join(repoRoot, 'node_modules', '@prisma', 'engines');
  if (existsSync(enginesDir)) {
    for (const name of readdirSync(enginesDir)) {
      if (name.startsWith('schema-engine-')) candidates.push(path.join(enginesDir, name));
    }
  }
  return candidates.find(isWorkingEngine);
}

function isWorkingEngine(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    const out = execFileSync(file, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.includes('schema-engine');
  } catch {
    return false;
  }
}

/** `prisma migrate deploy` creates a missing database; so does this. */
async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (name === '') throw new MigrationError('DATABASE_URL names no database (…/<database>)');
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    // 3D000 = invalid_catalog_name: the server answers, the database is missing.
    if (!(error instanceof pg.DatabaseError && error.code === '3D000')) {
      throw new MigrationError(`cannot connect to PostgreSQL at ${redact(databaseUrl)}: ${(error as Error).message}`);
    }
  } finally {
    await probe.end().catch(() => {});
  }
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    return true;
  } catch (error) {
    // Lost a race with another process creating it: that is fine.
    if (error instanceof pg.DatabaseError && error.code === '42P04') return false;
    throw new MigrationError(`cannot create database "${name}" at ${redact(databaseUrl)}: ${(error as Error).message}`);
  } finally {
    await admin.end().catch(() => {});
  }
}

/** The URL without its password, for messages. */
export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

async function applyWithWasm(databaseUrl: string): Promise<string[]> {
  const migrationsList = await readMigrations();
  if (migrationsList.migrationDirectories.length === 0) {
    throw new MigrationError('prisma/migrations holds no migration; create one with npm run db:diff -- --name init');
  }
  const { appliedMigrationNames } = await withSchemaEngine(databaseUrl, (engine) =>
    engine.applyMigrations({ migrationsList, filters: noFilter }),
  );
  return appliedMigrationNames;
}

async function appliedMigrationNames(databaseUrl: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query<{ exists: boolean }>(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists`);
    if (!table.rows[0]?.exists) return new Set();
    const rows = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return new Set(rows.rows.map((r) => r.migration_name));
  } finally {
    await client.end();
  }
}

async function applyWithCli(databaseUrl: string, engineBinary: string, log: (m: string) => void): Promise<string[]> {
  const before = await appliedMigrationNames(databaseUrl);
  const require = createRequire(import.meta.url);
  const cli = require.resolve('prisma/build/index.js');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_SCHEMA_ENGINE_BINARY: engineBinary, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new MigrationError(`prisma migrate deploy failed (exit ${code}):\n${output.join('')}`);
  log(output.join('').trim());
  const after = await appliedMigrationNames(databaseUrl);
  return [...after].filter((name) => !before.has(name)).sort();
}

/** Applies every migration of prisma/migrations not yet applied to `databaseUrl`. */
export async function applyMigrations(databaseUrl: string, opts: ApplyOptions = {}): Promise<MigrationResult> {
  const url = postgresUrl.parse(databaseUrl);
  const log = opts.log ?? (() => {});
  const via = opts.via ?? 'auto';
  const createdDatabase = await ensureDatabase(url);
  if (createdDatabase) log(`created database ${redact(url)}`);

  const engineBinary = via === 'wasm' ? undefined : findSchemaEngineBinary();
  if (via === 'prisma-cli' && !engineBinary) {
    throw new MigrationError('no working schema-engine binary (set PRISMA_SCHEMA_ENGINE_BINARY to one)');
  }
  try {
    if (engineBinary) {
      log(`prisma migrate deploy (schema engine ${engineBinary})`);
      return { applied: await applyWithCli(url, engineBinary, log), createdDatabase, via: 'prisma-cli' };
    }
    log('applying with the wasm schema engine (no native schema-engine binary available)');
    return { applied: await applyWithWasm(url), createdDatabase, via: 'wasm' };
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`migrating ${redact(url)} failed: ${(error as Error).message}`, { cause: error });
  }
}

async function main(): Promise<void> {
  const envFile = path.join(repoRoot, '.env');
  // Like the other entry points: .env fills in, the environment wins.
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const parsed = postgresUrl.safeParse(process.env.DATABASE_URL);
  if (!parsed.success) throw new MigrationError(parsed.error.issues[0]?.message ?? 'invalid DATABASE_URL');
  const result = await applyMigrations(parsed.data, { log: (m) => console.log(m) });
  console.log(
    result.applied.length === 0
      ? `Database ${redact(parsed.data)} is up to date (nothing to apply).`
      : `Applied ${result.applied.length} migration(s) to ${redact(parsed.data)}: ${result.applied.join(', ')}`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
