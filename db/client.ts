import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type ImportStatus, type ShowStatus } from '../generated/prisma/client';
import type { ArtistImportStatus } from '../domain/progress';
import type { ShowStatus as DomainShowStatus } from '../domain/show-rules';

export type Db = PrismaClient;

/** An artist id no row has (a v4 UUID whose random bits are all zero): what warm-ups use where an id is needed. */
export const NO_ARTIST_ID = '00000000-0000-4000-8000-000000000000';

// One client per process, created by the entry point and passed down
// (activities and routes receive it; nothing reaches for a global).
export function createDb(databaseUrl: string, opts: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
}

// The database's enums must name exactly the domain's values (schema.prisma
// cannot import them): a value added on one side only fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const importStatusesMatch: Same<ImportStatus, ArtistImportStatus> = true;
const showStatusesMatch: Same<ShowStatus, DomainShowStatus> = true;
void importStatusesMatch;
void showStatusesMatch;
