// Benchmark scenario: 50 artists imported at once by TWO worker processes
// behind one API process. Reports whether every import completed, the highest
// requests per second each fake provider saw in any 1 s window (against the
// real services' limits), the first kickoff after the API's /readyz, and the
// kickoff latency while the imports run: the 49 requests sent at once, then a
// kickoff every 250 ms of an artist still importing (a fan attaching to it),
// with the API's Server-Timing split of those (the client budget and the claim in PostgreSQL, Temporal).
// Each kickoff is a fan of its own. They are sent and timed by a client process of their own
// (scripts/lib/kickoff-client.ts). Once the system has stopped, it times as many bare workflow
// starts sent at once to the idle Temporal server: the floor under the kickoffs sent at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { KICKOFF_PATH } from '../api/app';
import { FAKE_PROVIDERS } from '../fakes/mounts';
import { cpuSeconds, PeakRss } from '../harness/proc-stats';
import { startProcessSystem } from '../harness/process-system';
import { DEFAULT_HTTP_OPTIONS } from '../providers/http';
import { BENCH_PROCESS_ENV, latencySummary, round, type BenchContext } from './lib/bench-context';
import { startKickoffClient, type KickoffClient, type TimedKickoff } from './lib/kickoff-client';
import { percentile } from './lib/percentile';
import { timeStartBursts, type StartBurst } from './lib/temporal-start-floor';

const ARTISTS = Number(process.env.BENCH_CONCURRENT_ARTISTS ?? 50);
const WORKERS = 2;
const KICKOFF_EVERY_MS = 250;
const ALL_DONE_TIMEOUT_MS = 30 * 60_000;
const FLOOR_ROUNDS = 3;

export async function concurrent(ctx: BenchContext): Promise<Record<string, unknown>> {
  // Started first: the first kickoff is sent as soon as the API is ready.
  const fan = await startKickoffClient();
  let result: Record<string, unknown>;
  try {
    result = await importAll(ctx, fan);
  } finally {
    fan.close();
  }
  // After the run, with the system stopped: its starts (and their deletions) do not share the server with the imports.
  return { ...result, temporalStartFloor: await startFloor(ctx) };
}

/** Bursts of as many bare workflow starts as the kickoffs sent at once, on the then idle Temporal server (scripts/lib/temporal-start-floor.ts). */
async function startFloor(ctx: BenchContext): Promise<StartBurst[]> {
  await settled(ctx.temporalPid);
  const connection = await Connection.connect({ address: ctx.temporalAddress });
  try {
    return await timeStartBursts(new Client({ connection, namespace: 'default' }), ARTISTS - 1, FLOOR_ROUNDS);
  } finally {
    await connection.close();
  }
}

/** Waits (at most 10 s) until the Temporal server used under 5 % of a core in the last second: done with what the stopped system left it. */
async function settled(temporalPid: number | undefined): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const before = cpuSeconds(temporalPid);
    await sleep(1000);
    const after = cpuSeconds(temporalPid);
    if (before === null || after === null || after - before < 0.05) return;
  }
}

