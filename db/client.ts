import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type ImportStatus, type ShowStatus } from '../generated/prisma/client';
import type { ArtistImportStatus } from '../domain/progress';
import type { ShowStatus as DomainShowStatus } from '../domain/show-rules';

export type Db = PrismaClient;

/** An artist id no row has (a v4 UUID whose random bits are all zero): what warm-ups use where an id is needed. */
export const NO_ARTIST_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Connections each pool keeps open however long it sits idle (pg closes the
 * others after 10 s): the one a process's warm-up opened still serves the
 * first request that comes after a quiet spell, instead of a new connection
 * (10–15 ms here) in front of it.
 */
const IDLE_CONNECTIONS_KEPT = 1;

// One client per process, created by the entry point and passed down
// (activities and routes receive it; nothing reaches for a global).
export function createDb(databaseUrl: string, opts: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: opts.max ?? 10, min: IDLE_CONNECTIONS_KEPT });
  return new PrismaClient({ adapter });
}

/**
 * The small pool of a process's shared limits (rate-limiter-flexible: provider
 * rates and quotas, per-client budgets), apart from Prisma's so a busy import
 * never queues a limit check. An idle connection the server ends (a restart, a
 * failover) goes to `onIdleError` and is replaced on the next query; unheard,
 * it would end the process.
 */
export function createLimitsPool(databaseUrl: string, onIdleError: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, min: IDLE_CONNECTIONS_KEPT });
  pool.on('error', onIdleError);
  return pool;
}

// The database's enums must name exactly the domain's values (schema.prisma
// cannot import them): a value added on one side only fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const importStatusesMatch: Same<ImportStatus, ArtistImportStatus> = true;
const showStatusesMatch: Same<ShowStatus, DomainShowStatus> = true;
void importStatusesMatch;
void showStatusesMatch;
