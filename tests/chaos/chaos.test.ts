// The fault suite (harness/chaos/) at bounded sizes: a few small imports per
// fault, one kill or restart each. `npm run chaos` runs the same scenarios at
// full size. Each fault must end as a user would want: every import completed
// with exactly the rows of a clean import into a fresh database (or, under
// provider storms, failed with a reason naming the source; the poison artist
// alone failed, its reason on its stream and in /status), none hung.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiRestartFault } from '../../harness/chaos/api-restart';
import { formatTable, type FaultResult } from '../../harness/chaos/outcome';
import { poisonArtistFault } from '../../harness/chaos/poison-artist';
import { startPrivateStack, type PrivateStack } from '../../harness/chaos/private-stack';
import { providerStormsFault } from '../../harness/chaos/provider-storms';
import { BOUNDED_SIZES as SIZES, startChaosContext } from '../../harness/chaos/run';
import type { ChaosContext } from '../../harness/chaos/scenario';
import { postgresRestartFault, temporalRestartFault } from '../../harness/chaos/service-restarts';
import { workerCrashFault } from '../../harness/chaos/worker-crash';

const ROOT = path.resolve(import.meta.dirname, '../..');
let ctx: ChaosContext;
const results: FaultResult[] = [];

beforeAll(async () => {
  const databaseUrl = inject('databaseUrl');
  const label = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  ctx = await startChaosContext({
    temporalAddress: inject('temporalAddress'),
    // The run's database URL may create and drop databases (global-setup created its own with it).
    adminUrl: databaseUrl,
    label,
    temporalCliPath: inject('temporalCliPath'),
    runDir: path.join(ROOT, '.local', 'chaos-test-runs'),
  });
});

afterAll(async () => {
  await ctx?.reference.stop();
  if (results.length > 0) {
    process.stderr.write(`\n${formatTable(results)}\n`);
    mkdirSync(path.join(ROOT, '.local'), { recursive: true });
    writeFileSync(path.join(ROOT, '.local', 'chaos-bounded.json'), JSON.stringify({ at: new Date().toISOString(), sizes: SIZES, results }, null, 2));
  }
});

/** Every import accounted for: completed (or failed as allowed), exact rows, no problem found. */
function expectClean(result: FaultResult, started: number): void {
  results.push(result);
  expect(result.problems).toEqual([]);
  expect(result.importsStarted).toBe(started);
  expect(result.hung).toEqual([]);
  expect(result.rowsDuplicated).toBe(0);
  expect(result.rowsLost).toBe(0);
  // Nothing compared vacuously: every completed import was held against a clean one's rows.
  if (result.completed > 0) expect(result.rowsCompared).toBeGreaterThan(result.completed * 10);
}

it('a. a worker SIGKILLed mid-import and restarted: every import completes with exactly the rows of a clean import', async () => {
  const r = await workerCrashFault(ctx, SIZES.workerCrash);
  expectClean(r, SIZES.workerCrash.imports);
  expect(r.completed).toBe(SIZES.workerCrash.imports);
  expect((r.details.kills as unknown[]).length).toBe(SIZES.workerCrash.kills);
}, 150_000);

it('b. the API restarted under SSE clients: each reconnects with Last-Event-ID, gets the final event, no version twice', async () => {
  const r = await apiRestartFault(ctx, SIZES.apiRestart);
  expectClean(r, SIZES.apiRestart.imports);
  expect(r.completed).toBe(SIZES.apiRestart.imports);
  expect(r.details).toMatchObject({ clientsWithFinalEvent: SIZES.apiRestart.clients, versionsRepeated: 0 });
}, 150_000);

describe('on a PostgreSQL cluster and a Temporal server of their own', () => {
  let stack: PrivateStack;
  beforeAll(async () => {
    stack = await startPrivateStack({ label: 'chaostest', temporalCliPath: ctx.temporalCliPath, runDir: ctx.runDir });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('c. PostgreSQL restarted mid-import: every import completes with exact rows', async () => {
    const r = await postgresRestartFault(ctx, stack, SIZES.postgresRestart);
    expectClean(r, SIZES.postgresRestart.imports);
    expect(r.completed).toBe(SIZES.postgresRestart.imports);
  }, 150_000);

  it('d. the Temporal server stopped and restarted on its database file: the workflows resume and complete', async () => {
    const r = await temporalRestartFault(ctx, stack, SIZES.temporalRestart);
    expectClean(r, SIZES.temporalRestart.imports);
    expect(r.completed).toBe(SIZES.temporalRestart.imports);
  }, 150_000);
});

it('e. provider storms: imports complete, or fail naming the source; none hangs', async () => {
  const r = await providerStormsFault(ctx, SIZES.storms);
  expectClean(r, SIZES.storms.imports);
  expect(r.completed + r.failed.length).toBe(SIZES.storms.imports);
  expect(r.details.faultsServed as number).toBeGreaterThan(0);
}, 150_000);

it('f. a poison artist fails only its own import, its reason on the stream and in /status', async () => {
  const r = await poisonArtistFault(ctx, SIZES.poison);
  expectClean(r, SIZES.poison.healthy + 1);
  expect(r.completed).toBe(SIZES.poison.healthy);
  expect(r.failed).toHaveLength(1);
  expect(r.failed[0]!.reason).toMatch(/ticketmaster/i);
}, 150_000);
