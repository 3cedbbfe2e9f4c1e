// Provider limits held across processes: two sets of provider clients with
// nothing in common in-process — each with its own pg pool, as two workers (or
// a worker and the API) have — but the same database, against one fake
// provider server that counts the most requests it saw within any rolling
// second. Together they must stay within the configured rate, and within a
// daily quota, as one client would.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envSchema, type Env } from '../../config/env';
import { createLimitsPool } from '../../db/client';
import { startFakeProviders, type FakeProviders } from '../../fakes/server';
import { createProviders, ProviderError, type Providers } from '../../providers';
import type { HttpOverrides } from '../../providers/http';
import { RATE_PREFIX } from '../../providers/request-permits';
import { createFreshDatabase, type FreshDatabase } from '../support/fresh-database';

let database: FreshDatabase;
let fakes: FakeProviders;
let env: Env;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  database = await createFreshDatabase('limits');
  fakes = await startFakeProviders({ port: 0 });
  env = envSchema.parse({ ...fakes.env, DATABASE_URL: database.url });
  // The test's "processes" share one Node process, whose first fetch loads and compiles undici
  // (tens of ms on a loaded machine) — a cost each real process pays for itself. Paid here once.
  await fetch(`${fakes.url}/_fake/stats`);
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await fakes?.close();
  await database?.drop();
});

/** A "process": its own clients, permits and pool on the shared database (or no database: limits of its own). */
function processProviders(opts: { shared: boolean; env?: Partial<Env>; http?: HttpOverrides; pool?: (pool: pg.Pool) => void }): Providers {
  let limitsPool: pg.Pool | undefined;
  if (opts.shared) {
    // As a process's: an idle connection ended by the database's drop is ignored.
    limitsPool = createLimitsPool(database.url, () => undefined);
    opts.pool?.(limitsPool);
    pools.push(limitsPool);
  }
  return createProviders({ ...env, ...opts.env }, { limitsPool, http: { baseDelayMs: 5, maxDelayMs: 20, ...opts.http } });
}

/** Ends every provider's open rate window (left by the tests before): the next ask is granted. */
async function closeRateWindows(): Promise<void> {
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    await pool.query(`DELETE FROM "RateLimit" WHERE key LIKE $1`, [`${RATE_PREFIX}:%`]);
  } finally {
    await pool.end();
  }
}

/**
 * Makes `pool` read the answer to its first rate-slot query `lateMs` late, as
 * a worker starved of CPU reads its grant (the database answered at once).
 * Resolves `held` once that query is out.
 */
function readFirstRateAnswerLate(lateMs: number): { wrap: (pool: pg.Pool) => void; held: Promise<void> } {
  let out = () => {};
  const held = new Promise<void>((resolve) => (out = resolve));
  const wrap = (pool: pg.Pool) => {
    const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
    let late = true;
    pool.query = ((config: pg.QueryConfig) => {
      const answer = query(config);
      if (!late || !String(config.values?.[0]).startsWith(`${RATE_PREFIX}:`)) return answer;
      late = false;
      out();
      return answer.then(async (result) => {
        await sleep(lateMs);
        return result;
      });
    }) as typeof pool.query;
  };
  return { wrap, held };
}

/** `n` Ticketmaster attraction reads, all asked at once. */
function readAttractions(p: Providers, n: number): Promise<unknown[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => p.ticketmaster.getAttraction(`gen-${i + 1}-e5-a2`)));
}

describe('provider limits shared through PostgreSQL', () => {
  it("keeps two processes together within Ticketmaster's 5 requests in any second", async () => {
    const [a, b] = [processProviders({ shared: true }), processProviders({ shared: true })];
    fakes.control.resetStats();
    const started = Date.now();
    await Promise.all([readAttractions(a, 12), readAttractions(b, 12)]);
    const elapsed = Date.now() - started;

    const tm = fakes.stats().ticketmaster;
    expect(tm.requests).toBe(24);
    expect(tm.maxRequestsPerSecond).toBeLessThanOrEqual(5);
    expect(tm.maxRequestsPerSecond).toBeGreaterThanOrEqual(4); // and it is the pace they run at
    // 24 requests at most 5 a second: the last cannot start before 4 s.
    expect(elapsed).toBeGreaterThanOrEqual(4_000);
  }, 60_000);

  it('a grant read late (a process starved of CPU) is not used: the provider still sees at most 5 in any second', async () => {
    const starved = readFirstRateAnswerLate(300);
    const [a, b] = [processProviders({ shared: true, pool: starved.wrap }), processProviders({ shared: true })];
    await closeRateWindows();
    fakes.control.resetStats();
    // A asks first and gets the slot, but reads the grant 300 ms later; B's requests take every
    // slot after A's. Sent on that grant, A's request would be a 6th among B's next five.
    const first = a.ticketmaster.getAttraction('gen-1-e5-a2');
    await starved.held;
    await Promise.all([first, readAttractions(b, 8)]);

    const tm = fakes.stats().ticketmaster;
    expect(tm.requests).toBe(9);
    expect(tm.maxRequestsPerSecond).toBeLessThanOrEqual(5);
  }, 60_000);

  it('is what holds them: with limits of their own, two processes send twice the rate', async () => {
    const [a, b] = [processProviders({ shared: false }), processProviders({ shared: false })];
    fakes.control.resetStats();
    await Promise.all([readAttractions(a, 10), readAttractions(b, 10)]);
    expect(fakes.stats().ticketmaster.maxRequestsPerSecond).toBeGreaterThan(5);
  }, 60_000);

  it("keeps two processes to MusicBrainz's 1 request a second: it never answers 503 for arriving too fast", async () => {
    const [a, b] = [processProviders({ shared: true }), processProviders({ shared: true })];
    fakes.control.resetStats();
    const mbids = Array.from({ length: 6 }, () => randomUUID()); // unknown to the fake: 404, counted all the same
    await Promise.allSettled(mbids.map((mbid, i) => (i % 2 === 0 ? a : b).musicbrainz.getReleaseGroups(mbid)));
    const mb = fakes.stats().musicbrainz;
    expect(mb.requests).toBe(6);
    expect(mb.tooFast).toBe(0);
    expect(mb.maxRequestsPerSecond).toBe(1);
  }, 60_000);

  it('spends one daily quota between them: past it nothing is sent, and the error says when it resets', async () => {
    const quota = { env: { TICKETMASTER_REQUESTS_PER_DAY: 3 }, http: { quotaWindowMs: 3_600_000 } };
    const [a, b] = [processProviders({ shared: true, ...quota }), processProviders({ shared: true, ...quota })];
    fakes.control.resetStats();
    const results = await Promise.allSettled([
      a.ticketmaster.getAttraction('gen-1-e5-a2'),
      b.ticketmaster.getAttraction('gen-2-e5-a2'),
      a.ticketmaster.getAttraction('gen-3-e5-a2'),
      b.ticketmaster.getAttraction('gen-4-e5-a2'),
      a.ticketmaster.getAttraction('gen-5-e5-a2'),
    ]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ProviderError);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(refused).toHaveLength(2);
    expect(fakes.stats().ticketmaster.requests).toBe(3);
    const nextHour = (Math.floor(Date.now() / 3_600_000) + 1) * 3_600_000;
    for (const error of refused) {
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'quota', source: 'ticketmaster', quotaResetsAt: nextHour });
      expect(error.message).toContain('was not sent: its request quota is spent: 3 requests per 3600 s window');
    }
  }, 60_000);
});