async function importAll(ctx: BenchContext, fan: KickoffClient): Promise<Record<string, unknown>> {
  // Each kickoff is a fan of its own, told apart by X-Forwarded-For (as a proxy in front of the API would send it):
  // 49 imports asked for at one moment are 49 fans; one fan wanting many artists sends one batch (POST /api/artists/import/batch).
  const env = { ...BENCH_PROCESS_ENV, TRUST_PROXY: 'true' };
  const sys = await startProcessSystem({ temporalAddress: ctx.temporalAddress, databaseUrl: ctx.databaseUrl, workers: WORKERS, env });
  const pids = [sys.api.pid, ...sys.workers.map((w) => w.pid)];
  const rss = new PeakRss(pids);
  try {
    sys.fakes.control.resetStats();
    const ids = Array.from({ length: ARTISTS }, (_, i) => `gen-${ctx.runSeed % 100_000}${String(i).padStart(2, '0')}-e60-a6`);
    // Each kickoff's time at the client, and the API's own account of it (Server-Timing: limit, claim, temporal, total).
    let fans = 0;
    const timedKickoff = (id: string) => fan.kickoff(`${sys.api.url}${KICKOFF_PATH}`, id, fanAddress(fans++));

    const t0 = performance.now();
    // The first request the API serves after /readyz, alone; then the rest at once.
    const firstAfterReady = await timedKickoff(ids[0]!);
    const atOnce = await Promise.all(ids.slice(1).map(timedKickoff));

    const running = new Set(ids);
    const outcomes = ids.map((id) =>
      sys.client.workflow
        .getHandle(`artist-import-${id}`)
        .result()
        .then(
          () => 'completed' as const,
          (err: unknown) => `failed: ${err instanceof Error ? (err.cause?.toString() ?? err.message) : String(err)}`,
        )
        .finally(() => running.delete(id)),
    );
    const allDone = Promise.all(outcomes);
    let finished = false;
    void allDone.finally(() => (finished = true));

    // While the imports run: fans asking for artists still importing (each POST attaches to the running import).
    const duringLoad: TimedKickoff[] = [];
    const deadline = Date.now() + ALL_DONE_TIMEOUT_MS;
    for (let i = 0; !finished && Date.now() < deadline; i++) {
      const still = [...running];
      if (still.length > 0) {
        const kickoff = await timedKickoff(still[i % still.length]!);
        duringLoad.push(kickoff);
      }
      await Promise.race([sleep(KICKOFF_EVERY_MS), allDone]);
    }
    if (!finished) throw new Error(`${running.size} of ${ARTISTS} imports still running after ${ALL_DONE_TIMEOUT_MS / 60_000} min`);
    const results = await allDone;
    const allMs = performance.now() - t0;
    const peaks = rss.stop();

    const stats = sys.fakes.stats();
    const limits = DEFAULT_HTTP_OPTIONS.rateLimits;
    const providers = Object.fromEntries(
      FAKE_PROVIDERS.map((p) => {
        const s = stats[p];
        const limit = p === 'spotify-accounts' ? undefined : limits[p];
        return [
          p,
          {
            maxRequestsPerSecond: s.maxRequestsPerSecond,
            limitPerSecond: limit?.requestsPerInterval ? round((limit.requestsPerInterval * 1000) / limit.intervalMs) : null,
            requests: s.requests,
            refused: Object.fromEntries(Object.entries(s.byStatus).filter(([status]) => status === '429' || status === '503')),
          },
        ];
      }),
    );
    const failures = results.filter((r) => r !== 'completed');
    return {
      artists: ARTISTS,
      shape: ids[0]!.replace(/^gen-\d+/, 'gen-<seed>'),
      workers: WORKERS,
      completed: results.length - failures.length,
      failures: failures.slice(0, 5),
      allDoneMs: Math.round(allMs),
      highestRequestsPerSecond: Math.max(...FAKE_PROVIDERS.map((p) => stats[p].maxRequestsPerSecond)),
      providers,
      kickoffFirstAfterReadyMs: round(firstAfterReady.ms, 1),
      kickoffFirstAfterReadyServerMs: firstAfterReady.server,
      kickoffP99Ms: round(percentile([...atOnce, ...duringLoad].map((k) => k.ms), 99), 1),
      kickoffAtOnceMs: latencySummary(atOnce.map((k) => k.ms)),
      kickoffDuringLoadMs: latencySummary(duringLoad.map((k) => k.ms)),
      // Where the API says those kickoffs waited: the client's budget and the claim of the artist row (PostgreSQL), Temporal's start or attach.
      kickoffAtOnceServerMs: serverSplit(atOnce),
      kickoffDuringLoadServerMs: serverSplit(duringLoad),
      peakRssMb: Object.fromEntries(pids.map((pid, i) => [i === 0 ? 'api' : `worker${i}`, peaks.get(pid)])),
      targets: { kickoffP99Ms: '< 100', kickoffFirstAfterReadyMs: '< 50', highestRequestsPerSecond: 'each provider within its limit' },
    };
  } finally {
    rss.stop();
    await sys.stop();
  }
}

/** The n-th fan's address (10.0.0.1, 10.0.0.2, …), distinct for 65,000 fans. */
function fanAddress(n: number): string {
  return `10.0.${Math.floor(n / 254)}.${(n % 254) + 1}`;
}

/** The API's own split of some kickoffs (their Server-Timing): each metric's summary. */
function serverSplit(kickoffs: TimedKickoff[]): Record<string, ReturnType<typeof latencySummary>> {
  return Object.fromEntries(
    ['limit', 'claim', 'temporal', 'total'].map((metric) => [
      metric,
      latencySummary(
        kickoffs.map(({ server }) => {
          const ms = server[metric];
          if (ms === undefined) throw new Error(`a kickoff's Server-Timing has no ${metric}: ${JSON.stringify(server)}`);
          return ms;
        }),
      ),
    ]),
  );
}
