// Provider limits as a fan and an operator meet them, on the real system
// (Temporal, PostgreSQL, the API over HTTP, the fakes over HTTP): a spent
// Ticketmaster quota makes an import wait — said on its progress stream and in
// its warnings — and then complete, never sending more than the quota; and the
// API's search draws on the same Ticketmaster rate as a worker's calls.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../domain/progress';
import { FAST_HTTP, type ImportSystem } from '../../harness/import-system';
import { readSse, sseJson } from '../../harness/sse';
import { createProviders } from '../../providers';
import type { HttpOverrides } from '../../providers/http';
import { startTestSystem } from '../support/services';

/** A 4 s "day" of 2 Ticketmaster requests (quota windows are aligned to the epoch). */
const WINDOW_MS = 4_000;
const QUOTA = 2;

const withTicketmaster = (ticketmaster: NonNullable<HttpOverrides['rateLimits']>['ticketmaster'], extra: HttpOverrides = {}): HttpOverrides => ({
  ...FAST_HTTP,
  ...extra,
  rateLimits: { ...FAST_HTTP.rateLimits, ticketmaster: { ...FAST_HTTP.rateLimits?.ticketmaster, ...ticketmaster } },
});

let sys: ImportSystem;
beforeAll(async () => {
  sys = await startTestSystem({ http: withTicketmaster({ requestsPerDay: QUOTA }, { quotaWindowMs: WINDOW_MS }) });
}, 180_000);
afterAll(async () => {
  await sys?.stop();
});

describe('a spent provider quota', () => {
  it('makes the import wait for the reset on a timer, says so on the stream and in warnings, then complete — never above the quota', async () => {
    const id = 'gen-71-e5-a2';
    const expected = sys.fakes.expected(id);
    // Start just after a window opens and spend it the way another process would: the API's searches.
    await sleep(WINDOW_MS - (Date.now() % WINDOW_MS) + 50);
    sys.fakes.control.resetStats();
    for (const q of ['quota one', 'quota two']) expect((await fetch(`${sys.apiUrl}/api/search?q=${encodeURIComponent(q)}`)).status).toBe(200);
    const refused = await fetch(`${sys.apiUrl}/api/search?q=quota%20three`);
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^Ticketmaster's request quota is spent until \d\d:\d\d(:\d\d)? UTC; search again then\.$/);

    const { artistId } = await sys.importArtist(id);
    const stream = await readSse(`${sys.apiUrl}/api/artists/${artistId}/stream`, {
      stopWhen: (events) => events.some((e) => e.event === 'done' || e.event === 'failed'),
      timeoutMs: 90_000,
    });
    const messages = stream.events.filter((e) => e.event === 'progress').map((e) => sseJson<ImportProgress>(e).message);
    expect(messages.some((m) => /^Waiting for the Ticketmaster quota until \d\d:\d\d(:\d\d)? UTC$/.test(m))).toBe(true);
    expect(stream.events.at(-1)?.event).toBe('done');

    const final = await sys.finalProgress(id);
    expect(final.status).toBe('completed');
    expect(final.counts.shows).toBe(expected.ticketmaster.eventIds.length);
    expect(final.warnings.join('\n')).toMatch(
      /The Ticketmaster request quota \(2 requests per 4 s window\) was spent: the import waited from [\d:]+ UTC until [\d:]+ UTC, then went on/,
    );
    const history = await sys.client.workflow.getHandle(`artist-import-${id}`).fetchHistory();
    expect((history.events ?? []).some((e) => e.timerStartedEventAttributes)).toBe(true);

    // What Ticketmaster received, per quota window: never more than the quota, and more than one
    // window's worth in all (the searches and the import could not have fit into one).
    const perWindow = new Map<number, number>();
    for (const t of sys.fakes.requestTimes('ticketmaster')) perWindow.set(Math.floor(t / WINDOW_MS), (perWindow.get(Math.floor(t / WINDOW_MS)) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(QUOTA);
    expect([...perWindow.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(QUOTA);
  }, 120_000);
});

describe("the API's search", () => {
  it("shares Ticketmaster's 5 requests a second with a worker's calls", async () => {
    const fiveAsecond = withTicketmaster({ requestsPerInterval: 5, maxConcurrent: 5, requestsPerDay: null });
    const api = await startTestSystem({ worker: false, http: fiveAsecond });
    // Another process: clients and a pool of its own, the same database, the same (fake) Ticketmaster.
    const pool = new pg.Pool({ connectionString: api.env.DATABASE_URL, max: 2 });
    pool.on('error', () => undefined); // an idle connection the server ends must not end the test process
    try {
      const worker = createProviders(api.env, { limitsPool: pool, http: fiveAsecond });
      // Both "processes" live in this one Node process, beside the fake: the first search and the first
      // read compile their code paths here, stalling everything (the fake's clock too) — a cost each
      // real process pays on its own. Paid before measuring.
      expect((await fetch(`${api.apiUrl}/api/search?q=warm%20up`)).status).toBe(200);
      await worker.ticketmaster.getAttraction('gen-9-e5-a2');
      api.fakes.control.resetStats();
      const searches = Array.from({ length: 8 }, (_, i) => fetch(`${api.apiUrl}/api/search?q=${encodeURIComponent(`shared rate ${i}`)}`).then((r) => r.status));
      const reads = Array.from({ length: 8 }, (_, i) => worker.ticketmaster.getAttraction(`gen-${i + 1}-e5-a2`));
      const [statuses] = await Promise.all([Promise.all(searches), Promise.all(reads)]);
      expect(statuses.every((s) => s === 200)).toBe(true);
      const tm = api.fakes.stats().ticketmaster;
      expect(tm.requests).toBe(16);
      expect(tm.maxRequestsPerSecond).toBeLessThanOrEqual(5);
    } finally {
      await pool.end();
      await api.stop();
    }
  }, 120_000);
});
