// Fault e: every provider misbehaving at once — 30 % of answers a 5xx, bursts
// of 429 with Retry-After, answers slower than the client's timeout, JSON cut
// in the middle. Each import must complete with exactly a clean import's rows,
// or fail with a reason naming the source; none may hang.
import type { FakeProvider } from '../../fakes/server';
import { createMigratedDatabase } from '../databases';
import { FAST_HTTP, startImportSystem } from '../import-system';
import type { FaultResult } from './outcome';
import { faultResult, genArtist, startImports, type ChaosContext } from './scenario';
import { watchImports } from './watch';

export interface StormSizes {
  imports: number;
  events: number;
  albums: number;
  /** The provider clients' per-attempt timeout; slow answers take longer than this. */
  clientTimeoutMs: number;
  /** Share of answers that come later than the client timeout. */
  slowRatio: number;
  /** Answers whose JSON is cut in half (over the whole scenario). */
  truncatedAnswers: number;
  /** Every `burstEveryMs`, one provider (in turn) answers every request with 429 (Retry-After 1 s) for `burstMs`. */
  burstMs: number;
  burstEveryMs: number;
  deadlineMs: number;
}

const PROVIDERS: FakeProvider[] = ['ticketmaster', 'spotify', 'setlistfm', 'musicbrainz'];

export async function providerStormsFault(ctx: ChaosContext, s: StormSizes): Promise<FaultResult> {
  const startedAt = Date.now();
  const ids = Array.from({ length: s.imports }, (_, i) => genArtist(9500 + i, s.events, s.albums));
  ctx.reference.prefetch(ids);
  const db = await createMigratedDatabase(ctx.adminUrl, `${ctx.label}_chaos_storm`);
  const sys = await startImportSystem({ temporalAddress: ctx.temporalAddress, databaseUrl: db.url, logger: ctx.logger, http: { ...FAST_HTTP, timeoutMs: s.clientTimeoutMs } });
  let bursts = 0;
  const burstTimer = setInterval(() => {
    const provider = PROVIDERS[bursts++ % PROVIDERS.length]!;
    sys.fakes.control.injectFault({ provider, status: 429, retryAfterSeconds: 1, count: 1_000_000, forMs: s.burstMs });
  }, s.burstEveryMs);
  try {
    // Faults are taken in order; one with a ratio that lets a request pass leaves it to the next.
    // 5xx: 10 % + 90 % × 1/9 + 80 % × 1/8 = 30 % of the answers, a third each 500, 502 (HTML) and 503.
    sys.fakes.control.injectFaults(
      { status: 500, ratio: 0.1, count: 1_000_000 },
      { status: 502, ratio: 1 / 9, count: 1_000_000 },
      { status: 503, ratio: 1 / 8, count: 1_000_000 },
      { delayMs: s.clientTimeoutMs + 500, ratio: s.slowRatio, count: 1_000_000 },
      { body: 'truncated', ratio: 0.05, count: s.truncatedAnswers },
    );
    await startImports(sys, ids);
    const outcomes = await watchImports(sys.client, ids, { deadlineMs: s.deadlineMs }).settled;
    const stats = sys.fakes.stats();
    return await faultResult({
      fault: 'e. provider storms',
      scenario:
        `${s.imports} concurrent imports while 30 % of all provider answers are 5xx, every ${s.burstEveryMs / 1000} s one provider answers only 429 (Retry-After 1 s) for ${s.burstMs / 1000} s, ` +
        `${Math.round(s.slowRatio * 100)} % of answers arrive after the ${s.clientTimeoutMs / 1000} s client timeout and ${s.truncatedAnswers} answers are truncated JSON`,
      outcomes,
      db: sys.db,
      reference: ctx.reference,
      failuresAllowed: true,
      details: {
        providerRequests: stats.requests,
        faultsServed: stats.faultsServed,
        byStatus: Object.fromEntries(PROVIDERS.map((p) => [p, stats[p].byStatus])),
        bursts,
      },
      startedAt,
    });
  } finally {
    clearInterval(burstTimer);
    await sys.stop();
    await db.drop();
  }
}
