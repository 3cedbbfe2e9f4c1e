// Per-client budgets: imports (a batch costs one per artist), searches and
// votes, kept in PostgreSQL so that two API processes share them; over budget
// a client gets 429 with Retry-After and nothing is done; other clients are
// not affected.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp, type ApiApp } from '../../api/app';
import { createClientLimits } from '../../api/client-limits';
import { createLimitsPool } from '../../db/client';
import { serverTimings } from '../../harness/http';
import { startStubSystem, type StubSystem } from './fixtures/stub-system';
import { uniqueId } from './helpers';

let sys: StubSystem;
let pool: pg.Pool;
/** Two API processes: two apps, two limiters, one database. */
let apps: [ApiApp, ApiApp];

beforeAll(async () => {
  sys = await startStubSystem();
  // The pool an API process counts its budgets in.
  pool = createLimitsPool(inject('databaseUrl'), () => undefined);
  const ticketmaster = { ...sys.appDeps.ticketmaster, searchAttractions: async () => ({ items: [], skipped: 0 }) };
  const make = () =>
    createApp({
      ...sys.appDeps,
      ticketmaster,
      clientLimits: createClientLimits(pool, { perMinute: { import: 3, search: 2, vote: 2 }, trustProxy: true }),
    });
  apps = [make(), make()];
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await sys?.stop();
});

const from = (client: string) => ({ 'x-forwarded-for': `${client}, 10.0.0.1`, 'content-type': 'application/json' });
const importAs = (app: ApiApp, client: string, tmAttractionId: string) =>
  app.request('/api/artists/import', { method: 'POST', headers: from(client), body: JSON.stringify({ tmAttractionId }) });

describe('per-client budgets', () => {
  it('count imports across API processes; over budget: 429 with Retry-After, and nothing is started', async () => {
    const client = `198.51.100.${Math.floor(Math.random() * 200)}`;
    const answers = [];
    for (const app of [apps[0], apps[1], apps[0]]) answers.push((await importAs(app, client, uniqueId('fake-rl'))).status);
    expect(answers).toEqual([202, 202, 202]);

    const refusedId = uniqueId('fake-rl');
    const refused = await importAs(apps[1], client, refusedId);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/at most 3 a minute/) });
    expect(await sys.db.artist.count({ where: { tmAttractionId: refusedId } })).toBe(0);

    // Another client has its own budget.
    expect((await importAs(apps[1], '203.0.113.7', uniqueId('fake-rl'))).status).toBe(202);
  });

  it("time the budget check in the kickoff's Server-Timing, inside its total", async () => {
    const res = await importAs(apps[0], '192.0.2.81', uniqueId('fake-rl'));
    expect(res.status).toBe(202);
    const { limit, claim, temporal, total, ...others } = serverTimings(res);
    expect(others).toEqual({});
    expect(res.headers.get('server-timing')).toContain(`desc="client's import budget checked (PostgreSQL)"`);
    expect(limit).toBeGreaterThan(0);
    // Each is rounded to 0.1 ms.
    expect(limit! + claim! + temporal!).toBeLessThanOrEqual(total! + 0.3);
  });

  it('charge a batch one import per artist it names', async () => {
    const client = '192.0.2.44';
    const batch = (ids: string[]) =>
      apps[0].request('/api/artists/import/batch', { method: 'POST', headers: from(client), body: JSON.stringify({ tmAttractionIds: ids }) });
    expect((await batch([uniqueId('fake-b'), uniqueId('fake-b')])).status).toBe(202);
    const over = await batch([uniqueId('fake-b'), uniqueId('fake-b')]);
    expect(over.status).toBe(429);
  });

  it('limit searches and votes the same way', async () => {
    const client = '192.0.2.99';
    const search = () => apps[0].request('/api/search?q=radiohead', { headers: from(client) });
    expect([(await search()).status, (await search()).status, (await search()).status]).toEqual([200, 200, 429]);
    const vote = () => apps[1].request(`/api/setlists/${crypto.randomUUID()}/songs/${crypto.randomUUID()}/vote`, { method: 'POST', headers: from(client) });
    expect([(await vote()).status, (await vote()).status, (await vote()).status]).toEqual([404, 404, 429]);
  });
});
