// Once per `vitest run`: a private Temporal dev server and a fresh, migrated
// PostgreSQL database (harness/local-services.ts), handed to the test
// files through `inject()`:
//
//   import { inject } from 'vitest';
//   const address = inject('temporalAddress');   // "127.0.0.1:<port>", namespace "default"
//   const databaseUrl = inject('databaseUrl');   // postgresql://…/artist_import_test_…
//
// Teardown stops that server (by its pid) and drops the database, unless
// KEEP_TEST_DB=1 (then it prints its URL).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalServices } from '../../harness/local-services';

declare module 'vitest' {
  export interface ProvidedContext {
    /** gRPC address of this run's Temporal dev server, e.g. "127.0.0.1:40123". */
    temporalAddress: string;
    /** Always "default". */
    temporalNamespace: string;
    /** The Temporal CLI binary, for tests that shell out to it (e.g. `workflow describe`). */
    temporalCliPath: string;
    /** A database created for this run, with every migration applied. */
    databaseUrl: string;
  }
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(path.join(repoRoot, 'generated', 'prisma', 'client.ts'))) {
    throw new Error('The Prisma client is not generated: run `npm run db:generate` (npm test does it for you).');
  }
  const services = await startLocalServices('test');
  project.provide('temporalAddress', services.temporalAddress);
  project.provide('temporalNamespace', 'default');
  project.provide('temporalCliPath', services.temporalCliPath);
  project.provide('databaseUrl', services.databaseUrl);
  return () => services.stop({ keepDatabase: process.env.KEEP_TEST_DB === '1' });
}
